// Parquet files as the input of batch scoring: the fixture datasets written as
// Parquet (hyparquet-writer, in the test) score exactly as their CSVs do, and
// as scikit-learn did (expected_test_predictions.json, 1e-5); batches run
// across several row groups; a null cell fails or passes as NaN as an empty CSV cell
// does, naming its row and column; a missing column, a file that is not
// Parquet and a cancel leave no file; the label column is guessed from the
// first rows; `scoring/columns`, `scoring/score` and `runlens score` take one.
import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArgsOf, Events, RequestName, ResultOf } from '../../shared/api';
import { createBackend } from '../../electron/backend/backend';
import { batchModelOf, featuresOf } from '../../electron/backend/scoring/batchModel';
import { headerOf, recordsAtStart, scoreCsv, ScoringCancelled, ScoringInputError, type BatchOptions, type BatchSummary } from '../../electron/backend/scoring/batchScore';
import { openScoringModel } from '../../electron/backend/scoring/onnx/session';
import { listJobs } from '../../electron/backend/scoring/queries';
import { labelColumnFor, runScoringJob } from '../../electron/backend/scoring/scoringJob';
import { openDatabase } from '../../electron/backend/store/database';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

afterAll(removeTempDirs);

const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const datasets = path.join(repoRoot, 'test', 'fixtures', 'datasets');
const irisCsv = path.join(datasets, 'iris', 'test.csv');
const cancerCsv = path.join(datasets, 'breast_cancer', 'test.csv');
const expected = JSON.parse(fs.readFileSync(path.join(models, 'expected_test_predictions.json'), 'utf8')) as Record<string, number[] | number[][]>;

type ParquetType = 'DOUBLE' | 'INT32' | 'STRING';

interface Table {
  header: string[];
  rows: string[][];
}

const readCsv = (file: string): Table => {
  const [header, ...rows] = parse(fs.readFileSync(file, 'utf8'), { bom: true }) as string[][];
  return { header, rows };
};

/**
 * A CSV written as Parquet: numeric columns DOUBLE (INT32 where `types` says),
 * the others STRING; an empty cell is a null. `rowGroupSize` rows per group.
 */
function writeParquet(file: string, table: Table, rowGroupSize: number, types: Record<string, ParquetType> = {}): void {
  const columnData = table.header.map((name, c) => {
    const cells = table.rows.map((row) => row[c]);
    const type = types[name] ?? (cells.every((cell) => cell === '' || !Number.isNaN(Number(cell))) ? 'DOUBLE' : 'STRING');
    const data = cells.map((cell) => (cell === '' ? null : type === 'STRING' ? cell : Number(cell)));
    return { name, data, type };
  });
  fs.writeFileSync(file, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize })));
}

const rowGroupsOf = (file: string): number[] => parquetMetadata(new Uint8Array(fs.readFileSync(file)).buffer).row_groups.map((group) => Number(group.num_rows));

/** The files in a folder other than `keep`: a job must leave no temporary or partial file. */
const leftovers = (folder: string, keep: string[]) => fs.readdirSync(folder).filter((name) => !keep.includes(name));

async function withModel<T>(name: string, use: (model: Awaited<ReturnType<typeof openScoringModel>>) => Promise<T>): Promise<T> {
  const model = await openScoringModel(path.join(models, `${name}.onnx`));
  try {
    return await use(model);
  } finally {
    await model.close();
  }
}

/** Scores `input` with the named model (its own feature order), as the app does. */
function score(name: string, input: string, output: string, options: BatchOptions = {}): Promise<BatchSummary> {
  return withModel(name, (model) => scoreCsv(batchModelOf(model, featuresOf(model, null).features), input, output, options));
}

/** Two outputs are the same: the same columns, the model's columns to the character, input numbers equal as numbers (5.0 is written 5). */
function expectSameOutput(fromParquet: Table, fromCsv: Table): void {
  expect(fromParquet.header).toEqual(fromCsv.header);
  expect(fromParquet.rows.length).toBe(fromCsv.rows.length);
  const modelColumns = new Set(fromCsv.header.map((name, i) => (name === 'prediction' || name.startsWith('proba_') ? i : -1)));
  fromCsv.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const other = fromParquet.rows[r][c];
      if (modelColumns.has(c) || Number.isNaN(Number(cell))) expect(other).toBe(cell);
      else expect(Number(other)).toBe(Number(cell));
    }),
  );
}

const probabilityColumns = (table: Table) => table.header.map((name, i) => (name.startsWith('proba_') ? i : -1)).filter((i) => i >= 0);

describe('a Parquet input scores as its CSV does', () => {
  const folder = tempDir('runlens-score-parquet-');

  it("iris_forest on iris, in 3 row groups and batches of 7: the CSV's output, and scikit-learn's probabilities to 1e-5", async () => {
    const input = path.join(folder, 'iris.parquet');
    writeParquet(input, readCsv(irisCsv), 25);
    expect(rowGroupsOf(input)).toEqual([25, 25, 10]);
    const progress: { rows: number; bytesRead: number; totalBytes: number }[] = [];
    const summary = await score('iris_forest', input, path.join(folder, 'iris-parquet.csv'), { batchRows: 7, onProgress: (p) => progress.push(p) });
    await score('iris_forest', irisCsv, path.join(folder, 'iris-csv.csv'), { batchRows: 7 });
    const fromParquet = readCsv(path.join(folder, 'iris-parquet.csv'));
    expectSameOutput(fromParquet, readCsv(path.join(folder, 'iris-csv.csv')));
    const reference = expected.iris_forest as number[][];
    const columns = probabilityColumns(fromParquet);
    expect(columns).toHaveLength(3);
    fromParquet.rows.forEach((row, r) => reference[r].forEach((p, k) => expect(Math.abs(Number(row[columns[k]]) - p)).toBeLessThan(1e-5)));
    // Batches of 7 run across the groups of 25, as the CSV's lines do: rows 22-28 are one batch.
    expect(progress.map((p) => p.rows)).toEqual([7, 14, 21, 28, 35, 42, 49, 56, 60]);
    expect(progress.at(-1)).toMatchObject({ bytesRead: fs.statSync(input).size, totalBytes: fs.statSync(input).size });
    expect(summary).toMatchObject({ rows: 60, columns: fromParquet.header });
    expect(summary.inputSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('breast_cancer_logreg on breast cancer, "mean radius" read as the mean_radius feature: the same output, and P(benign) to 1e-5', async () => {
    const input = path.join(folder, 'cancer.parquet');
    writeParquet(input, readCsv(cancerCsv), 50, { target: 'INT32' });
    expect(rowGroupsOf(input)).toEqual([50, 50, 50, 21]);
    await score('breast_cancer_logreg', input, path.join(folder, 'cancer-parquet.csv'));
    await score('breast_cancer_logreg', cancerCsv, path.join(folder, 'cancer-csv.csv'));
    const fromParquet = readCsv(path.join(folder, 'cancer-parquet.csv'));
    expectSameOutput(fromParquet, readCsv(path.join(folder, 'cancer-csv.csv')));
    const positive = probabilityColumns(fromParquet)[1];
    const reference = expected.breast_cancer_logreg as number[];
    expect(fromParquet.rows).toHaveLength(reference.length);
    fromParquet.rows.forEach((row, r) => expect(Math.abs(Number(row[positive]) - reference[r])).toBeLessThan(1e-5));
  });

  it("gives the schema's names as the header, and the first rows to guess the label column from", async () => {
    const iris = path.join(folder, 'iris.parquet');
    const cancer = path.join(folder, 'cancer.parquet');
    expect(headerOf(iris)).toEqual(headerOf(irisCsv));
    expect(headerOf(cancer)).toEqual(headerOf(cancerCsv));
    const records = await recordsAtStart(iris, 4);
    expect(records).toEqual((await recordsAtStart(irisCsv, 4)).map((row) => row.map((cell) => (Number.isNaN(Number(cell)) ? cell : String(Number(cell))))));
    // species is not named like a label: it is found by holding only the model's classes.
    const guess = (name: string, file: string) =>
      withModel(name, async (model) => labelColumnFor(await recordsAtStart(file, 51), featuresOf(model, null).features, undefined, model.info.outputs.classLabels));
    expect(await guess('iris_forest', iris)).toBe('species');
    expect(await guess('breast_cancer_logreg', cancer)).toBe('target');
  });
});

describe('a Parquet input that cannot be scored as it is', () => {
  const folder = tempDir('runlens-score-parquet-bad-');
  const iris = readCsv(irisCsv);
  // Row 6 (line 7 of the CSV) loses its petal_width.
  const holed: Table = { header: iris.header, rows: iris.rows.map((row, r) => (r === 5 ? [...row.slice(0, 3), '', row[4]] : row)) };
  const holedParquet = path.join(folder, 'holed.parquet');
  const holedCsv = path.join(folder, 'holed.csv');
  writeParquet(holedParquet, holed, 4);
  fs.writeFileSync(holedCsv, [holed.header, ...holed.rows].map((row) => row.join(',')).join('\n') + '\n');
  const inputs = ['holed.parquet', 'holed.csv'];

  it('fails on a null cell by default, naming its row and column, and leaves no file', async () => {
    const output = path.join(folder, 'never.csv');
    const failed = score('iris_forest', holedParquet, output, { batchRows: 3 });
    await expect(failed).rejects.toBeInstanceOf(ScoringInputError);
    await expect(failed).rejects.toThrow('Row 6, column "petal_width": the value is empty (choose "pass NaN" to score it anyway)');
    // The CSV path says the same of the same cell, by its line.
    await expect(score('iris_forest', holedCsv, output)).rejects.toThrow('Line 7, column "petal_width": the value is empty');
    expect(leftovers(folder, inputs)).toEqual([]);
  });

  it('says NaN of a NaN cell, as the CSV path does of "NaN"', async () => {
    const input = path.join(folder, 'nan.parquet');
    fs.writeFileSync(input, Buffer.from(parquetWriteBuffer({ columnData: iris.header.map((name, c) => ({ name, type: c < 4 ? 'DOUBLE' : 'STRING', data: iris.rows.map((row, r) => (c >= 4 ? row[c] : r === 2 && c === 0 ? NaN : Number(row[c]))) })) })));
    await expect(score('iris_forest', input, path.join(folder, 'never.csv'))).rejects.toThrow('Row 3, column "sepal_length": the value is NaN');
    fs.rmSync(input);
    expect(leftovers(folder, inputs)).toEqual([]);
  });

  it('passes the null as NaN when told to, scoring as the CSV path scores the empty cell', async () => {
    // The same batch size on both sides: onnxruntime's sums differ in the last digits from one batch size to another
    // (the CSV path alone gives 0.9999998807907104 in batches of 3 and 1 in one batch for some row).
    await score('iris_forest', holedParquet, path.join(folder, 'nan-parquet.csv'), { missing: 'nan', batchRows: 3 });
    await score('iris_forest', holedCsv, path.join(folder, 'nan-csv.csv'), { missing: 'nan', batchRows: 3 });
    const fromParquet = readCsv(path.join(folder, 'nan-parquet.csv'));
    expectSameOutput(fromParquet, readCsv(path.join(folder, 'nan-csv.csv')));
    expect(fromParquet.rows[5][3]).toBe('');
    fs.rmSync(path.join(folder, 'nan-parquet.csv'));
    fs.rmSync(path.join(folder, 'nan-csv.csv'));
  });

  it('names a feature column the file lacks, and leaves no file', async () => {
    const input = path.join(folder, 'narrow.parquet');
    writeParquet(input, { header: iris.header.filter((name) => name !== 'petal_width'), rows: iris.rows.map((row) => row.filter((_, c) => c !== 3)) }, 20);
    await expect(score('iris_forest', input, path.join(folder, 'never.csv'))).rejects.toThrow(
      'The input has no column "petal_width" that the model needs (its columns: sepal_length, sepal_width, petal_length, species)',
    );
    fs.rmSync(input);
    expect(leftovers(folder, inputs)).toEqual([]);
  });

  it('refuses a file named .parquet that is not one, and leaves no file', async () => {
    const input = path.join(folder, 'fake.parquet');
    fs.copyFileSync(irisCsv, input);
    await expect(score('iris_forest', input, path.join(folder, 'never.csv'))).rejects.toThrow('The input is not a Parquet file Runlens can read: it does not end with PAR1');
    expect(() => headerOf(input)).toThrow(ScoringInputError);
    fs.rmSync(input);
    expect(leftovers(folder, inputs)).toEqual([]);
  });

  it('stops when cancelled, leaves no output and no temporary file, and is recorded as cancelled', async () => {
    const cancelFolder = tempDir('runlens-score-parquet-cancel-');
    const input = path.join(cancelFolder, 'big.parquet');
    const n = 200_000;
    const column = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
    const columnData = [
      { name: 'sepal_length', data: column((i) => 5 + (i % 10) / 10), type: 'DOUBLE' as const },
      { name: 'sepal_width', data: column((i) => 3 + (i % 7) / 10), type: 'DOUBLE' as const },
      { name: 'petal_length', data: column((i) => 1 + (i % 50) / 10), type: 'DOUBLE' as const },
      { name: 'petal_width', data: column((i) => (i % 25) / 10), type: 'DOUBLE' as const },
    ];
    fs.writeFileSync(input, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 50_000 })));
    const db = openDatabase(path.join(cancelFolder, 'data'));
    const controller = new AbortController();
    const seen: number[] = [];
    try {
      await withModel('iris_forest', async (model) => {
        const job = runScoringJob(db, {
          model: batchModelOf(model, featuresOf(model, null).features),
          modelInfo: { path: 'iris_forest.onnx', sha256: model.info.sha256, runId: null, artifactPath: null },
          input,
          output: path.join(cancelFolder, 'out.csv'),
          options: { batchRows: 1000, signal: controller.signal, onProgress: (p) => (seen.push(p.rows), p.rows >= 20_000 && controller.abort()) },
          settings: {},
          labelColumn: null,
        });
        await expect(job).rejects.toBeInstanceOf(ScoringCancelled);
      });
      expect(seen.at(-1)).toBe(20_000);
      expect(leftovers(cancelFolder, ['big.parquet', 'data'])).toEqual([]);
      expect(listJobs(db, 1)[0]).toMatchObject({ status: 'cancelled', error: 'The scoring job was cancelled' });
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('a Parquet input through the app and the command line', () => {
  const folder = tempDir('runlens-score-parquet-app-');
  // Upper case: the extension is read whatever its case.
  const input = path.join(folder, 'iris.PARQUET');
  writeParquet(input, readCsv(irisCsv), 16);

  it('lists its columns (scoring/columns), scores it in the worker with species found as the label, and records the job', async () => {
    const scoring: Events['scoring/progress'][] = [];
    const backend = await createBackend({
      dataDir: path.join(folder, 'data'),
      mode: 'cli',
      version: 'test',
      watch: false,
      scoringWorker: path.join(repoRoot, 'dist', 'electron', 'scoringWorker.cjs'),
      emit: (name, payload) => name === 'scoring/progress' && scoring.push(payload as Events['scoring/progress']),
    });
    const send = async <K extends RequestName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> => {
      const result = await backend.send(name, args);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value;
    };
    try {
      expect(await send('scoring/columns', { path: input })).toEqual({ path: input, columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'] });
      const output = path.join(folder, 'app-scored.csv');
      const { jobId } = await send('scoring/score', { model: { kind: 'file', path: path.join(models, 'iris_forest.onnx') }, input, output, batchRows: 10 });
      const end = await waitFor(() => scoring.find((p) => p.jobId === jobId && p.status !== 'running'), `scoring job ${jobId} to end`, 60_000);
      expect(end).toMatchObject({ status: 'finished', error: null, rows: 60 });
      const job = (await send('scoring/jobs', {})).find((j) => j.id === jobId)!;
      expect(job).toMatchObject({ status: 'finished', labelColumn: 'species', input: { path: input, rows: 60 } });
      expect(readCsv(output).header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species', 'prediction', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
    } finally {
      await backend.close();
    }
  }, 60_000);

  it('runlens score --input FILE.parquet: exit 0 with the summary; a null cell: exit 2 naming its row and column', () => {
    const runlens = (args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'runlens.cjs'), 'score', '--model', path.join(models, 'iris_forest.onnx'), '--data-dir', path.join(folder, 'cli-data'), ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const output = path.join(folder, 'cli-scored.csv');
    const passed = runlens(['--input', input, '--output', output, '--json']);
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ rows: 60, output, columns: readCsv(output).header });
    const holed = path.join(folder, 'holed.parquet');
    const iris = readCsv(irisCsv);
    writeParquet(holed, { header: iris.header, rows: iris.rows.map((row, r) => (r === 40 ? ['', ...row.slice(1)] : row)) }, 16);
    const failed = runlens(['--input', holed, '--output', path.join(folder, 'cli-never.csv')]);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('Row 41, column "sepal_length": the value is empty');
    expect(fs.existsSync(path.join(folder, 'cli-never.csv'))).toBe(false);
  });
});
