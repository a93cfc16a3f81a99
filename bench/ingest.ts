// Benchmark: ingest of a 1,000,000-point native metrics file (docs/FORMAT.md),
// file to store end to end, against raw better-sqlite3 row inserts of the same
// points in the same process (DESIGN.md, "Environment facts" and "Metric storage").
//
//   node scripts/build-node.mjs && node dist/bench/ingest.cjs
//
// Runlens:   fresh data dir, openDatabase, one project row, then the timed
//            ingestRunFolders(db, project, [runFolder]) (read + parse + chunked store).
// Baseline:  fresh database file with the same pragmas (WAL, synchronous=NORMAL),
//            the row-per-point table MLflow uses: points(run, key, step, timestamp,
//            value) with a composite PRIMARY KEY (run, key, step) on an ordinary
//            rowid table (what SQLAlchemy gives MLflow's `metrics` table on SQLite:
//            a rowid table plus a unique index for its composite primary key),
//            one prepared INSERT, 10,000 rows a transaction. Two variants:
//              "inserts":          the 1M points already in memory (inserts only);
//              "parse + inserts":  read and JSON.parse metrics.jsonl, then insert rows.
// The three are run alternately, 3 rounds, and the best round of each is compared.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ingestRunFolders } from '../electron/backend/ingest/projectIngest';
import { openDatabase, type Db } from '../electron/backend/store/database';
import { readMetricSeries } from '../electron/backend/store/metricChunks';
import { createBaselineTable, openBaseline } from './lib/baseline';
import { measureRangeRead } from './lib/rangeRead';
import { collectGarbage, withPeakRss, type PeakRss } from './lib/memory';
import { seededRandom } from './lib/random';

const steps = 50_000;
const metricKeys = [
  'train/loss', 'train/accuracy', 'train/grad_norm', 'train/perplexity', 'train/weight_norm',
  'train/epoch', 'val/loss', 'val/accuracy', 'val/f1', 'val/precision',
  'val/recall', 'val/perplexity', 'lr', 'momentum', 'throughput/samples_per_s',
  'throughput/tokens_per_s', 'gpu/mem_gb', 'gpu/util', 'time/step_s', 'time/data_s',
] as const;
const totalPoints = steps * metricKeys.length;
const rowsPerTransaction = 10_000;
const rounds = 3;
const readReps = 25;
const readKey = 'train/loss';
const startTime = 1_763_900_000_123;

// ---------------------------------------------------------------- generation


/** Plausible training curves: decaying losses, saturating accuracies, a warm-up/cosine lr, noisy system metrics. */
function valueOf(key: string, step: number, noise: () => number): number {
  const p = step / steps;
  const n = () => noise() - 0.5;
  const decay = Math.exp(-step / 12_000);
  switch (key) {
    case 'train/loss': return 2.3 * decay + 0.08 + 0.05 * n();
    case 'train/accuracy': return Math.min(1, 0.1 + 0.88 * (1 - decay) + 0.02 * n());
    case 'train/grad_norm': return 0.5 + 4 * decay + 0.3 * Math.abs(n());
    case 'train/perplexity': return Math.exp(2.3 * decay + 0.08 + 0.05 * n());
    case 'train/weight_norm': return 120 + 35 * (1 - decay) + 0.01 * n();
    case 'train/epoch': return step / 500;
    case 'val/loss': return 2.35 * decay + 0.12 + 0.03 * n();
    case 'val/accuracy': return Math.min(1, 0.1 + 0.84 * (1 - decay) + 0.01 * n());
    case 'val/f1': return Math.min(1, 0.08 + 0.83 * (1 - decay) + 0.01 * n());
    case 'val/precision': return Math.min(1, 0.11 + 0.84 * (1 - decay) + 0.01 * n());
    case 'val/recall': return Math.min(1, 0.07 + 0.82 * (1 - decay) + 0.01 * n());
    case 'val/perplexity': return Math.exp(2.35 * decay + 0.12 + 0.03 * n());
    case 'lr': return step < 2000 ? 3e-4 * (step / 2000) : 3e-4 * 0.5 * (1 + Math.cos(Math.PI * p));
    case 'momentum': return 0.85 + 0.1 * p;
    case 'throughput/samples_per_s': return 1024 + 60 * n();
    case 'throughput/tokens_per_s': return 524_288 + 30_000 * n();
    case 'gpu/mem_gb': return 21.4 + 0.4 * noise();
    case 'gpu/util': return Math.round(88 + 10 * n());
    case 'time/step_s': return 0.125 + 0.02 * n();
    default: return 0.011 + 0.004 * noise(); // time/data_s
  }
}

interface Generated {
  root: string;
  projectDir: string;
  runFolder: string;
  metricsFile: string;
  /** The points in file order (step-major, then key), for the in-memory baseline and the checks. */
  keyIndex: Uint8Array;
  step: Float64Array;
  timestamp: Float64Array;
  value: Float64Array;
}

/** Writes run.json, metrics.jsonl (50,000 lines x 20 keys) and an empty events.jsonl. Not timed. */
function generate(): Generated {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-'));
  const projectDir = path.join(root, 'project');
  const runId = '3f2c9a0e8b2d4c51a7e6f0d9b1c2a3e4';
  const runFolder = path.join(projectDir, 'runlens', runId);
  fs.mkdirSync(runFolder, { recursive: true });
  const header = {
    format: 'runlens.run',
    version: 1,
    id: runId,
    name: 'resnet50-lr3e-4',
    experiment: 'bench',
    start_time: startTime,
    params: { lr: '0.0003', batch_size: '256', epochs: '100', optimizer: 'adamw', weight_decay: '0.05', warmup_steps: '2000' },
    tags: { team: 'vision' },
    system: { python: '3.11.2', hostname: 'bench', user: 'bench', command: ['train.py', '--lr', '3e-4'], pid: 41213, heartbeat_interval_s: 5 },
  };
  fs.writeFileSync(path.join(runFolder, 'run.json'), JSON.stringify(header, null, 2));
  fs.writeFileSync(path.join(runFolder, 'events.jsonl'), '');

  const keyIndex = new Uint8Array(totalPoints);
  const step = new Float64Array(totalPoints);
  const timestamp = new Float64Array(totalPoints);
  const value = new Float64Array(totalPoints);
  const noise = seededRandom(42);
  const metricsFile = path.join(runFolder, 'metrics.jsonl');
  const fd = fs.openSync(metricsFile, 'w');
  let pending: string[] = [];
  let at = 0;
  let ts = startTime + 1000;
  for (let s = 0; s < steps; s++) {
    ts += 110 + Math.floor(noise() * 30);
    // What Python's json.dumps writes: ", " and ": " separators, shortest round-trip floats.
    const parts: string[] = [];
    for (let k = 0; k < metricKeys.length; k++) {
      const v = valueOf(metricKeys[k], s, noise);
      keyIndex[at] = k;
      step[at] = s;
      timestamp[at] = ts;
      value[at] = v;
      at += 1;
      parts.push(`${JSON.stringify(metricKeys[k])}: ${JSON.stringify(v)}`);
    }
    pending.push(`{"step": ${s}, "timestamp": ${ts}, "values": {${parts.join(', ')}}}\n`);
    if (pending.length === 1000) {
      fs.writeSync(fd, pending.join(''));
      pending = [];
    }
  }
  if (pending.length) fs.writeSync(fd, pending.join(''));
  fs.closeSync(fd);
  return { root, projectDir, runFolder, metricsFile, keyIndex, step, timestamp, value };
}

// ---------------------------------------------------------------- the contenders

interface Measurement {
  seconds: number;
  rss: PeakRss;
  note?: string;
}

function fail(message: string): never {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

/** A: Runlens, file to store. Only ingestRunFolders is timed (opening and migrating the store is set-up). */
function runRunlens(gen: Generated, dataDir: string): Measurement & { openSeconds: number } {
  const t0 = performance.now();
  const db = openDatabase(dataDir);
  const projectId = Number(db.prepare('INSERT INTO projects (path, added_at) VALUES (?, ?)').run(gen.projectDir, Date.now()).lastInsertRowid);
  const openSeconds = (performance.now() - t0) / 1000;
  try {
    let seconds = 0;
    const { result, rss } = withPeakRss(() => {
      const start = performance.now();
      const out = ingestRunFolders(db, { id: projectId, path: gen.projectDir }, [gen.runFolder]);
      seconds = (performance.now() - start) / 1000;
      return out;
    });
    if (result.pointsAdded !== totalPoints) fail(`Runlens reported ${result.pointsAdded} points added, expected ${totalPoints}`);
    if (result.linesSkipped !== 0) fail(`Runlens skipped ${result.linesSkipped} lines`);
    const summaries = db.prepare('SELECT metric_key, point_count FROM metric_summaries').all() as { metric_key: string; point_count: number }[];
    const counts = new Map(summaries.map((row) => [row.metric_key, row.point_count]));
    for (const key of metricKeys) {
      if (counts.get(key) !== steps) fail(`metric_summaries has count ${counts.get(key)} for "${key}", expected ${steps}`);
    }
    if (summaries.length !== metricKeys.length) fail(`metric_summaries has ${summaries.length} keys, expected ${metricKeys.length}`);
    return { seconds, rss, openSeconds };
  } finally {
    db.close();
  }
}

function checkBaselineCount(db: Db): void {
  const n = (db.prepare('SELECT COUNT(*) AS n FROM points').get() as { n: number }).n;
  if (n !== totalPoints) fail(`baseline table holds ${n} rows, expected ${totalPoints}`);
}

/** B: the same points, already in memory, as rows; 10,000 rows a transaction. */
function runBaselineInserts(gen: Generated, file: string): Measurement {
  const db = openBaseline(file);
  try {
    createBaselineTable(db);
    const insert = db.prepare('INSERT INTO points (run, key, step, timestamp, value) VALUES (?, ?, ?, ?, ?)');
    const insertRange = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert.run(1, metricKeys[gen.keyIndex[i]], gen.step[i], gen.timestamp[i], gen.value[i]);
    });
    let seconds = 0;
    const { rss } = withPeakRss(() => {
      const start = performance.now();
      for (let i = 0; i < totalPoints; i += rowsPerTransaction) insertRange(i, Math.min(totalPoints, i + rowsPerTransaction));
      seconds = (performance.now() - start) / 1000;
    });
    checkBaselineCount(db);
    return { seconds, rss };
  } finally {
    db.close();
  }
}

/** C: read and JSON.parse metrics.jsonl, then the same row inserts; 10,000 rows a transaction. */
function runBaselineParseAndInserts(gen: Generated, file: string): Measurement {
  const db = openBaseline(file);
  try {
    createBaselineTable(db);
    const insert = db.prepare('INSERT INTO points (run, key, step, timestamp, value) VALUES (?, ?, ?, ?, ?)');
    let seconds = 0;
    const { rss } = withPeakRss(() => {
      const start = performance.now();
      const lines = fs.readFileSync(gen.metricsFile, 'utf8').split('\n');
      let inTransaction = 0;
      db.exec('BEGIN');
      for (const line of lines) {
        if (!line) continue;
        const entry = JSON.parse(line) as { step: number; timestamp: number; values: Record<string, number> };
        for (const key in entry.values) {
          insert.run(1, key, entry.step, entry.timestamp, entry.values[key]);
          if (++inTransaction === rowsPerTransaction) {
            db.exec('COMMIT');
            db.exec('BEGIN');
            inTransaction = 0;
          }
        }
      }
      db.exec('COMMIT');
      seconds = (performance.now() - start) / 1000;
    });
    checkBaselineCount(db);
    return { seconds, rss };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- read-back

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface ReadResult {
  runlensMs: number[];
  baselineMs: number[];
}

/** Reads one 50,000-point series back from each store, alternately, and checks what comes back. */
function measureReads(gen: Generated, dataDir: string, baselineFile: string): ReadResult {
  const db = openDatabase(dataDir);
  const base = openBaseline(baselineFile);
  try {
    const runKey = (db.prepare('SELECT key FROM runs').get() as { key: number }).key;
    const select = base.prepare('SELECT step, timestamp, value FROM points WHERE run = ? AND key = ? ORDER BY step');
    // Check both return the generated series exactly.
    const k = metricKeys.indexOf(readKey);
    const series = readMetricSeries(db, runKey, readKey);
    const rows = select.all(1, readKey) as { step: number; timestamp: number; value: number }[];
    if (series.values.length !== steps || rows.length !== steps) fail(`read-back lengths ${series.values.length} / ${rows.length}, expected ${steps}`);
    for (let s = 0; s < steps; s++) {
      const i = s * metricKeys.length + k;
      if (series.steps[s] !== gen.step[i] || series.timestamps[s] !== gen.timestamp[i] || series.values[s] !== gen.value[i]) {
        fail(`Runlens read-back differs at step ${s}`);
      }
      if (rows[s].step !== gen.step[i] || rows[s].timestamp !== gen.timestamp[i] || rows[s].value !== gen.value[i]) {
        fail(`baseline read-back differs at step ${s}`);
      }
    }
    const result: ReadResult = { runlensMs: [], baselineMs: [] };
    for (let rep = -3; rep < readReps; rep++) {
      let t = performance.now();
      readMetricSeries(db, runKey, readKey);
      const a = performance.now() - t;
      t = performance.now();
      select.all(1, readKey);
      const b = performance.now() - t;
      if (rep >= 0) {
        result.runlensMs.push(a);
        result.baselineMs.push(b);
      }
    }
    return result;
  } finally {
    db.close();
    base.close();
  }
}

// ---------------------------------------------------------------- report

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const fmtRate = (perSecond: number) => `${(perSecond / 1e6).toFixed(3)} M/s`;

function main(): void {
  console.log(`Runlens native ingest benchmark: ${totalPoints.toLocaleString('en-US')} points (${steps.toLocaleString('en-US')} lines x ${metricKeys.length} keys)`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.arch()}`);
  const genStart = performance.now();
  const gen = generate();
  const fileBytes = fs.statSync(gen.metricsFile).size;
  console.log(`generated ${gen.metricsFile} (${(fileBytes / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - genStart) / 1000).toFixed(1)} s (not timed)`);
  console.log('');
  try {
    const a: (Measurement & { openSeconds: number })[] = [];
    const b: Measurement[] = [];
    const c: Measurement[] = [];
    const header = 'round  contender                    seconds     points/s   peak RSS (before)';
    console.log(header);
    console.log('-'.repeat(header.length));
    const line = (round: number, name: string, m: Measurement) =>
      console.log(`${String(round).padStart(5)}  ${name.padEnd(27)} ${m.seconds.toFixed(3).padStart(8)}  ${fmtRate(totalPoints / m.seconds).padStart(11)}   ${mib(m.rss.peakBytes)} (${mib(m.rss.beforeBytes)})`);
    for (let r = 1; r <= rounds; r++) {
      const last = r === rounds;
      a.push(runRunlens(gen, path.join(gen.root, `runlens-data-${r}`)));
      line(r, 'Runlens ingest (file)', a[a.length - 1]);
      b.push(runBaselineInserts(gen, path.join(gen.root, `baseline-rows-${r}.sqlite`)));
      line(r, 'baseline row inserts', b[b.length - 1]);
      c.push(runBaselineParseAndInserts(gen, path.join(gen.root, `baseline-parse-${r}.sqlite`)));
      line(r, 'baseline parse + rows', c[c.length - 1]);
      if (!last) {
        // Keep the disk from filling with old rounds; the last round's stores serve the read test.
        fs.rmSync(path.join(gen.root, `runlens-data-${r}`), { recursive: true, force: true });
        for (const name of [`baseline-rows-${r}.sqlite`, `baseline-parse-${r}.sqlite`]) {
          for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(gen.root, name + suffix), { force: true });
        }
      }
      collectGarbage();
    }

    const best = (ms: Measurement[]) => ms.reduce((x, y) => (y.seconds < x.seconds ? y : x));
    const bestA = best(a);
    const bestB = best(b);
    const bestC = best(c);
    const runlensRate = totalPoints / bestA.seconds;
    const rowsRate = totalPoints / bestB.seconds;
    const parseRowsRate = totalPoints / bestC.seconds;
    const ratio = runlensRate / rowsRate;
    const ratioParse = runlensRate / parseRowsRate;
    const storeBytes = (dir: string) => fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
    const baseBytes = (name: string) => ['', '-wal'].reduce((sum, s) => sum + (fs.existsSync(path.join(gen.root, name + s)) ? fs.statSync(path.join(gen.root, name + s)).size : 0), 0);

    console.log('');
    console.log(`best of ${rounds} (same process, alternating rounds)`);
    const t2 = 'contender                        points     seconds     points/s   peak RSS   store size';
    console.log(t2);
    console.log('-'.repeat(t2.length));
    const row = (name: string, m: Measurement, bytes: number) =>
      console.log(`${name.padEnd(27)} ${totalPoints.toLocaleString('en-US').padStart(11)} ${m.seconds.toFixed(3).padStart(11)}  ${fmtRate(totalPoints / m.seconds).padStart(11)}  ${mib(m.rss.peakBytes).padStart(9)}  ${mib(bytes).padStart(11)}`);
    row('Runlens ingest (file)', bestA, storeBytes(path.join(gen.root, `runlens-data-${rounds}`)));
    row('baseline row inserts', bestB, baseBytes(`baseline-rows-${rounds}.sqlite`));
    row('baseline parse + rows', bestC, baseBytes(`baseline-parse-${rounds}.sqlite`));
    console.log('');
    console.log(`ratio runlens / baseline row inserts       = ${ratio.toFixed(2)}  (>1: Runlens faster; floor 0.5, DESIGN.md expects >= 3)`);
    console.log(`ratio runlens / baseline parse + rows      = ${ratioParse.toFixed(2)}`);
    const peakA = Math.max(...a.map((m) => m.rss.peakBytes));
    console.log(`Runlens ingest peak RSS: ${mib(peakA)} over all rounds (RSS before ingest ${mib(bestA.rss.beforeBytes)}; method ${bestA.rss.method}${bestA.rss.method === 'maxRSS' ? ', process-lifetime peak' : ', reset before each contender'})`);
    console.log(`Runlens store open + migrate + project row (not timed above): ${(Math.min(...a.map((m) => m.openSeconds)) * 1000).toFixed(1)} ms`);

    const reads = measureReads(gen, path.join(gen.root, `runlens-data-${rounds}`), path.join(gen.root, `baseline-rows-${rounds}.sqlite`));
    const rMed = median(reads.runlensMs);
    const bMed = median(reads.baselineMs);
    console.log('');
    console.log(`read one ${steps.toLocaleString('en-US')}-point series ("${readKey}"), ${readReps} reps after 3 warm-up, alternating:`);
    console.log(`  Runlens readMetricSeries                      median ${rMed.toFixed(2)} ms   best ${Math.min(...reads.runlensMs).toFixed(2)} ms`);
    console.log(`  baseline SELECT step,timestamp,value ... ORDER BY step  median ${bMed.toFixed(2)} ms   best ${Math.min(...reads.baselineMs).toFixed(2)} ms`);
    console.log(`  ratio baseline time / Runlens time = ${(bMed / rMed).toFixed(1)}  (>1: Runlens faster)`);
    console.log('');
    const ranged = measureRangeRead(gen.root, readReps);
    const [rangeMed, wholeMed, betweenMed] = [median(ranged.rangeMs), median(ranged.wholeMs), median(ranged.baselineMs)];
    console.log(`read steps 40,000-41,000 (${ranged.points} points) of a 1,000,000-point series, ${readReps} reps after 3 warm-up, alternating:`);
    console.log(`  Runlens range read: ${ranged.chunksTouched} of ${ranged.chunksTotal} chunks touched   median ${rangeMed.toFixed(3)} ms`);
    console.log(`  whole series read, then kept the range                  median ${wholeMed.toFixed(3)} ms   (ratio ${(wholeMed / rangeMed).toFixed(1)})`);
    console.log(`  baseline SELECT ... WHERE step BETWEEN (row table)     median ${betweenMed.toFixed(3)} ms   (ratio ${(betweenMed / rangeMed).toFixed(1)})`);
    console.log('');
    console.log(JSON.stringify({
      benchmark: 'native-ingest',
      points: totalPoints,
      runlens_points_per_s: Math.round(runlensRate),
      baseline_rows_per_s: Math.round(rowsRate),
      ratio: Number(ratio.toFixed(3)),
      ratio_vs_parse_and_rows: Number(ratioParse.toFixed(3)),
      baseline_parse_and_rows_per_s: Math.round(parseRowsRate),
      runlens_peak_rss_bytes: peakA,
      read_series_ms: Number(rMed.toFixed(3)),
      baseline_read_series_ms: Number(bMed.toFixed(3)),
      read_ratio: Number((bMed / rMed).toFixed(2)),
      range_chunks_touched: ranged.chunksTouched,
      range_chunks_total: ranged.chunksTotal,
      range_read_ms: Number(rangeMed.toFixed(3)),
      whole_read_then_filter_ms: Number(wholeMed.toFixed(3)),
      baseline_between_ms: Number(betweenMed.toFixed(3)),
    }));
    if (ratio < 0.5) process.exitCode = 1;
  } finally {
    fs.rmSync(gen.root, { recursive: true, force: true });
  }
}

main();
