// CSV or Parquet in, CSV out: a model scores a file of any size in batches.
// A CSV streams through csv-parse (BOM, quoted newlines, the delimiter found
// from the header); a .parquet file is read by parquetInput.ts, which gives
// the same text cells. Each batch's features are checked and cast here (so an
// error names its line or row and its column), and the output goes to a
// temporary file beside the target, renamed only on success: a failed or
// cancelled job leaves no partial file. The input's SHA-256 is taken as it is
// read, and a file that changed while it was read fails the job.
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { openRegularFile } from '../sources/safeFile';
import { isParquet, parquetHeader, parquetRecordsAtStart, readParquetBatches } from './parquetInput';

export type FeatureKind = 'number' | 'integer' | 'bool' | 'string';
export interface FeatureSpec {
  column: string;
  kind: FeatureKind;
}
export type FeatureValues = Float64Array | string[];

/** What the batch scorer needs of a model: its features in order, and a way to score cast columns. */
export interface BatchModel {
  features: FeatureSpec[];
  score(columns: FeatureValues[], rows: number): Promise<{ prediction: string[] | null; probabilities: Float64Array[] | null; classLabels: string[] }>;
}

export interface BatchOptions {
  batchRows?: number;
  /** What an empty or NaN cell in a numeric feature does: fail the job (default), or pass NaN to the model. */
  missing?: 'fail' | 'nan';
  /** Keep only this input column (an id) beside the predictions, instead of every input column. */
  idColumn?: string;
  /** The column of true classes, kept beside the id so that the output can be evaluated. */
  labelColumn?: string;
  signal?: AbortSignal;
  onProgress?: (progress: { rows: number; bytesRead: number; totalBytes: number; rowsPerSecond: number }) => void;
}

export interface BatchSummary {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  output: string;
  columns: string[];
  inputSha256: string;
}

/** Bad input, naming the line and the column: the CLI exits 2 with it. */
export class ScoringInputError extends Error {}
export class ScoringCancelled extends Error {
  constructor() {
    super('The scoring job was cancelled');
  }
}

const defaultBatchRows = 4096;

/** The header's delimiter: the one of , ; tab that splits it most (outside quotes). */
export function delimiterOf(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

const startBytes = 64 * 1024;

/** The file's first 64 KiB as text (no BOM), and whether that was the whole file. */
function textAtStart(file: string): { text: string; whole: boolean } {
  const { fd } = openRegularFile(file);
  try {
    const buffer = Buffer.alloc(startBytes);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, n).toString('utf8').replace(/^\uFEFF/, ''), whole: n < startBytes };
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's first line (its header), read from at most its first 64 KiB. */
export function firstLine(file: string): string {
  return textAtStart(file).text.split(/\r?\n/)[0];
}

/** The input's column names, trimmed: a CSV's first record (quotes and all), a Parquet file's schema. */
export function headerOf(file: string): string[] {
  const names = isParquet(file) ? parquetHeader(file) : csvRecordsAtStart(file, 1)[0];
  return names?.map((name) => name.trim()) ?? [];
}

/** The input's first records as text, the header first: a CSV's from at most its first 64 KiB. */
export async function recordsAtStart(file: string, records: number): Promise<string[][]> {
  return isParquet(file) ? parquetRecordsAtStart(file, records) : csvRecordsAtStart(file, records);
}

function csvRecordsAtStart(file: string, records: number): string[][] {
  const { text, whole: wholeFile } = textAtStart(file);
  const lines = text.split(/\r?\n/);
  // The last line read may be cut short: drop it unless the file ended within the read.
  const whole = wholeFile ? lines : lines.slice(0, -1);
  if (whole.length === 0 || whole[0].trim() === '') return [];
  try {
    return parseSync(whole.join('\n'), { delimiter: delimiterOf(whole[0]), relax_quotes: true, relax_column_count: true, skip_empty_lines: true, to: records }) as string[][];
  } catch (error) {
    throw new ScoringInputError(`The start of the file is not CSV Runlens can read: ${(error as Error).message}`);
  }
}

/** A name as converters write it: "mean radius" and "Mean_Radius" are both mean_radius (skl2onnx's input names). */
const simpleName = (name: string): string => name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_');

/** The column a feature reads: its exact name, else the one whose simple name is the same (if only one). */
export function columnIndex(header: string[], feature: string): number {
  const exact = header.indexOf(feature);
  if (exact >= 0) return exact;
  const wanted = simpleName(feature);
  const matches = header.map((name, i) => (simpleName(name) === wanted ? i : -1)).filter((i) => i >= 0);
  return matches.length === 1 ? matches[0] : -1;
}

const needsQuotes = /[",\r\n]/;
const quote = (text: string): string => (needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * A cell cast to the feature's kind; throws ScoringInputError naming where it
 * is ("Line 6" of a CSV, "Row 5" of a Parquet file) and its column.
 */
export function castNumber(text: string, spec: FeatureSpec, line: number, missing: 'fail' | 'nan', unit: RowBatch['unit'] = 'Line'): number {
  const trimmed = text.trim();
  const at = `${unit} ${line}, column "${spec.column}"`;
  if (spec.kind === 'bool') {
    const lower = trimmed.toLowerCase();
    if (lower === 'true' || lower === '1') return 1;
    if (lower === 'false' || lower === '0') return 0;
    throw new ScoringInputError(`${at}: "${text.slice(0, 40)}" is not true or false`);
  }
  // Number('') is 0: an empty cell is missing, not zero.
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (Number.isNaN(value)) {
    if (trimmed !== '' && !/^nan$/i.test(trimmed)) throw new ScoringInputError(`${at}: "${text.slice(0, 40)}" is not a number`);
    if (missing === 'fail') throw new ScoringInputError(`${at}: the value is ${trimmed === '' ? 'empty' : 'NaN'} (choose "pass NaN" to score it anyway)`);
    return NaN;
  }
  if (spec.kind === 'integer' && !Number.isInteger(value)) throw new ScoringInputError(`${at}: ${text} is not a whole number`);
  return value;
}

/** Rows of text cells, each with where it starts: a CSV's line (the header is line 1) or a Parquet row (from 1). */
export interface RowBatch {
  values: string[][];
  lines: number[];
  unit: 'Line' | 'Row';
}

/**
 * What an input reader is given: it calls `onHeader` once, then `onBatch` for
 * each batch in order (of at most `batchRows` rows), waiting for each, with the
 * bytes read so far; it returns the input's SHA-256.
 */
export interface BatchReading {
  batchRows: number;
  signal?: AbortSignal;
  onHeader(names: string[]): Promise<void>;
  onBatch(batch: RowBatch, bytesRead: number): Promise<void>;
}

/** Scores `input` (a CSV, or Parquet by its .parquet extension) into the CSV `output`. */
export async function scoreCsv(model: BatchModel, input: string, output: string, options: BatchOptions = {}): Promise<BatchSummary> {
  const batchRows = options.batchRows ?? defaultBatchRows;
  const missing = options.missing ?? 'fail';
  const before = fs.statSync(input);
  const temporary = path.join(path.dirname(output), `.${path.basename(output)}.runlens-${process.pid}-${Date.now()}.tmp`);
  const started = performance.now();
  const sink = fs.createWriteStream(temporary, { flags: 'wx' });
  // Opened before any read: a reader that fails at once (a bad Parquet footer) would
  // otherwise remove the file before the stream creates it, leaving it behind.
  await once(sink, 'open');
  let rows = 0;
  let header: string[] | null = null;
  let featureIndexes: number[] = [];
  let keptIndexes: number[] = [];
  let outputColumns: string[] = [];
  let sinkError: Error | null = null;
  sink.on('error', (error) => (sinkError = error));

  const write = (text: string): Promise<void> => {
    if (sinkError) return Promise.reject(sinkError);
    if (sink.write(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        sink.off('drain', onDrain);
        reject(error);
      };
      const onDrain = () => {
        sink.off('error', onError);
        resolve();
      };
      sink.once('drain', onDrain);
      sink.once('error', onError);
    });
  };

  const onHeader = async (names: string[]) => {
    header = names.map((name) => name.trim());
    featureIndexes = model.features.map((f) => columnIndex(header!, f.column));
    const missingColumns = model.features.filter((_, i) => featureIndexes[i] < 0).map((f) => f.column);
    if (missingColumns.length) throw new ScoringInputError(`The input has no column ${missingColumns.map((c) => `"${c}"`).join(', ')} that the model needs (its columns: ${header.join(', ')})`);
    if (options.idColumn !== undefined && !header.includes(options.idColumn)) throw new ScoringInputError(`The input has no id column "${options.idColumn}"`);
    if (options.labelColumn !== undefined && !header.includes(options.labelColumn)) throw new ScoringInputError(`The input has no label column "${options.labelColumn}"`);
    const kept = options.idColumn !== undefined ? [options.idColumn, ...(options.labelColumn !== undefined && options.labelColumn !== options.idColumn ? [options.labelColumn] : [])] : header;
    keptIndexes = kept.map((name) => header!.indexOf(name));
  };

  const scoreBatch = async (batch: RowBatch, bytesRead: number) => {
    const columns: FeatureValues[] = model.features.map((spec, f) => {
      const index = featureIndexes[f];
      if (spec.kind === 'string') return batch.values.map((row) => row[index]);
      const values = new Float64Array(batch.values.length);
      for (let r = 0; r < batch.values.length; r++) values[r] = castNumber(batch.values[r][index], spec, batch.lines[r], missing, batch.unit);
      return values;
    });
    const result = await model.score(columns, batch.values.length);
    if (outputColumns.length === 0) {
      outputColumns = [...keptIndexes.map((i) => header![i]), ...(result.prediction ? ['prediction'] : []), ...(result.probabilities ? result.classLabels.map((c) => `proba_${c}`) : [])];
      await write(`${outputColumns.map(quote).join(',')}\n`);
    }
    // One string per batch, built without a per-row array: writing is most of a fast model's cost.
    let text = '';
    const probabilities = result.probabilities ?? [];
    for (let r = 0; r < batch.values.length; r++) {
      const row = batch.values[r];
      let line = '';
      for (let k = 0; k < keptIndexes.length; k++) line += (k ? ',' : '') + quote(row[keptIndexes[k]] ?? '');
      if (result.prediction) line += (line === '' && keptIndexes.length === 0 ? '' : ',') + quote(result.prediction[r]);
      for (const column of probabilities) line += `,${column[r]}`;
      text += `${line}\n`;
    }
    await write(text);
    rows += batch.values.length;
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ rows, bytesRead, totalBytes: before.size, rowsPerSecond: seconds > 0 ? rows / seconds : 0 });
  };

  let inputSha256: string;
  try {
    const read = isParquet(input) ? readParquetBatches : readCsvBatches;
    inputSha256 = await read(input, { batchRows, signal: options.signal, onHeader, onBatch: scoreBatch });
    if (outputColumns.length === 0 && header) {
      outputColumns = keptIndexes.map((i) => header![i]);
      await write(`${outputColumns.map(quote).join(',')}\n`);
    }
    if (!header) throw new ScoringInputError('The input file is empty: it has no header line');
    await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (sinkError) throw sinkError;
    const after = fs.statSync(input);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw new ScoringInputError('The input file changed while it was being scored; score it again once it is complete');
    fs.renameSync(temporary, output);
  } catch (error) {
    sink.destroy();
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: seconds > 0 ? rows / seconds : 0, output, columns: outputColumns, inputSha256 };
}

/** The CSV reader: the file streamed through csv-parse, hashed as it goes. */
async function readCsvBatches(input: string, reading: BatchReading): Promise<string> {
  const delimiter = delimiterOf(firstLine(input));
  const hash = createHash('sha256');
  const { fd } = openRegularFile(input);
  const source = fs.createReadStream('', { fd, highWaterMark: 1024 * 1024 });
  // Both line ends, whatever the header used: a file with a CRLF header and LF rows is common (concatenated exports).
  const parser = parse({ delimiter, bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n'] });
  let bytesRead = 0;
  source.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytesRead += chunk.length;
  });
  try {
    await runBatches(source, parser, reading.batchRows, reading.signal, reading.onHeader, (batch) => reading.onBatch(batch, bytesRead), (width, values, line) => {
      if (values.length !== width) throw new ScoringInputError(`Line ${line} has ${values.length} fields where the header has ${width}`);
    });
  } finally {
    source.destroy();
  }
  return hash.digest('hex');
}

/**
 * Feeds the parser's records to `scoreBatch` a batch at a time, pausing the
 * parse while a batch is scored (events, not `for await`, which costs about
 * 3 s per million rows).
 */
function runBatches(
  source: fs.ReadStream,
  parser: ReturnType<typeof parse>,
  batchRows: number,
  signal: AbortSignal | undefined,
  onHeader: (names: string[]) => Promise<void>,
  scoreBatch: (batch: RowBatch) => Promise<void>,
  checkRow: (width: number, values: string[], line: number) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let width = -1;
    let batch: RowBatch = { values: [], lines: [], unit: 'Line' };
    let failed = false;
    let chain = Promise.resolve();
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      parser.destroy();
      reject(error);
    };
    const enqueue = (work: () => Promise<void>) => {
      parser.pause();
      chain = chain.then(work).then(() => {
        if (signal?.aborted) throw new ScoringCancelled();
        parser.resume();
      });
      chain.catch(fail);
    };
    if (signal) signal.addEventListener('abort', () => fail(new ScoringCancelled()), { once: true });
    // Lines are counted here: while a batch is scored the parser is paused, and
    // its own line count runs ahead of the records still to be emitted.
    let line = 0;
    parser.on('data', (values: string[]) => {
      if (failed) return;
      const start = line + 1; // the record's first line (a quoted field may hold newlines)
      line = start;
      for (const value of values) for (let at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) line += 1;
      try {
        if (values.length === 1 && values[0] === '') return; // an empty line
        if (width < 0) {
          width = values.length;
          enqueue(() => onHeader(values));
          return;
        }
        checkRow(width, values, start);
        batch.values.push(values);
        batch.lines.push(start);
        if (batch.values.length >= batchRows) {
          const full = batch;
          batch = { values: [], lines: [], unit: 'Line' };
          enqueue(() => scoreBatch(full));
        }
      } catch (error) {
        fail(error);
      }
    });
    parser.on('end', () => {
      if (failed) return;
      const last = batch;
      chain = chain.then(() => (last.values.length ? scoreBatch(last) : undefined));
      chain.then(resolve, fail);
    });
    parser.on('error', (error) => fail(new ScoringInputError(`The input is not a CSV Runlens can read: ${error.message}`)));
    source.on('error', fail);
    source.pipe(parser);
  });
}
