// Reads a CSV into a column-oriented DriftFrame, streaming (a 200 MB file is
// never one string): UTF-8 with or without BOM, UTF-16 LE/BE with a BOM, the
// delimiter sniffed from the header (, ; tab |), quoted fields. A column stays
// a Float64Array while its cells are numbers or empty and turns into text at
// the first other cell. Malformed rows (a wrong field count) are skipped and
// counted; an empty file gives an empty frame with a note, not an error.
import { parse } from 'csv-parse';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { DriftFrame, FrameColumn } from '../../../shared/drift/frame';
import { openRegularFile } from '../sources/safeFile';

/** Larger files are refused: a drift batch of more is a mistake, and memory would not hold it. */
export const MAX_CSV_BYTES = 2 * 1024 ** 3;
const SKIPPED_EXAMPLES = 5;
const START_BYTES = 64 * 1024;

/** A file Runlens cannot read as a frame at all (too large, not a file): named in the message. */
export class FrameReadError extends Error {}
export class FrameReadCancelled extends Error {
  constructor() {
    super('The read was cancelled');
  }
}

export interface CsvFrame {
  frame: DriftFrame;
  /** Column names in file order (duplicates renamed as pandas does: `x.1`). */
  columns: string[];
  skippedLines: number;
  skippedExamples: number[];
  problems: string[];
  bytes: number;
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding a BOM says, and its length in bytes. */
function encodingOf(start: Buffer): { encoding: Encoding; bom: number } {
  if (start.length >= 3 && start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (start.length >= 2 && start[0] === 0xff && start[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (start.length >= 2 && start[0] === 0xfe && start[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: 'utf-8', bom: 0 };
}

const DELIMITERS = [',', ';', '\t', '|'] as const;
const delimiterName: Record<string, string> = { ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** The delimiter that splits the header line most often outside quotes; a comma on ties or none. */
export function sniffDelimiter(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** Turns UTF-16 bytes into UTF-8 for csv-parse, chunk boundaries and all (TextDecoder keeps a split character). */
function utf16ToUtf8(encoding: Encoding): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}

/** pandas' default missing markers (read_csv na_values), besides the empty cell. */
const MISSING_TEXT = new Set(['NA', 'N/A', 'n/a', 'NaN', '-NaN', 'nan', '-nan', 'NULL', 'null', 'None', '<NA>', '#N/A', '#NA', '-1.#IND', '1.#IND', '-1.#QNAN', '1.#QNAN', '#N/A N/A']);

/** A cell as a number: NaN for missing, ±Infinity for inf, undefined for text. The common case (a plain number) costs one Number(). */
export function numberOfCell(cell: string): number | undefined {
  if (cell === '') return NaN;
  const value = Number(cell);
  if (!Number.isNaN(value)) {
    // Number() also reads '  ' as 0 and 0x1A as 26: neither is a number in a CSV.
    if ((cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32) && cell.trim() === '') return NaN;
    if (cell.charCodeAt(0) === 48 && cell.length > 1) {
      const second = cell.charCodeAt(1) | 32;
      if (second === 120 || second === 111 || second === 98) return undefined;
    }
    return value;
  }
  const trimmed = cell.trim();
  if (trimmed === '' || MISSING_TEXT.has(trimmed)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/** One column as it is read: numbers in a growing Float64Array until the first text cell. */
class ColumnBuilder {
  private numbers: Float64Array | null = new Float64Array(1024);
  private texts: (string | null)[] | null = null;
  length = 0;

  push(cell: string): void {
    if (this.numbers) {
      const value = numberOfCell(cell);
      if (value !== undefined) {
        if (this.length === this.numbers.length) {
          const grown = new Float64Array(this.numbers.length * 2);
          grown.set(this.numbers);
          this.numbers = grown;
        }
        this.numbers[this.length++] = value;
        return;
      }
      this.toText();
    }
    const trimmed = cell.trim();
    this.texts!.push(trimmed === '' || MISSING_TEXT.has(trimmed) ? null : cell);
    this.length++;
  }

  /** Earlier numeric cells become their text (missing stays missing). */
  private toText(): void {
    const numbers = this.numbers!;
    const texts: (string | null)[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) texts[i] = Number.isNaN(numbers[i]) ? null : String(numbers[i]);
    this.texts = texts;
    this.numbers = null;
  }

  finish(): FrameColumn {
    return this.numbers ? this.numbers.slice(0, this.length) : this.texts!;
  }
}

/** Header names trimmed; empty ones `Unnamed: i` and repeated ones `x.1`, as pandas names them. */
function columnNames(header: string[], problems: string[]): string[] {
  const seen = new Map<string, number>();
  const names = header.map((raw, i) => {
    const name = raw.trim() === '' ? `Unnamed: ${i}` : raw.trim();
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}.${count}`;
  });
  const repeated = [...seen].filter(([, n]) => n > 1).map(([name]) => `"${name}"`);
  if (repeated.length) problems.push(`Column ${repeated.join(', ')} appears more than once in the header: the later ones are named ${repeated[0]}.1 and so on`);
  return names;
}

interface Start {
  encoding: Encoding;
  bom: number;
  delimiter: string;
  empty: boolean;
}

function startOf(fd: number): Start {
  const buffer = Buffer.alloc(START_BYTES);
  const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
  const head = buffer.subarray(0, n);
  const { encoding, bom } = encodingOf(head);
  const text = new TextDecoder(encoding).decode(head.subarray(bom, n - ((n - bom) % (encoding === 'utf-8' ? 1 : 2))));
  const firstLine = text.split(/\r?\n/)[0];
  return { encoding, bom, delimiter: sniffDelimiter(firstLine), empty: text.trim() === '' };
}

function notesOf(start: Start, file: string): string[] {
  const notes: string[] = [];
  const name = path.basename(file);
  if (start.encoding !== 'utf-8') notes.push(`${name} is ${start.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} (by its byte-order mark): decoded`);
  else if (start.bom) notes.push(`${name} starts with a UTF-8 byte-order mark: skipped`);
  if (start.delimiter !== ',') notes.push(`${name} is ${delimiterName[start.delimiter]}-separated`);
  return notes;
}

/** Reads `file` into a frame. Throws FrameReadError for a file too large or not a regular file, and fs errors. */
export async function readCsvFrame(file: string, options: { signal?: AbortSignal } = {}): Promise<CsvFrame> {
  let opened: { fd: number; stat: fs.Stats };
  try {
    opened = openRegularFile(file);
  } catch (error) {
    throw new FrameReadError((error as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read: ${(error as Error).message}`);
  }
  const { fd, stat } = opened;
  if (stat.size > MAX_CSV_BYTES) {
    fs.closeSync(fd);
    throw new FrameReadError(`${path.basename(file)} is ${(stat.size / 1024 ** 3).toFixed(1)} GB: Runlens reads drift batches up to 2 GB (split the file)`);
  }
  let start: Start;
  try {
    start = startOf(fd);
  } catch (error) {
    fs.closeSync(fd);
    throw new FrameReadError(`${file} cannot be read: ${(error as Error).message}`);
  }
  const problems = notesOf(start, file);
  if (start.empty) {
    fs.closeSync(fd);
    problems.push(`${path.basename(file)} is empty: no header, no rows`);
    return { frame: { rows: 0, columns: new Map() }, columns: [], skippedLines: 0, skippedExamples: [], problems, bytes: stat.size };
  }
  return streamRecords(file, fd, stat.size, start, problems, options.signal);
}

function streamRecords(file: string, fd: number, bytes: number, start: Start, problems: string[], signal?: AbortSignal): Promise<CsvFrame> {
  const source = fs.createReadStream('', { fd, start: start.bom, highWaterMark: 1024 * 1024 });
  const parser = parse({ delimiter: start.delimiter, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n'] });
  const text = start.encoding === 'utf-8' ? source : source.pipe(utf16ToUtf8(start.encoding));
  let names: string[] | null = null;
  let builders: ColumnBuilder[] = [];
  let rows = 0;
  let line = 0;
  let skippedLines = 0;
  const skippedExamples: number[] = [];
  return new Promise<CsvFrame>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      text.unpipe(parser);
      parser.destroy();
      source.destroy();
      reject(error);
    };
    const onAbort = () => fail(new FrameReadCancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    // One signal serves a whole run of reads: each read takes its listener off when it ends.
    const settle = () => signal?.removeEventListener('abort', onAbort);
    source.once('close', settle);
    parser.on('data', (values: string[]) => {
      const first = line + 1; // the record's first line: a quoted field may hold newlines
      line = first;
      for (const value of values) for (let at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) line += 1;
      if (values.length === 1 && values[0].trim() === '') return; // an empty line
      if (!names) {
        names = columnNames(values, problems);
        builders = names.map(() => new ColumnBuilder());
        return;
      }
      if (values.length !== names.length) {
        skippedLines++;
        if (skippedExamples.length < SKIPPED_EXAMPLES) skippedExamples.push(first);
        return;
      }
      for (let c = 0; c < values.length; c++) builders[c].push(values[c]);
      rows++;
    });
    parser.on('end', () => {
      if (failed) return;
      const columns = names ?? [];
      if (rows === 0) problems.push(`${path.basename(file)} has a header and no rows`);
      if (skippedLines) problems.push(`${path.basename(file)}: ${skippedLines} malformed line${skippedLines === 1 ? '' : 's'} skipped (a wrong number of fields; line${skippedLines === 1 ? '' : 's'} ${skippedExamples.join(', ')}${skippedLines > skippedExamples.length ? ', …' : ''})`);
      const frame: DriftFrame = { rows, columns: new Map(columns.map((name, c) => [name, builders[c].finish()])) };
      resolve({ frame, columns, skippedLines, skippedExamples, problems, bytes });
    });
    parser.on('error', (error) => fail(new FrameReadError(`${path.basename(file)} is not a CSV Runlens can read (near line ${line + 1}): ${error.message}`)));
    source.on('error', (error) => fail(new FrameReadError(`${file} cannot be read: ${error.message}`)));
    text.pipe(parser);
  });
}
