// The backend behind a localhost HTTP + WebSocket server: browser mode,
// `runlens serve` and the end-to-end tests. Binds 127.0.0.1 only; every API
// request and WebSocket must carry the per-launch token; Host and Origin are
// checked so a web page cannot reach it through DNS rebinding. Anything on
// localhost may send it anything: no request or frame may throw out of it,
// since that would end the process.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Events } from '../shared/api';
import { decode, encode } from '../shared/codec';
import { contentSecurityPolicy } from '../shared/contentSecurityPolicy';
import { createBackend, type Backend } from './backend/backend';
import { readStaticFile } from './serverStatic';

export interface ServerOptions {
  dataDir: string;
  port?: number;
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  version: string;
  token?: string;
  projects?: string[];
  /** The bundled ingest worker; see BackendHost.ingestWorker. */
  ingestWorker?: string;
  /** The bundled evaluation worker; see BackendHost.evaluationWorker. */
  evaluationWorker?: string;
  /** The bundled scoring worker; see BackendHost.scoringWorker. */
  scoringWorker?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  backend: Backend;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;

function tokensMatch(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The request target as a URL, or null unless it is a path ("origin form"):
 * we are no proxy, so "http://host/" and "*" are refused. The origin is fixed
 * so that "//host/x" stays a path instead of naming a host, and URL cannot throw.
 */
function requestUrl(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1${target}`);
  } catch {
    return null;
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new Set<WebSocket>();
  const emit = <E extends keyof Events>(event: E, payload: Events[E]) => {
    const message = encode({ event, payload });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
  };
  const backend = await createBackend({
    dataDir: options.dataDir,
    mode: 'browser',
    version: options.version,
    emit,
    watch: true,
    ingestWorker: options.ingestWorker,
    evaluationWorker: options.evaluationWorker,
    scoringWorker: options.scoringWorker,
  });
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = encode(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(text);
  };
  const refuse = (res: http.ServerResponse, status: number, message: string) =>
    send(res, status, { ok: false, error: { code: 'bad-request', message } });

  const serveStatic = async (pathname: string, res: http.ServerResponse) => {
    const file = await readStaticFile(options.staticDir, pathname);
    if (file.status !== 200) return refuse(res, file.status, file.message);
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    res.end(file.data);
  };

  /** The body, or null once it passes maxBodyBytes. */
  const readBody = (req: http.IncomingMessage) =>
    new Promise<Buffer | null>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBodyBytes) return void chunks.push(chunk);
        req.pause();
        resolve(null);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject); // the client went away mid-body
    });

  const handleRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'Host not allowed');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'Origin not allowed');
    const url = requestUrl(req.url);
    if (!url) return refuse(res, 400, 'The request target must be a path');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
      return serveStatic(url.pathname, res);
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!tokensMatch(bearer, token)) return refuse(res, 401, 'Missing or wrong access token');
    if (req.method !== 'POST') return refuse(res, 405, 'Use POST');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'Send application/json');
    const body = await readBody(req);
    if (!body) {
      refuse(res, 413, 'Request too large');
      req.destroy();
      return;
    }
    let args: unknown;
    try {
      const text = body.toString('utf8');
      args = text ? decode(text) : {};
    } catch {
      return refuse(res, 400, 'Body is not valid JSON');
    }
    const name = url.pathname.slice('/api/'.length);
    const result = await backend.handle(name, args);
    send(res, result.ok ? 200 : result.error.code === 'unknown-request' ? 404 : result.error.code === 'internal' ? 500 : 400, result);
  };

  const server = http.createServer((req, res) => {
    // A client that resets mid-request, or leaves before we write, costs only its own request.
    req.on('error', () => res.destroy());
    res.on('error', () => res.destroy());
    // The guard: whatever handleRequest throws, now or after an await, ends this request only.
    handleRequest(req, res).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ECONNRESET') console.error('runlens: request failed:', error);
      try {
        if (res.headersSent || res.destroyed) res.destroy();
        else refuse(res, 400, 'Bad request');
      } catch {
        res.destroy();
      }
    });
  });

  const sockets$ = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Node hands over an upgraded socket without an 'error' listener; a reset would throw.
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(req.url);
      const origin = req.headers.origin;
      const allowed =
        url !== null &&
        allowedHosts().has(req.headers.host ?? '') &&
        (origin === undefined || allowedOrigins().has(origin)) &&
        url.pathname === '/events' &&
        tokensMatch(url.searchParams.get('token'), token);
      if (!allowed) {
        socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        socket.destroy();
        return;
      }
      sockets$.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        // Protocol errors (oversized, unmasked or non-UTF-8 frame, bad opcode) arrive here, after
        // ws has begun closing; unheard they would throw. Drop just this client.
        ws.on('error', () => ws.terminate());
        ws.on('message', () => {}); // events flow one way; requests go over HTTP
      });
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  for (const folder of options.projects ?? []) {
    const result = await backend.send('projects/add', { path: path.resolve(folder) });
    if (!result.ok) console.error(`runlens: ${result.error.message}`);
  }

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    backend,
    async close() {
      for (const socket of sockets) socket.terminate();
      sockets$.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await backend.close();
    },
  };
}
