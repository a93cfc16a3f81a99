// Reads a predictions table (CSV, TSV, JSON lines or Parquet) row by row, as strings,
// with progress and a way to stop. CSV goes through csv-parse (RFC 4180
// quoting, BOMs, CRLF); JSON lines through JSON.parse per line, accepting
// Python's bare NaN/Infinity. A line that cannot be read is skipped and
// counted, never fatal. The file is opened through safeFile, so a FIFO or a
// device is refused instead of blocking.
import { parse } from 'csv-parse';
import fs from 'node:fs';
import readline from 'node:readline';
import { parseJsonTolerant } from '../sources/dvclive/metricsJson';
import { RequestFailed } from '../handlerTypes';
import { isMissing, openRegularFile, problemOf } from '../sources/safeFile';
import { readParquetTable } from './parquetTable';

export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

export function tableFormatOf(artifactPath: string): TableFormat | null {
  const lower = artifactPath.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  return null;
}

export interface TableVisitor {
  header(columns: string[]): void;
  /** One data row (as many values as the header has) and its line in the file; 'stop' ends the read. */
  row(values: string[], line: number): void | 'stop';
}

export interface TableReadOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number, rowsRead: number) => void;
}

export interface TableReadSummary {
  rows: number;
  totalBytes: number;
  /** Lines skipped because they could not be read (wrong field count, bad quoting, not a JSON object). */
  malformed: { count: number; firstLines: number[] };
  /** False when the file had no header line at all. */
  hadHeader: boolean;
}

const progressEveryBytes = 4 * 1024 * 1024;
/** No prediction row is longer; a longer record is an unclosed quote. */
const maxRecordChars = 1024 * 1024;
const maxListedLines = 5;

/**
 * A read's failure as the caller should see it: a clear message naming the
 * artifact, never the absolute path, never 'internal'. RequestFailed and a
 * cancel pass through.
 */
export function readFailure(error: unknown, artifactPath: string): Error {
  if (error instanceof RequestFailed || error instanceof ReadCancelled) return error;
  if (isMissing(error)) return new RequestFailed('not-found', `"${artifactPath}" is no longer on disk`);
  return new RequestFailed('unreadable', `"${artifactPath}" ${problemOf(error)}`);
}

export class ReadCancelled extends Error {
  constructor() {
    super('The read was cancelled');
  }
}

function noteMalformed(summary: TableReadSummary, line: number): void {
  summary.malformed.count += 1;
  if (summary.malformed.firstLines.length < maxListedLines) summary.malformed.firstLines.push(line);
}

/** The file as a stream that reports its progress. */
function openStream(file: string, options: TableReadOptions, counter: { rows: number }): { stream: fs.ReadStream; totalBytes: number } {
  const { fd, stat } = openRegularFile(file);
  const stream = fs.createReadStream('', { fd, highWaterMark: 1024 * 1024 });
  let bytes = 0;
  let reported = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    if (bytes - reported >= progressEveryBytes) {
      reported = bytes;
      options.onProgress?.(bytes, stat.size, counter.rows);
    }
  });
  if (options.signal) {
    const abort = () => stream.destroy(new ReadCancelled());
    if (options.signal.aborted) abort();
    else options.signal.addEventListener('abort', abort, { once: true });
  }
  return { stream, totalBytes: stat.size };
}

export async function readPredictionTable(file: string, format: TableFormat, visitor: TableVisitor, options: TableReadOptions = {}): Promise<TableReadSummary> {
  if (format === 'parquet') {
    const summary: TableReadSummary = { rows: 0, totalBytes: 0, malformed: { count: 0, firstLines: [] }, hadHeader: false };
    await readParquetTable(file, visitor, summary, options);
    if (options.signal?.aborted) throw new ReadCancelled();
    return summary;
  }
  const counter = { rows: 0 };
  const { stream, totalBytes } = openStream(file, options, counter);
  const summary: TableReadSummary = { rows: 0, totalBytes, malformed: { count: 0, firstLines: [] }, hadHeader: false };
  try {
    if (format === 'jsonl') await readJsonLines(stream, visitor, summary, counter);
    else await readDelimited(stream, format === 'tsv' ? '\t' : ',', visitor, summary, counter);
  } finally {
    stream.destroy();
  }
  if (options.signal?.aborted) throw new ReadCancelled();
  options.onProgress?.(totalBytes, totalBytes, summary.rows);
  return summary;
}

/**
 * Events, not `for await` and not csv-parse's `info` option: each costs
 * about 3 s per million rows. The parser's own `info.lines` is current when a
 * record is emitted, and gives the record's (last) line.
 */
function readDelimited(stream: fs.ReadStream, delimiter: string, visitor: TableVisitor, summary: TableReadSummary, counter: { rows: number }): Promise<void> {
  const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, max_record_size: maxRecordChars, record_delimiter: ['\r\n', '\n'] });
  let width = -1;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      stream.unpipe(parser);
      parser.destroy();
      if (error) reject(error);
      else resolve();
    };
    parser.on('skip', (error: { code?: string; lines?: number }) => {
      // A quote that never closes would swallow the rest of the file as one field: say so instead of skipping it all.
      if (error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE') {
        finish(new RequestFailed('bad-request', `Line ${error.lines ?? parser.info.lines} opens a quoted field that never closes (or is longer than 1 MiB): the rest of the file cannot be read as a table`));
        return;
      }
      noteMalformed(summary, error.lines ?? parser.info.lines);
    });
    parser.on('data', (values: string[]) => {
      if (settled) return;
      try {
        if (width < 0) {
          width = values.length;
          summary.hadHeader = true;
          visitor.header(values.map((name) => name.trim()));
          return;
        }
        const line = parser.info.lines;
        if (values.length !== width) {
          noteMalformed(summary, line);
          return;
        }
        summary.rows += 1;
        counter.rows = summary.rows;
        if (visitor.row(values, line) === 'stop') finish();
      } catch (error) {
        finish(error);
      }
    });
    parser.on('end', () => finish());
    parser.on('error', (error) => finish(error));
    stream.on('error', (error) => finish(error));
    stream.pipe(parser);
  });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

async function readJsonLines(stream: fs.ReadStream, visitor: TableVisitor, summary: TableReadSummary, counter: { rows: number }): Promise<void> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let columns: string[] | null = null;
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = parseJsonTolerant(text);
    } catch {
      noteMalformed(summary, line);
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      noteMalformed(summary, line);
      continue;
    }
    const record = parsed as Record<string, unknown>;
    if (!columns) {
      columns = Object.keys(record);
      summary.hadHeader = true;
      visitor.header(columns);
    }
    summary.rows += 1;
    counter.rows = summary.rows;
    if (visitor.row(columns.map((name) => cellText(record[name])), line) === 'stop') break;
  }
}
