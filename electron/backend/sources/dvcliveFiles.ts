// The file formats of a DVCLive output folder, one parser each: the metric
// history TSVs (read incrementally), metrics.json (JSON with Python's bare NaN
// and Infinity) and params.yaml (flattened to dotted keys). dvclive.ts finds
// the files and puts what they say together into a run.
import fs from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { canResume, fileIdentity, readNewLines } from './lineReader';
import type { FileCursor, RunRecord } from './records';

/** Unread TSV stretches past this size are probed for a NUL-filled (sparse or preallocated) tail first. */
const tailProbeBytes = 1024 * 1024;
const probeBlockBytes = 64 * 1024;
/** Text before a NUL tail up to this size is read in one go; past it the line reader streams it. */
const maxTextBeforeTailBytes = 64 * 1024 * 1024;
/** Bytes before a TSV cursor kept to recognise the file on the next read. */
const tailCheckBytes = 32;
const maxParams = 10_000;
const maxNesting = 32;

// ------------------------------------------------------------------ numbers

const specialNumbers: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN,
  inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity,
  '-inf': -Infinity, '-infinity': -Infinity,
};

/**
 * A number as Python writes one: decimal, `inf`/`nan` (str(float), which
 * csv and DVCLive 3.x write) or `Infinity`/`NaN` (json.dumps). Null when the
 * token is not a number (an empty token is not 0).
 */
export function parseNumber(token: string): number | null {
  const n = Number(token);
  if (n === n) return n !== 0 || token.trim() !== '' ? n : null;
  const special = specialNumbers[token.trim().toLowerCase()];
  return special === undefined ? null : special;
}

/**
 * parseNumber of line[start, end), with a fast path for the plain integers
 * steps and timestamps are (up to 15 digits, exact in a double) that skips
 * both the substring and Number().
 */
export function numberAt(line: string, start: number, end: number): number | null {
  let i = start;
  const negative = i < end && line.charCodeAt(i) === 0x2d;
  if (negative) i++;
  if (i < end && end - i <= 15) {
    let n = 0;
    for (; i < end; i++) {
      const digit = line.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
    }
    if (i === end) return negative ? -n : n;
  }
  return parseNumber(line.slice(start, end));
}

// ------------------------------------------------------------------ metrics.json

const sentinel = '\u0000runlens:';
const sentinelValues: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Quotes bare NaN, Infinity and -Infinity outside strings so JSON.parse accepts them. */
function quoteBareSpecials(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, honouring backslash escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if (c !== 0x4e && c !== 0x49 && c !== 0x2d) continue; // N, I, -
    const token = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('-Infinity', i) ? '-Infinity' : null;
    if (!token) continue;
    parts.push(text.slice(from, i), `"\\u0000runlens:${token}"`);
    i += token.length - 1;
    from = i + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** JSON.parse that also accepts the bare NaN, Infinity and -Infinity Python's json module writes. */
export function parseJsonTolerant(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  return JSON.parse(quoteBareSpecials(text), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(sentinel) ? sentinelValues[value.slice(sentinel.length)] : value,
  );
}

/**
 * The numeric leaves of metrics.json under DVCLive's metric names: nested
 * objects joined with `/` (DVCLive splits `train/loss` into {"train": {"loss"}}),
 * without the top-level `step`. Strings that spell a number ("nan", "inf":
 * DVCLive 3.x stores non-finite values as str(val)) count; other values do not.
 */
export function summaryValues(summary: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (value: unknown, key: string, depth: number) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (depth >= maxNesting) return;
      for (const [name, item] of Object.entries(value)) {
        if (depth === 0 && name === 'step') continue;
        walk(item, key ? `${key}/${name}` : name, depth + 1);
      }
      return;
    }
    const n = typeof value === 'number' ? value : typeof value === 'string' ? specialNumbers[value.trim().toLowerCase()] : undefined;
    if (n !== undefined && key) out.set(key, n);
  };
  walk(summary, '', 0);
  return out;
}

// ------------------------------------------------------------------ params.yaml

function scalarText(node: unknown): string {
  if (!isScalar(node)) return 'null';
  const value = node.value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  // Keep what the file says (`1e-08`, `0.0`, `false`), as Python's str() would show it.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return node.source ?? String(value);
  return String(value);
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

/**
 * params.yaml flattened the way DVC names params (`dvc params diff`,
 * `dvc exp show`): nested mappings joined with `.`. Scalars keep their source
 * text, null is "null", lists (and anything nested too deep) are JSON.
 * Aliases and `<<` merge keys are resolved. Throws on YAML errors or a
 * document that is not a mapping.
 */
export function flattenParams(text: string): { values: Record<string, string>; truncated: boolean } {
  const doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message.split('\n')[0]);
  const values: Record<string, string> = {};
  let count = 0;
  let truncated = false;
  const resolved = new Map<unknown, unknown>();
  const resolve = (node: unknown): unknown => {
    if (!isAlias(node)) return node;
    if (!resolved.has(node)) resolved.set(node, node.resolve(doc as Document));
    return resolved.get(node);
  };
  const leaf = (node: unknown): string => {
    if (isScalar(node) || node === null || node === undefined) return scalarText(node);
    try {
      return JSON.stringify((node as { toJS(doc: Document, options: object): unknown }).toJS(doc as Document, { maxAliasCount: 1000 })) ?? 'null';
    } catch {
      return String(node);
    }
  };
  const walk = (raw: unknown, prefix: string, depth: number): void => {
    if (count >= maxParams) {
      // Also what stops aliases that expand exponentially (a "billion laughs" document).
      truncated = true;
      return;
    }
    const node = resolve(raw);
    if (!isMap(node) || depth >= maxNesting) {
      values[prefix] = leaf(node);
      count += 1;
      return;
    }
    // Merged mappings first, so the mapping's own keys win.
    for (const pair of node.items) {
      if (!isMergeKey(pair.key)) continue;
      const source = resolve(pair.value);
      const sources = isSeq(source) ? source.items : [source];
      for (const item of sources) if (isMap(resolve(item))) walk(item, prefix, depth + 1);
    }
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) continue;
      const key = isScalar(pair.key) ? scalarText(pair.key) : leaf(resolve(pair.key));
      walk(pair.value, prefix ? `${prefix}.${key}` : key, depth + 1);
    }
    if (node.items.length === 0 && prefix) values[prefix] = '{}';
  };
  const root = resolve(doc.contents);
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) return { values, truncated };
  if (!isMap(root)) throw new Error(`the document is a ${isSeq(root) ? 'list' : 'scalar'}, not a mapping of params`);
  walk(root, '', 0);
  return { values, truncated };
}

// ------------------------------------------------------------------ metric TSVs

/** What must survive between reads of one TSV (kept in its cursor's state). */
export interface TsvState {
  /** Column indexes: step, timestamp (-1: none), value, and the header's column count. */
  cols: [number, number, number, number] | null;
  header: string | null;
  /** Smallest timestamp read so far (ms), the run's start when it has one. */
  minTs: number | null;
  /** The header was unusable: the rest of the file is not read. */
  skip: boolean;
  /** The bytes before the cursor (hex), to notice a replaced file that reused the inode. */
  tail: string | null;
}

export function emptyTsvState(): TsvState {
  return { cols: null, header: null, minTs: null, skip: false, tail: null };
}

export function parseTsvState(state: string | null | undefined): TsvState | null {
  if (!state) return null;
  try {
    const parsed = JSON.parse(state) as Partial<TsvState> | null;
    if (!parsed || typeof parsed !== 'object') return null;
    const cols = Array.isArray(parsed.cols) && parsed.cols.length === 4 && parsed.cols.every((n) => Number.isInteger(n)) ? parsed.cols : null;
    return {
      cols,
      header: typeof parsed.header === 'string' ? parsed.header : null,
      minTs: typeof parsed.minTs === 'number' ? parsed.minTs : null,
      skip: parsed.skip === true,
      tail: typeof parsed.tail === 'string' ? parsed.tail : null,
    };
  } catch {
    return null;
  }
}

/**
 * Parses the lines of one DVCLive metric history file. DVCLive writes
 * `[timestamp\t]step\t<name>` with a header line (the name is the leaf in
 * 2.x/3.x, the full metric path in 1.x) and, as csv.DictWriter is handed each
 * row's own keys, a metric logged with and without `timestamp=True` mixes
 * 3- and 2-column rows under one header.
 */
export class TsvParser {
  steps: number[] = [];
  timestamps: number[] = [];
  values: number[] = [];
  private skippedCount = 0;
  private examples: string[] = [];
  private notes: RunRecord[] = [];

  constructor(
    private readonly key: string,
    private readonly label: string,
    readonly state: TsvState,
  ) {}

  private skip(lineNumber: number, why: string): void {
    this.skippedCount += 1;
    if (this.examples.length < 3) this.examples.push(`line ${lineNumber}: ${why}`);
  }

  /** Reads the header line; true when the line is data after all (a file without a header). */
  header(line: string): boolean {
    const names = line.replace(/^\uFEFF/, '').split('\t').map((name) => name.trim());
    const step = names.indexOf('step');
    if (step < 0) {
      if ((names.length === 2 || names.length === 3) && names.every((name) => parseNumber(name) !== null)) {
        this.state.cols = names.length === 2 ? [0, -1, 1, 2] : [1, 0, 2, 3];
        this.notes.push({ kind: 'warning', message: `${this.label}: no header line; read as DVCLive's ${names.length === 2 ? 'step, value' : 'timestamp, step, value'} columns`, count: 1 });
        return true;
      }
      this.state.skip = true;
      this.notes.push({ kind: 'warning', message: `${this.label}: no "step" column in the header line; file not read`, count: 1, detail: `line 1: ${line.slice(0, 200)}` });
      return false;
    }
    const timestamp = names.indexOf('timestamp');
    const others = names.map((_, i) => i).filter((i) => i !== step && i !== timestamp);
    const leaf = this.key.slice(this.key.lastIndexOf('/') + 1);
    const value = others.find((i) => names[i] === leaf || names[i] === this.key) ?? (others.length === 1 ? others[0] : -1);
    if (value < 0) {
      this.state.skip = true;
      this.notes.push({ kind: 'warning', message: `${this.label}: no value column "${leaf}" in the header line; file not read`, count: 1, detail: `line 1: ${line.slice(0, 200)}` });
      return false;
    }
    this.state.cols = [step, timestamp, value, names.length];
    // Kept to skip a repeated header line later; a header past 1 KB is no DVCLive's and not kept in the cursor.
    this.state.header = line.length <= 1024 ? line : null;
    return false;
  }

  feed(lines: string[], firstLineNumber: number): void {
    const state = this.state;
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 0x0d) line = line.slice(0, -1);
      const lineNumber = firstLineNumber + i;
      if (lineNumber === 1 && !this.header(line)) continue;
      if (state.skip || !state.cols) continue;
      if (line.length === 0 || line === state.header) continue;
      this.row(line, lineNumber, state.cols);
    }
  }

  /** Tab positions of the current row (no split: no array and no strings for the columns not read). */
  private readonly tabs: number[] = [];

  /** The number in one column of the current row, or null. */
  private field(line: string, column: number, tabCount: number): number | null {
    return numberAt(line, column === 0 ? 0 : this.tabs[column - 1] + 1, column === tabCount ? line.length : this.tabs[column]);
  }

  private row(line: string, lineNumber: number, cols: [number, number, number, number]): void {
    const tabs = this.tabs;
    let tabCount = 0;
    for (let at = line.indexOf('\t'); at >= 0; at = line.indexOf('\t', at + 1)) {
      if (tabCount >= 16) break;
      tabs[tabCount++] = at;
    }
    const columns = tabCount + 1;
    let stepCol = cols[0];
    let tsCol = cols[1];
    let valueCol = cols[2];
    if (columns !== cols[3]) {
      if (columns === 2 && (cols[3] === 2 || cols[3] === 3)) [stepCol, tsCol, valueCol] = [0, -1, 1];
      else if (columns === 3 && (cols[3] === 2 || cols[3] === 3)) [stepCol, tsCol, valueCol] = [1, 0, 2];
      else {
        this.skip(lineNumber, `${tabCount >= 16 ? 'over 16' : columns} columns, expected ${cols[3]}`);
        return;
      }
    }
    const step = this.field(line, stepCol, tabCount);
    if (step === null || !Number.isFinite(step)) {
      this.skip(lineNumber, 'step is not a finite number');
      return;
    }
    const value = this.field(line, valueCol, tabCount);
    if (value === null) {
      this.skip(lineNumber, 'value is not a number');
      return;
    }
    let timestamp = NaN;
    if (tsCol >= 0) {
      const parsed = this.field(line, tsCol, tabCount);
      if (parsed === null) {
        this.skip(lineNumber, 'timestamp is not a number');
        return;
      }
      timestamp = parsed;
      if (Number.isFinite(parsed) && (this.state.minTs === null || parsed < this.state.minTs)) this.state.minTs = parsed;
    }
    this.steps.push(step);
    this.timestamps.push(timestamp);
    this.values.push(value);
  }

  note(record: RunRecord): void {
    this.notes.push(record);
  }

  /** The records parsed since the last call. */
  take(): RunRecord[] {
    const records: RunRecord[] = [];
    if (this.steps.length > 0) {
      records.push({ kind: 'metrics', points: new Map([[this.key, { steps: this.steps, timestamps: this.timestamps, values: this.values }]]) });
      this.steps = [];
      this.timestamps = [];
      this.values = [];
    }
    records.push(...this.notes);
    this.notes = [];
    if (this.skippedCount > 0) {
      records.push({ kind: 'warning', message: `${this.label}: malformed rows skipped`, count: this.skippedCount, detail: this.examples.join('; ') });
      this.skippedCount = 0;
      this.examples = [];
    }
    return records;
  }
}

/** One batch of a TSV: records, the cursor after them (state included), whether the file started over. */
export interface TsvBatch {
  records: RunRecord[];
  cursor: FileCursor;
  restarted: boolean;
  /** Read from the file's first line. */
  fromStart: boolean;
  state: TsvState;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buffer, got, length - got, position + got);
    if (n <= 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

function allNul(buffer: Buffer): boolean {
  for (let i = 0; i < buffer.length; i++) if (buffer[i] !== 0) return false;
  return true;
}

/**
 * Where a NUL-filled tail starts in [from, size), or null when the file does
 * not end in NULs. A sparse or preallocated file (a crash, `truncate`) ends
 * in a hole no text writer made; binary search over 64 KB blocks finds its
 * start in ~log2(size / 64 KB) small reads instead of reading the hole.
 * Assumes text then NULs; a NUL block inside text may end the text early,
 * which is reported like the rest of the tail.
 */
export function nulTailStart(fd: number, from: number, size: number): number | null {
  const blocks = Math.ceil((size - from) / probeBlockBytes);
  const blockAt = (k: number) => readAt(fd, from + k * probeBlockBytes, Math.min(probeBlockBytes, size - from - k * probeBlockBytes));
  if (blocks === 0 || !allNul(blockAt(blocks - 1))) return null;
  let lo = 0;
  let hi = blocks - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (allNul(blockAt(mid))) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 0) return from;
  const before = blockAt(lo - 1);
  let end = before.length;
  while (end > 0 && before[end - 1] === 0) end--;
  return from + (lo - 1) * probeBlockBytes + end;
}

/** The first line of a file (the TSV header), to recover columns when a cursor lost its state. */
function readFirstLine(fd: number): string | null {
  const head = readAt(fd, 0, 64 * 1024).toString('utf8');
  const newline = head.indexOf('\n');
  return newline < 0 ? null : head.slice(0, newline).replace(/\r$/, '');
}

/** The last bytes before `offset` (hex): what a cursor checks to know the file it resumes is the file it read. */
function tailAt(fd: number, offset: number): string {
  const from = Math.max(0, offset - tailCheckBytes);
  return readAt(fd, from, offset - from).toString('hex');
}

/**
 * Reads what was appended to one metric TSV since `cursor`, in batches of a
 * few MB: a torn last row waits for its newline, a replaced or truncated file
 * is read again from its first byte (restarted), and a NUL-filled tail is
 * skipped without being read (one warning). A file replaced by one at least
 * as long that reuses the inode (Linux reuses a deleted file's inode at once;
 * DVCLive deletes and rewrites its histories on `Live(resume=False)`) is told
 * apart by the bytes before the cursor, kept in its state. Throws ENOENT if
 * the file vanished.
 */
export function* readTsv(file: string, key: string, label: string, cursor: FileCursor | null): Generator<TsvBatch> {
  // Unchanged since the cursor (the common case on every watcher event): nothing to open.
  const before = fs.statSync(file);
  if (cursor && canResume(cursor, before) && before.size === cursor.byteOffset && before.mtimeMs === cursor.mtimeMs) return;
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    // The cursor to resume from, or null to read from the first byte.
    let from: FileCursor | null = canResume(cursor, stat) ? cursor : null;
    let state = (from ? parseTsvState(from.state) : null) ?? emptyTsvState();
    if (from && from.byteOffset > 0 && state.tail !== null && tailAt(fd, from.byteOffset) !== state.tail) {
      // Not the file the cursor read: make the line reader start over too.
      cursor = { ...from, inode: `${from.inode} (replaced)` };
      from = null;
      state = emptyTsvState();
    }
    if (from && from.lineNumber > 0 && !state.cols && !state.skip) {
      // The cursor lost its state (an older cursor): take the columns from the header again.
      const first = readFirstLine(fd);
      state = emptyTsvState();
      if (first !== null) new TsvParser(key, label, state).header(first);
    }
    const start = from ? from.byteOffset : 0;
    const startLine = from ? from.lineNumber : 0;
    const parser = new TsvParser(key, label, state);

    const tail = stat.size - start > tailProbeBytes ? nulTailStart(fd, start, stat.size) : null;
    if (tail !== null && tail - start <= maxTextBeforeTailBytes) {
      const text = readAt(fd, start, tail - start).toString('utf8');
      const lastNewline = text.lastIndexOf('\n');
      const lines = lastNewline < 0 ? [] : text.slice(0, lastNewline).split('\n');
      parser.feed(lines, startLine + 1);
      const records = parser.take();
      const torn = lastNewline + 1 < text.length;
      records.push({
        kind: 'warning',
        message: `${label}: ends in ${stat.size - tail} NUL bytes (a sparse or preallocated file); skipped without reading them`,
        count: 1,
        detail: `bytes ${tail} to ${stat.size}${torn ? `; the row before them (line ${startLine + 1 + lines.length}) is cut off` : ''}`,
      });
      // The cursor moves past the NULs: they are never read, now or later.
      state.tail = tailAt(fd, stat.size);
      yield {
        records,
        cursor: { path: file, ...fileIdentity(stat), byteOffset: stat.size, lineNumber: startLine + 1 + lines.length, state: JSON.stringify(state) },
        restarted: !from && cursor !== null,
        fromStart: start === 0,
        state,
      };
      return;
    }

    let first = true;
    for (const chunk of readNewLines(file, cursor)) {
      if (chunk.restarted) {
        // Started over: the columns and the smallest timestamp come from the new content.
        Object.assign(state, emptyTsvState());
      }
      if (chunk.overlongLines) {
        parser.note({ kind: 'warning', message: `${label}: lines longer than 16 MB skipped`, count: chunk.overlongLines, detail: `near line ${chunk.firstLineNumber}` });
      }
      parser.feed(chunk.lines, chunk.firstLineNumber);
      state.tail = tailAt(fd, chunk.cursor.byteOffset);
      yield {
        records: parser.take(),
        cursor: { ...chunk.cursor, state: JSON.stringify(state) },
        restarted: chunk.restarted,
        fromStart: first && chunk.firstLineNumber === 1,
        state,
      };
      first = false;
    }
  } finally {
    fs.closeSync(fd);
  }
}
