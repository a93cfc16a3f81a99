// CSV-to-CSV batch scoring of 200,000 rows (issue 17) with the breast-cancer
// logistic regression and the iris forest (its ZipMap form, as skl2onnx writes
// it by default). Baseline, in the same process: parse the same CSV with the
// same parser and call session.run on the same batches, writing nothing.
// Target: scoring end to end at least 0.6 of the baseline's rows per second.
//   node dist/bench/scoring.cjs          (ROWS=200000 by default)
import { parse } from 'csv-parse';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchModelOf, featuresOf } from '../electron/backend/scoring/batchModel';
import { scoreCsv } from '../electron/backend/scoring/batchScore';
import { openScoringModel, type ScoringModel } from '../electron/backend/scoring/onnx/session';

const repoRoot = path.resolve(__dirname, '..', '..');
const rows = Number(process.env.ROWS ?? 200_000);
const batchRows = 4096;

/** The dataset's rows repeated up to `count`, as a CSV with its header. */
function inflate(source: string, target: string, count: number): void {
  const [header, ...lines] = fs.readFileSync(source, 'utf8').trim().split(/\r?\n/);
  const fd = fs.openSync(target, 'w');
  let buffer = `${header}\n`;
  for (let i = 0; i < count; i++) {
    buffer += `${lines[i % lines.length]}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
}

/** Parse and session.run on the same batches, casting the same way, writing nothing. */
async function baseline(model: ScoringModel, columns: string[], input: string): Promise<number> {
  const started = performance.now();
  let header: number[] | null = null;
  let batch: string[][] = [];
  const run = async (records: string[][]) => {
    const features = header!.map((index) => Float64Array.from(records, (record) => Number(record[index])));
    await model.score({ columns: features });
  };
  const parser = fs.createReadStream(input).pipe(parse({ relax_column_count: true }));
  for await (const chunk of chunks(parser)) {
    for (const record of chunk) {
      if (!header) {
        header = columns.map((name) => record.indexOf(name));
        continue;
      }
      batch.push(record);
      if (batch.length >= batchRows) {
        await run(batch);
        batch = [];
      }
    }
  }
  if (batch.length) await run(batch);
  return (performance.now() - started) / 1000;
}

/** The parser's records in arrays, so the baseline pays no per-record await. */
async function* chunks(parser: ReturnType<typeof parse>): AsyncGenerator<string[][]> {
  let pending: string[][] = [];
  let done = false;
  let wake: (() => void) | null = null;
  parser.on('data', (record: string[]) => {
    pending.push(record);
    if (pending.length >= batchRows) {
      parser.pause();
      wake?.();
    }
  });
  parser.on('end', () => {
    done = true;
    wake?.();
  });
  while (!done || pending.length) {
    if (pending.length < batchRows && !done) await new Promise<void>((resolve) => (wake = resolve));
    const out = pending;
    pending = [];
    parser.resume();
    if (out.length) yield out;
  }
}

async function measure(name: string, file: string, dataset: string, order: string[] | null): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-score-'));
  try {
    const input = path.join(folder, 'input.csv');
    inflate(path.join(repoRoot, 'test', 'fixtures', 'datasets', dataset, 'test.csv'), input, rows);
    const model = await openScoringModel(path.join(repoRoot, 'test', 'fixtures', 'models', file));
    const { features } = featuresOf(model, order);
    const columns = features.map((f) => f.column);
    // Warm-up, then alternate the two three times and keep each one's best.
    await baseline(model, columns, input);
    let base = Infinity;
    let scored = Infinity;
    for (let round = 0; round < 3; round++) {
      base = Math.min(base, await baseline(model, columns, input));
      const summary = await scoreCsv(batchModelOf(model, features), input, path.join(folder, 'output.csv'), { batchRows });
      scored = Math.min(scored, summary.seconds);
    }
    await model.close();
    const baseRate = rows / base;
    const scoredRate = rows / scored;
    console.log(`${name}: ${rows.toLocaleString('en-US')} rows`);
    console.log(`  baseline (parse + session.run, no output)  ${Math.round(baseRate).toLocaleString('en-US')} rows/s`);
    console.log(`  runlens score, CSV to CSV                  ${Math.round(scoredRate).toLocaleString('en-US')} rows/s   ratio ${(scoredRate / baseRate).toFixed(2)} (target >= 0.6)`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Runlens scoring benchmark: node ${process.version}, ${os.cpus().length} CPUs, batches of ${batchRows}`);
  await measure('breast-cancer logistic regression', 'breast_cancer_logreg.onnx', 'breast_cancer', null);
  await measure('iris forest (ZipMap)', 'iris_forest_zipmap.onnx', 'iris', ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
