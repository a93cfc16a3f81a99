// The browser-mode server: only 127.0.0.1, only with the token, only from its
// own origin. Real HTTP and WebSocket clients against a real server.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../electron/server';
import { appendMetrics, metricLine, removeTempDirs, tempDir, waitFor, writeNativeRun } from '../helpers';

let server: RunningServer;
let project: string;
let staticDir: string;

beforeAll(async () => {
  project = tempDir();
  writeNativeRun(path.join(project, 'r1'), { name: 'first' });
  staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Runlens</title>');
  server = await startServer({ dataDir: tempDir('runlens-data-'), staticDir, version: 'test', projects: [project] });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
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
