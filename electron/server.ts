// The backend behind a localhost HTTP + WebSocket server: browser mode,
// `runlens serve` and the end-to-end tests. Binds 127.0.0.1 only; every API
// request and WebSocket must carry the per-launch token; Host and Origin are
// checked so a web page cannot reach it through DNS rebinding.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Events } from '../shared/api';
import { contentSecurityPolicy } from '../shared/contentSecurityPolicy';
import { createBackend, type Backend } from './backend/backend';

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
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  backend: Backend;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;


const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function tokensMatch(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new Set<WebSocket>();
  const emit = <E extends keyof Events>(event: E, payload: Events[E]) => {
    const message = JSON.stringify({ event, payload });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
  };
  const backend = await createBackend({
    dataDir: options.dataDir,
    mode: 'browser',
    version: options.version,
    emit,
    watch: true,
    ingestWorker: options.ingestWorker,
  });
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(text);
  };
  const refuse = (res: http.ServerResponse, status: number, message: string) =>
    send(res, status, { ok: false, error: { code: 'bad-request', message } });

  const serveStatic = (pathname: string, res: http.ServerResponse) => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(options.staticDir, relative);
    if (!file.startsWith(path.resolve(options.staticDir) + path.sep)) return refuse(res, 404, 'Not found');
    fs.readFile(file, (error, data) => {
      if (error) return refuse(res, 404, 'Not found');
      res.writeHead(200, {
        'Content-Type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      });
      res.end(data);
    });
  };

  const server = http.createServer((req, res) => {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'Host not allowed');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'Origin not allowed');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
      return serveStatic(url.pathname, res);
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!tokensMatch(bearer, token)) return refuse(res, 401, 'Missing or wrong access token');
    if (req.method !== 'POST') return refuse(res, 405, 'Use POST');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'Send application/json');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        refuse(res, 413, 'Request too large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', async () => {
      if (res.writableEnded) return;
      let args: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        args = text ? JSON.parse(text) : {};
      } catch {
        return refuse(res, 400, 'Body is not valid JSON');
      }
      const name = url.pathname.slice('/api/'.length);
      const result = await backend.handle(name, args);
      send(res, result.ok ? 200 : result.error.code === 'unknown-request' ? 404 : result.error.code === 'internal' ? 500 : 400, result);
    });
  });

  const sockets$ = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const allowed =
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
      ws.on('message', () => {}); // events flow one way; requests go over HTTP
    });
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
