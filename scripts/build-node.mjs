// Bundles the Node side (Electron main, preload, CLI/server, benchmarks) with esbuild.
// Runtime dependencies stay external: they are native (better-sqlite3,
// onnxruntime-node) or are packed by electron-builder from node_modules.
import { build } from 'esbuild';
import fs from 'node:fs';

const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {});
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  define: { RUNLENS_VERSION: JSON.stringify(pkg.version) },
};

await Promise.all([
  build({ ...common, entryPoints: { main: 'electron/main.ts', cli: 'electron/cli.ts', ingestWorker: 'electron/backend/ingest/ingestWorker.ts', evaluationWorker: 'electron/backend/evaluation/evaluationWorker.ts', scoringWorker: 'electron/backend/scoring/scoringWorker.ts', whatIfWorker: 'electron/backend/scoring/whatIfWorker.ts', importanceWorker: 'electron/backend/scoring/importanceWorker.ts', driftWorker: 'electron/backend/drift/driftWorker.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, external: [...external, 'electron'] }),
  // The sandboxed preload may import nothing but `electron`: bundle everything else.
  build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  fs.existsSync('bench')
    ? build({ ...common, entryPoints: fs.readdirSync('bench').filter((f) => f.endsWith('.ts')).map((f) => `bench/${f}`), outdir: 'dist/bench', outExtension: { '.js': '.cjs' }, external: [...external, 'electron', '@playwright/test', 'playwright'] })
    : Promise.resolve(),
]);
