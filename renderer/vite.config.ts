// Builds the renderer into dist/renderer. Relative asset URLs because Electron
// loads the bundle from its app protocol and server.ts serves it at '/'.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// `vite dev` can forward the API to a running `runlens serve`: RUNLENS_API=http://127.0.0.1:PORT
const apiTarget = process.env.RUNLENS_API;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Mantine and the table make one big chunk; it is loaded from disk, not the network.
    chunkSizeWarningLimit: 2000,
  },
  server: apiTarget
    ? {
        proxy: {
          '/api': apiTarget,
          '/events': { target: apiTarget.replace(/^http/, 'ws'), ws: true },
        },
      }
    : undefined,
});
