// The runs table's query at 10,000 runs × 50 columns (issue 15): a filter,
// a sort and the first window of 100 rows, through the real handler, beside
// a plain SELECT of the same rows and their values in the same process, and
// beside the old whole-list dump (`runs/list`) the table used to fetch.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from '../shared/codec';
import type { RunColumn } from '../shared/runQuery';
import { createBackend } from '../electron/backend/backend';
import { databaseFile } from '../electron/backend/store/database';
import { generateNativeRuns } from './generate/native';

const runs = Number(process.env.RUNS ?? 10_000);
const rounds = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  // BENCH_DIR keeps the generated and read project between runs (ingest takes minutes on 2 cores).
  const keep = process.env.BENCH_DIR;
  const root = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-query-'));
  const project = path.join(root, 'project');
  const dataDir = path.join(root, 'data');
  // 3 built-in + 17 extra params, 30 metrics: 50 columns.
  if (!fs.existsSync(project)) generateNativeRuns(project, { runs, metrics: 30, steps: 3, params: 17 });
  console.log(`Runs query benchmark: ${runs.toLocaleString()} native runs × 50 columns (20 params, 30 metrics), node ${process.version}, ${os.cpus().length} CPUs`);
  const backend = await createBackend({ dataDir, mode: 'cli', version: 'bench', emit: () => {}, watch: false });
  let t = performance.now();
  const added = await backend.send('projects/add', { path: project });
  if (!added.ok || added.value.ingest.runsFound !== runs) throw new Error('ingest failed');
  console.log(`ingest: ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const columns: RunColumn[] = [
    ...['lr', 'batch_size', 'seed', ...Array.from({ length: 17 }, (_, i) => `p_${i}`)].map((name) => ({ kind: 'param' as const, name })),
    ...Array.from({ length: 30 }, (_, i) => ({ kind: 'metric' as const, name: i % 2 ? `val/metric_${i}` : `train/metric_${i}` })),
  ];
  const filter = "metrics.`train/metric_0` < 0.5 and params.lr != '0.1' and params.p_0 LIKE 'choice_%'";
  const args = { filter, orderBy: [{ column: { kind: 'metric' as const, name: 'val/metric_1' }, descending: true }], offset: 0, limit: 100, columns };

  const queryMs: number[] = [];
  let page;
  for (let round = 0; round < rounds; round++) {
    t = performance.now();
    const result = await backend.send('runs/query', args);
    queryMs.push(performance.now() - t);
    if (!result.ok) throw new Error(result.error.message);
    page = result.value;
  }
  if (!page || page.rows.length !== 100) throw new Error(`the query returned ${page?.rows.length} rows of ${page?.total}`);
  const ids = page.rows.map((row) => row.id);

  // The floor: the same 100 rows and their param and metric values, selected by id with no filter or sort.
  const bare = new Database(databaseFile(dataDir), { readonly: true });
  const plainMs: number[] = [];
  const idList = JSON.stringify(ids);
  for (let round = 0; round < rounds; round++) {
    t = performance.now();
    bare.prepare('SELECT * FROM runs WHERE id IN (SELECT value FROM json_each(?))').all(idList);
    bare.prepare('SELECT p.* FROM params p JOIN runs r ON r.key = p.run_key WHERE r.id IN (SELECT value FROM json_each(?))').all(idList);
    bare.prepare('SELECT m.* FROM metric_summaries m JOIN runs r ON r.key = m.run_key WHERE r.id IN (SELECT value FROM json_each(?))').all(idList);
    plainMs.push(performance.now() - t);
  }
  bare.close();

  const listMs: number[] = [];
  let listBytes = 0;
  for (let round = 0; round < 3; round++) {
    t = performance.now();
    const listed = await backend.send('runs/list', {});
    listMs.push(performance.now() - t);
    if (!listed.ok) throw new Error(listed.error.message);
    listBytes = encode(listed.value).length;
  }
  const pageBytes = encode(page).length;
  await backend.close();

  const q = median(queryMs);
  const p = median(plainMs);
  const l = median(listMs);
  console.log(`matching runs: ${page.total.toLocaleString()}`);
  console.log(`filter + sort + first 100 rows × 50 columns: median ${q.toFixed(1)} ms (target < 100 ms); ${(q / p).toFixed(1)}x a plain SELECT of the same rows (${p.toFixed(1)} ms)`);
  console.log(`the old whole-list dump (runs/list): median ${l.toFixed(0)} ms, ${(listBytes / 1e6).toFixed(1)} MB; the window: ${(pageBytes / 1e3).toFixed(0)} KB (${(listBytes / pageBytes).toFixed(0)}x less), ${(l / q).toFixed(1)}x faster`);
  console.log(JSON.stringify({ benchmark: 'runsQuery', runs, query_ms: q, plain_select_ms: p, list_ms: l, list_bytes: listBytes, page_bytes: pageBytes }));
  if (!keep) fs.rmSync(root, { recursive: true, force: true });
}

void main();
