// Re-opening an already indexed project of 1,000 runs with no changes: how
// long until the runs list is usable, and until the background check that
// nothing changed has finished. Measured beside, in the same process: the
// first full ingest of the same project, and a bare SQLite open + SELECT of
// the runs table (the floor any re-open pays).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../electron/backend/backend';
import { databaseFile } from '../electron/backend/store/database';
import { generateNativeRuns } from './generate/native';

const runs = Number(process.env.RUNS ?? 1000);

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-reopen-'));
  const project = path.join(root, 'project');
  const dataDir = path.join(root, 'data');
  const { points } = generateNativeRuns(project, { runs, metrics: 10, steps: 200 });
  console.log(`Re-open benchmark: ${runs} native runs, ${points.toLocaleString()} points, node ${process.version}, ${os.cpus().length} CPUs`);

  let t = performance.now();
  const first = await createBackend({ dataDir, mode: 'cli', version: 'bench', emit: () => {}, watch: false });
  const added = await first.send('projects/add', { path: project });
  if (!added.ok || added.value.ingest.runsFound !== runs) throw new Error('first ingest failed');
  await first.close();
  const firstIngestMs = performance.now() - t;

  const rounds: { listMs: number; readyMs: number; bareMs: number }[] = [];
  for (let round = 0; round < 3; round++) {
    t = performance.now();
    const backend = await createBackend({ dataDir, mode: 'browser', version: 'bench', emit: () => {}, watch: true });
    const listed = await backend.send('runs/list', {});
    const listMs = performance.now() - t;
    if (!listed.ok || listed.value.length !== runs) throw new Error('re-open listed the wrong runs');
    await backend.ready;
    const readyMs = performance.now() - t;
    await backend.close();

    t = performance.now();
    const bare = new Database(databaseFile(dataDir), { readonly: true });
    bare.prepare('SELECT * FROM runs').all();
    bare.close();
    rounds.push({ listMs, readyMs, bareMs: performance.now() - t });
  }
  const best = (key: 'listMs' | 'readyMs' | 'bareMs') => Math.min(...rounds.map((r) => r[key]));
  console.log('round  usable list (ms)  change check done (ms)  bare open+select (ms)');
  rounds.forEach((r, i) => console.log(`${String(i + 1).padStart(5)}  ${r.listMs.toFixed(1).padStart(15)}  ${r.readyMs.toFixed(1).padStart(22)}  ${r.bareMs.toFixed(1).padStart(21)}`));
  console.log(`first full ingest: ${firstIngestMs.toFixed(0)} ms`);
  console.log(`best usable list: ${best('listMs').toFixed(1)} ms (target < 1000 ms); ${(best('listMs') / best('bareMs')).toFixed(1)}x a bare open+select, ${(firstIngestMs / best('listMs')).toFixed(0)}x faster than the first ingest`);
  console.log(`best change check (every run's files stat'ed, nothing re-read): ${best('readyMs').toFixed(0)} ms`);
  console.log(JSON.stringify({ benchmark: 'reopen', runs, list_ms: best('listMs'), ready_ms: best('readyMs'), bare_ms: best('bareMs'), first_ingest_ms: firstIngestMs }));
  fs.rmSync(root, { recursive: true, force: true });
}

void main();
