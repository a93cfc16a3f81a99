// The rows of one DVCLive metric history (plots/metrics/<key>.tsv), as
// csv.DictWriter writes them: `[timestamp\t]step\t<name>` under a header
// line. Hand-written rather than a CSV library: the lines come from the
// incremental line reader (exact byte offsets for the cursor), one header
// names the columns yet a metric logged with and without `timestamp=True`
// mixes 2- and 3-column rows under it, and a history may hold millions of
// rows, each read without splitting it. tsvFile.ts feeds it the lines.
import { nonFiniteFloat, plainInteger } from '../numbers';
import type { RunRecord } from '../records';

/**
 * A number as Python writes one: decimal, `inf`/`nan` (str(float), which
 * csv and DVCLive 3.x write) or `Infinity`/`NaN` (json.dumps). Null when the
 * token is not a number (an empty token is not 0).
 */
export function parseNumber(token: string): number | null {
  const n = Number(token);
  if (n === n) return n !== 0 || token.trim() !== '' ? n : null;
  const special = nonFiniteFloat(token.trim());
  return special === undefined ? null : special;
}

/**
 * parseNumber of line[start, end), with a fast path for the plain integers
 * steps and timestamps are (up to 15 digits, exact in a double) that skips
 * both the substring and Number().
 */
export function numberAt(line: string, start: number, end: number): number | null {
  const n = plainInteger(line, start, end);
  return n === n ? n : parseNumber(line.slice(start, end));
}

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
