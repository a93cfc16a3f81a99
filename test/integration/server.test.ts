// The browser-mode server: only 127.0.0.1, only with the token, only from its
// own origin. Real HTTP and WebSocket clients against a real server.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../electron/server';
import { appendMetrics, metricLine, removeTempDirs, tempDir, waitFor, writeNativeRun } from '../helpers';

let server: RunningServer;
let project: string;
let staticDir: string;

// In `runlens serve` an exception escaping the server ends the process. Vitest catches it and
// reports it apart from any test, so gather them here for expectAlive to fail the probe itself.
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(async () => {
  process.on('uncaughtExceptionMonitor', onEscape);
  process.on('unhandledRejection', onEscape);
  project = tempDir();
  writeNativeRun(path.join(project, 'r1'), { name: 'first' });
  staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Runlens</title>');
  server = await startServer({ dataDir: tempDir('runlens-data-'), staticDir, version: 'test', projects: [project] });
});
// An exception left over from a test that already failed is not the next test's.
beforeEach(() => {
  escaped.length = 0;
});
afterAll(async () => {
  process.off('uncaughtExceptionMonitor', onEscape);
  process.off('unhandledRejection', onEscape);
  await server.close();
  removeTempDirs();
});

function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  // The timeout only turns a hang into a failure with a name; every answer comes far sooner.
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${pathname}`)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const api = (name: string, args: unknown, headers: Record<string, string> = {}) =>
  request(`/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers },
    body: JSON.stringify(args),
  });

/** Nothing thrown escaped the server, and it still answers a well-formed, authenticated request. */
async function expectAlive(): Promise<void> {
  expect(escaped.splice(0).map(String)).toEqual([]);
  const info = await api('app/info', {});
  expect(info.status).toBe(200);
  expect(JSON.parse(info.body).ok).toBe(true);
}

/** Opens a TCP connection that gathers everything the server sends until it closes the connection. */
function rawConnection(): { socket: net.Socket; received: () => Buffer; closed: Promise<void> } {
  const socket = net.connect(server.port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {}); // a reset after the server's answer is fine; 'close' follows
  const closed = new Promise<void>((resolve, reject) => {
    socket.on('close', () => resolve());
    socket.setTimeout(15_000, () => reject(new Error('the server neither answered nor closed the connection')));
  });
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** Sends bytes exactly as given (no HTTP client tidying them up) and returns the whole answer. */
async function rawRequest(text: string): Promise<string> {
  const connection = rawConnection();
  connection.socket.write(text);
  await connection.closed;
  return connection.received().toString('latin1');
}

/** A WebSocket upgrade request for `target`, as a browser sends it. */
function upgradeRequest(target: string): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${server.port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}

/** An authenticated WebSocket on /events over a bare TCP socket, past the 101 handshake. */
async function rawWebSocket(): Promise<ReturnType<typeof rawConnection> & { afterHandshake: () => Buffer }> {
  const connection = rawConnection();
  connection.socket.write(upgradeRequest(`/events?token=${server.token}`));
  await waitFor(() => connection.received().includes('\r\n\r\n'), 'the WebSocket handshake answer');
  const handshake = connection.received();
  expect(handshake.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
  const headEnd = handshake.indexOf('\r\n\r\n') + 4;
  return { ...connection, afterHandshake: () => connection.received().subarray(headEnd) };
}

/** One WebSocket frame as a client writes it: `first` is FIN/RSV/opcode, the payload masked unless told. */
function frame(first: number, payload: Buffer, masked = true): Buffer {
  const maskBit = masked ? 0x80 : 0;
  const length =
    payload.length < 126
      ? Buffer.from([maskBit | payload.length])
      : payload.length < 65536
        ? Buffer.from([maskBit | 126, payload.length >> 8, payload.length & 255])
        : Buffer.concat([Buffer.from([maskBit | 127]), Buffer.alloc(8)]);
  if (payload.length >= 65536) length.writeBigUInt64BE(BigInt(payload.length), 1);
  if (!masked) return Buffer.concat([Buffer.from([first]), length, payload]);
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([first]), length, mask, payload.map((byte, i) => byte ^ mask[i % 4])]);
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('answers API requests that carry the token', async () => {
    const response = await api('runs/list', {});
    expect(response.status).toBe(200);
    const result = JSON.parse(response.body);
    expect(result.ok).toBe(true);
    expect(result.value.map((r: { name: string }) => r.name)).toEqual(['first']);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    const none = await request('/api/runs/list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(none.body).not.toContain('first');
    const wrong = await api('runs/list', {}, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign Origins (other web pages)', async () => {
    const rebound = await api('runs/list', {}, { Host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    const crossOrigin = await api('runs/list', {}, { Origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await api('runs/list', {}, { Origin: `http://127.0.0.1:${server.port}` });
    expect(sameOrigin.status).toBe(200);
  });

  it('answers bad arguments and unknown requests with typed errors, not crashes', async () => {
    const bad = await api('runs/get', { runId: 7 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ ok: false, error: { code: 'bad-request', message: 'runs/get: argument "runId" must be a string' } });
    const unknown = await api('drop/everything', {});
    expect(JSON.parse(unknown.body).error.code).toBe('unknown-request');
    const notJson = await request('/api/runs/list', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    const formPost = await request('/api/runs/list', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${server.token}` },
      body: '{}',
    });
    expect(formPost.status).toBe(415);
    // Still alive afterwards.
    expect((await api('runs/list', {})).status).toBe(200);
  });

  it('serves the app with a strict CSP and never files outside its folder', async () => {
    const page = await request('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const escape = await request('/..%2f..%2f..%2fetc%2fpasswd');
    expect(escape.status).toBe(404);
  });

  it('pushes events over a WebSocket only with the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=wrong`);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      refused.on('error', () => resolve('error'));
    });
    expect(refusal).toBe('403');

    const foreign = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`, { origin: 'http://evil.example' });
    const foreignRefusal = await new Promise<string>((resolve) => {
      foreign.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      foreign.on('error', () => resolve('error'));
    });
    expect(foreignRefusal).toBe('403');

    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    const messages: { event: string; payload: { runIds: string[] } }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.on('open', resolve));
    appendMetrics(path.join(project, 'r1'), metricLine(0, { loss: 0.5 }));
    await waitFor(() => messages.find((m) => m.event === 'runs/changed' && m.payload.runIds.length > 0), 'a runs/changed event');
    socket.close();
  });
});

describe('hostile request targets', () => {
  it.each(['/%ff', '/%', '/%e2%82', '/assets/%c0%af.js'])('answers %s (a malformed percent-escape) with 400 and keeps serving', async (target) => {
    const response = await request(target);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await expectAlive();
  });

  it('answers a NUL byte in the path with 400 and keeps serving', async () => {
    const response = await request('/index.html%00.png');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await expectAlive();
  });

  it.each(['//', '//evil.example/index.html', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/%5c..%5c..%5cetc%5cpasswd'])(
    'answers GET %s without leaving the static folder or crashing',
    async (target) => {
      const response = await request(target);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('root:');
      await expectAlive();
    },
  );

  it.each([
    ['an absolute-form target', 'GET http://evil.example/ HTTP/1.1'],
    ['an absolute-form target with a broken host', 'GET http://[/ HTTP/1.1'],
    ['an asterisk target', 'OPTIONS * HTTP/1.1'],
    ['an absolute-form API target', 'POST http://evil.example/api/app/info HTTP/1.1'],
  ])('refuses %s with 400 and keeps serving', async (_what, requestLine) => {
    const answer = await rawRequest(`${requestLine}\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expectAlive();
  });

  it('survives request lines that are not HTTP at all', async () => {
    const answer = await rawRequest('GARBAGE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expectAlive();
  });

  it.each(['//', 'http://[/', '/%ff'])('refuses a WebSocket upgrade to %s and keeps serving', async (target) => {
    const answer = await rawRequest(upgradeRequest(target));
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    await expectAlive();
  });

  it('survives a client that sends half a body and goes away', async () => {
    const connection = rawConnection();
    connection.socket.write(
      [
        'POST /api/runs/list HTTP/1.1',
        `Host: 127.0.0.1:${server.port}`,
        `Authorization: Bearer ${server.token}`,
        'Content-Type: application/json',
        'Content-Length: 1000',
        '',
        '{"projectId":',
      ].join('\r\n'),
    );
    await new Promise((resolve) => setImmediate(resolve));
    connection.socket.resetAndDestroy();
    await connection.closed;
    await expectAlive();
  });
});

describe('hostile WebSocket frames', () => {
  let good: WebSocket;
  const goodMessages: { event: string; payload: { runIds: string[] } }[] = [];

  beforeAll(async () => {
    good = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    good.on('message', (data) => goodMessages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      good.on('open', resolve);
      good.on('error', reject);
    });
  });
  afterAll(() => good.close());

  it('keeps a well-formed raw client open (the probes below are what closes theirs)', async () => {
    const client = await rawWebSocket();
    client.socket.write(Buffer.concat([frame(0x81, Buffer.from('hello')), frame(0x89, Buffer.from('p'))]));
    // An unmasked pong carrying the ping's payload: the socket is open and the framing is right.
    await waitFor(() => client.afterHandshake().includes(Buffer.from([0x8a, 0x01, 0x70])), 'a pong');
    client.socket.end();
    await client.closed;
  });

  it.each([
    ['a frame over the 64 KiB maxPayload', frame(0x81, Buffer.alloc(64 * 1024 + 1, 0x61))],
    ['invalid UTF-8 in a text frame', frame(0x81, Buffer.from([0xc3, 0x28, 0xff]))],
    ['an unmasked client frame', frame(0x81, Buffer.from('hi'), false)],
    ['a reserved data opcode', frame(0x83, Buffer.from('hi'))],
    ['a reserved control opcode', frame(0x8b, Buffer.alloc(0))],
    ['an RSV1 bit without a negotiated extension', frame(0xc1, Buffer.from('hi'))],
    ['a fragmented control frame', frame(0x09, Buffer.alloc(0))],
    ['an invalid close code', frame(0x88, Buffer.from([0x03, 0xe7]))],
  ])('closes only the socket that sends %s', async (_what, bad) => {
    const client = await rawWebSocket();
    client.socket.write(bad);
    await client.closed;
    await expectAlive();
    expect(good.readyState).toBe(WebSocket.OPEN);
  });

  it('still pushes events to the well-behaved client after all that', async () => {
    expect(good.readyState).toBe(WebSocket.OPEN);
    await new Promise<void>((resolve) => {
      good.once('pong', () => resolve());
      good.ping();
    });
    goodMessages.length = 0;
    appendMetrics(path.join(project, 'r1'), metricLine(1, { loss: 0.25 }));
    await waitFor(() => goodMessages.find((m) => m.event === 'runs/changed' && m.payload.runIds.length > 0), 'a runs/changed event', 20_000);
  });
});

describe('static files', () => {
  let outside: string;

  beforeAll(() => {
    outside = tempDir('runlens-outside-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
  });

  it('refuses a symlink to a file outside the static folder', async () => {
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(staticDir, 'leak.txt'));
    const response = await request('/leak.txt');
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('top secret');
    await expectAlive();
  });

  it('refuses files reached through a symlink to a folder outside the static folder', async () => {
    fs.symlinkSync(outside, path.join(staticDir, 'elsewhere'));
    const response = await request('/elsewhere/secret.txt');
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('top secret');
    await expectAlive();
  });

  it('still serves a symlink whose target is inside the static folder', async () => {
    fs.symlinkSync('index.html', path.join(staticDir, 'alias.html'));
    const response = await request('/alias.html');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Runlens</title>');
  });

  it('answers 404 for a folder', async () => {
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    expect((await request('/assets')).status).toBe(404);
    expect((await request('/assets/')).status).toBe(404);
  });

  it.skipIf(process.platform === 'win32')('answers 404 for a FIFO without waiting for a writer', async () => {
    const fifo = path.join(staticDir, 'pipe.js');
    execFileSync('mkfifo', [fifo]);
    try {
      const response = await request('/pipe.js');
      expect(response.status).toBe(404);
      await expectAlive();
    } finally {
      // If the server is stuck opening the FIFO, give it a writer so it lets go of its thread.
      try {
        fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody has it open for reading, which is the point.
      }
      fs.rmSync(fifo);
    }
  });
});

describe('arguments named like Object.prototype members', () => {
  it.each([
    ['__proto__', '{"runId":"x","__proto__":{"a":1}}'],
    ['constructor', '{"runId":"x","constructor":1}'],
    ['toString', '{"runId":"x","toString":"y"}'],
    ['hasOwnProperty', '{"runId":"x","hasOwnProperty":true}'],
  ])('answers an extra %s field with 400 bad-request naming it', async (field, body) => {
    const response = await request('/api/runs/get', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      body,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'bad-request', message: `runs/get: unexpected argument "${field}"` } });
    await expectAlive();
  });
});
