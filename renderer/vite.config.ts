// Builds the renderer into dist/renderer. Relative asset URLs because Electron
// loads the bundle from its app protocol and server.ts serves it at '/'.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// `vite dev` can forward the API to a running `runlens serve`: RUNLENS_API=http://127.0.0.1:PORT
const apiTarget = process.env.RUNLENS_API;

// The dev server's React refresh preamble is an inline script, which the CSP
// forbids; the CSP is for the built app, so `vite dev` serves the page without it.
const dropCspInDev: Plugin = {
  name: 'runlens-drop-csp-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
};

// server.ts accepts only its own Host and Origin (DNS-rebinding guard), so the proxy presents them.
function proxyTo(target: string): Record<string, ProxyOptions> {
  const asServer: ProxyOptions['configure'] = (proxy) => {
    proxy.on('proxyReq', (req) => req.setHeader('origin', target));
    proxy.on('proxyReqWs', (req) => req.setHeader('origin', target));
  };
  return {
    // Only POSTs: GET /api/*.ts are this app's own modules in renderer/api/.
    '/api': { target, changeOrigin: true, configure: asServer, bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
    '/events': { target, changeOrigin: true, ws: true, configure: asServer },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), dropCspInDev],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Mantine and the table make one big chunk; it is loaded from disk, not the network.
    chunkSizeWarningLimit: 2000,
  },
  server: apiTarget ? { proxy: proxyTo(apiTarget) } : undefined,
});
