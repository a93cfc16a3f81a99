// Ingest throughput per format on generated data of realistic shape (by
// default 200 runs x 20 metrics x 5,000 steps = 20M points a format), file to
// store end to end, against raw better-sqlite3 prepared inserts of the same
// number of rows (run, key, step, timestamp, value) keyed by (run, key, step),
// 10,000 a transaction, in the same process. Also the peak RSS of each ingest.
//   node dist/bench/formats.cjs [--runs N] [--metrics N] [--steps N] [--formats a,b]
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from '../electron/backend/backend';
import { generateDvcliveRuns } from './generate/dvclive';
import { generateMlflowFileStore } from './generate/mlflowFileStore';
import { generateMlflowSqlite } from './generate/mlflowSqlite';
import { generateNativeRuns } from './generate/native';
import { generateTensorBoardRuns } from './generate/tensorboard';
import { withPeakRssAsync } from './lib/memory';

interface Shape {
  runs: number;
  metrics: number;
  steps: number;
}

const generators: Record<string, (dir: string, shape: Shape) => { points: number }> = {
  native: (dir, shape) => generateNativeRuns(dir, shape),
  mlflow: (dir, shape) => generateMlflowFileStore(dir, shape),
  'mlflow-sqlite': (dir, shape) => generateMlflowSqlite(path.join(dir, 'mlflow.db'), shape),
  tensorboard: (dir, shape) => generateTensorBoardRuns(dir, shape),
  dvclive: (dir, shape) => generateDvcliveRuns(dir, shape),
};

/** The row-per-point store MLflow uses: one prepared INSERT a point, 10,000 a transaction. */
function baselineInserts(file: string, shape: Shape): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE points (run INTEGER, key TEXT, step INTEGER, timestamp INTEGER, value REAL, PRIMARY KEY (run, key, step))');
  const insert = db.prepare('INSERT INTO points VALUES (?, ?, ?, ?, ?)');
  const keys = Array.from({ length: shape.metrics }, (_, i) => `train/metric_${i}`);
  const t = performance.now();
  let pending = 0;
  db.exec('BEGIN');
  for (let run = 0; run < shape.runs; run++) {
    for (const key of keys) {
      for (let step = 0; step < shape.steps; step++) {
        insert.run(run, key, step, 1_763_900_000_000 + step, Math.exp(-step / 1000));
        if (++pending === 10_000) {
          db.exec('COMMIT');
          db.exec('BEGIN');
          pending = 0;
        }
      }
    }
  }
  db.exec('COMMIT');
  const seconds = (performance.now() - t) / 1000;
  db.close();
  return seconds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, metrics: { type: 'string' }, steps: { type: 'string' }, formats: { type: 'string' } },
  });
  const shape: Shape = { runs: Number(values.runs ?? 200), metrics: Number(values.metrics ?? 20), steps: Number(values.steps ?? 5000) };
  const formats = (values.formats ?? Object.keys(generators).join(',')).split(',');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-formats-'));
  console.log(`Ingest per format: ${shape.runs} runs x ${shape.metrics} metrics x ${shape.steps} steps; node ${process.version}, ${os.cpus().length} CPUs`);
  const rows: string[] = [];
  const json: Record<string, unknown>[] = [];
  try {
    for (const format of formats) {
      const project = path.join(root, format);
      fs.mkdirSync(project, { recursive: true });
      let t = performance.now();
      const { points } = generators[format](project, shape);
      const generateSeconds = (performance.now() - t) / 1000;
      const dataDir = path.join(root, `${format}-data`);
      const backend = await createBackend({ dataDir, mode: 'cli', version: 'bench', emit: () => {}, watch: false });
      t = performance.now();
      const { result, rss } = await withPeakRssAsync(() => backend.send('projects/add', { path: project }));
      const ingestSeconds = (performance.now() - t) / 1000;
      await backend.close();
      if (!result.ok) throw new Error(`${format}: ${result.error.message}`);
      const stored = result.value.ingest.pointsAdded;
      if (stored !== points) console.log(`  warning: ${format} stored ${stored} of ${points} points`);
      const baselineSeconds = baselineInserts(path.join(root, `${format}-baseline.sqlite`), { ...shape, steps: Math.round(points / shape.runs / shape.metrics) });
      const ratio = baselineSeconds / ingestSeconds;
      const line = `${format.padEnd(14)} ${points.toLocaleString().padStart(12)} pts  ingest ${ingestSeconds.toFixed(1).padStart(6)} s  ${(points / ingestSeconds / 1e6).toFixed(2)} M/s   baseline rows ${(points / baselineSeconds / 1e6).toFixed(2)} M/s   ratio ${ratio.toFixed(2)}   peak RSS ${(rss.peakBytes / 2 ** 20).toFixed(0)} MiB (${rss.method})   generated in ${generateSeconds.toFixed(0)} s`;
      console.log(line);
      rows.push(line);
      json.push({ format, points, stored, ingest_s: ingestSeconds, points_per_s: points / ingestSeconds, baseline_rows_per_s: points / baselineSeconds, ratio, peak_rss_mib: rss.peakBytes / 2 ** 20 });
      fs.rmSync(project, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(path.join(root, `${format}-baseline.sqlite`), { force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log('\nsummary (ratio = Runlens points/s over raw row inserts; floor 0.5)');
  for (const line of rows) console.log(line);
  console.log(JSON.stringify({ benchmark: 'ingest-formats', shape, results: json }));
}

void main();
