// MLflow file-store metric files: `<run>/metrics/<key>`, one series per file,
// keys with '/' as nested folders, one line per point appended by
// FileStore._log_run_metric as `timestamp value step` (before 1.0 without the
// step, which then reads as 0, as FileStore._get_metric_from_line does).
// Read incrementally with readNewLines; a replaced or truncated file voids
// only its own key.
import path from 'node:path';
import { binaryTailWhy, readNewLines, type LineChunk } from '../lineReader';
import { nonFiniteFloat, plainInteger } from '../numbers';
import { wholeFileChanged, type CursorLookup, type FileBatch, type FileCursor, type RunRecord } from '../records';
import { identityOf, listKeyFiles, type FolderListing } from './meta';
import { SkippedLines } from '../skippedLines';
import { batchAfterFailure } from '../fileProblems';
import { problemOf } from '../safeFile';

export const metricFolderLimits = { maxFiles: 100_000, maxDepth: 16 };

interface Series {
  steps: number[];
  timestamps: number[];
  values: number[];
}

/** Number() reads 0x1f, 0o7 and 0b1; Python's float() and int() refuse them. */
function hasRadixPrefix(token: string): boolean {
  const i = token.charCodeAt(0) === 45 || token.charCodeAt(0) === 43 ? 1 : 0;
  if (token.charCodeAt(i) !== 48 || token.length < i + 2) return false;
  const c = token.charCodeAt(i + 1) | 0x20;
  return c === 0x78 || c === 0x6f || c === 0x62;
}

/** A value token as Python's float() reads it; undefined when it is not a number. */
export function parseFloatToken(token: string): number | undefined {
  if (token.length === 0) return undefined;
  const n = +token;
  if (n === n) return hasRadixPrefix(token) ? undefined : n;
  // Python's float() spellings of what repr() writes for non-finite values ('nan', 'inf', '-inf').
  return nonFiniteFloat(token);
}

/** A timestamp or step token: a finite number (an integer for steps); undefined otherwise. */
function parseIntegerToken(token: string, integer: boolean): number | undefined {
  if (token.length === 0) return undefined;
  const n = +token;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || hasRadixPrefix(token)) return undefined;
  return n;
}

function integerAt(line: string, start: number, end: number, integer: boolean): number | undefined {
  const n = plainInteger(line, start, end);
  return n === n ? n : parseIntegerToken(line.slice(start, end), integer);
}

function isBlank(c: number): boolean {
  return c === 32 || c === 13 || c === 9 || c === 11 || c === 12;
}

/**
 * Parses one line into `series`. Returns null when a point was added, '' for
 * a blank line, or why the line was skipped. NUL bytes before a line (what a
 * crash leaves where a block was not yet written) are dropped, not the line.
 */
export function parseMetricLine(line: string, series: Series): string | null {
  let end = line.length;
  while (end > 0 && isBlank(line.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && (isBlank(line.charCodeAt(start)) || line.charCodeAt(start) === 0)) start++;
  if (start >= end) return start > 0 && line.charCodeAt(0) === 0 ? 'only NUL bytes' : '';
  // MLflow splits on single spaces: `line.strip().split(" ")`, 2 or 3 fields.
  // Five or more are read too, for their first three: a later writer may
  // append the dataset a metric was computed on (name, digest); four are not.
  const a = line.indexOf(' ', start);
  if (a < 0 || a >= end) return 'one field; expected "timestamp value step"';
  const b = line.indexOf(' ', a + 1);
  const two = b < 0 || b >= end;
  let stepEnd = end;
  if (!two) {
    const c = line.indexOf(' ', b + 1);
    if (c >= 0 && c < end) {
      const d = line.indexOf(' ', c + 1);
      if (d < 0 || d >= end) return '4 fields; expected "timestamp value step"';
      stepEnd = c;
    }
  }
  const timestamp = integerAt(line, start, a, false);
  const value = parseFloatToken(two ? line.slice(a + 1, end) : line.slice(a + 1, b));
  const step = two ? 0 : integerAt(line, b + 1, stepEnd, true);
  if (timestamp === undefined || value === undefined || step === undefined) {
    const bad = [timestamp === undefined ? 'timestamp' : '', value === undefined ? 'value' : '', step === undefined ? 'step' : '']
      .filter(Boolean)
      .join(', ');
    return `not a number: ${bad} (${JSON.stringify(line.slice(start, Math.min(end, start + 80)))})`;
  }
  series.timestamps.push(timestamp);
  series.values.push(value);
  series.steps.push(step);
  return null;
}

/**
 * The batches of one metric file since its cursor: one per stretch of the
 * file. A restarted file first voids its key. A file deleted before it could
 * be opened yields nothing; any other error (a FIFO in its place, no
 * permission, a symlink loop) is a warning, said once, that voids nothing:
 * the key's stored points stand, and the file is read from its start once it
 * can be.
 */
export function* readMetricFile(file: string, key: string, cursor: FileCursor | null): Generator<FileBatch> {
  const name = `metrics/${key}`;
  const lines = readNewLines(file, cursor);
  let last: FileCursor | null = null;
  for (;;) {
    let next: IteratorResult<LineChunk>;
    try {
      next = lines.next();
    } catch (error) {
      const batch = batchAfterFailure(file, `${name} ${problemOf(error)}`, error, cursor, last);
      if (batch) yield batch;
      return;
    }
    if (next.done) return;
    const chunk = next.value;
    const series: Series = { steps: [], timestamps: [], values: [] };
    const skipped = new SkippedLines();
    if (chunk.overlongLines) skipped.add(chunk.firstLineNumber, `${chunk.overlongLines} line(s) longer than 16 MB without a line break (binary data or NUL bytes)`);
    if (chunk.binaryTail) skipped.add(chunk.firstLineNumber, binaryTailWhy(chunk.binaryTail));
    let nulPrefixed = 0;
    for (let i = 0; i < chunk.lines.length; i++) {
      const line = chunk.lines[i];
      const why = parseMetricLine(line, series);
      if (why === null) {
        if (line.charCodeAt(0) === 0) nulPrefixed += 1;
      } else if (why !== '') {
        skipped.add(chunk.firstLineNumber + i, why);
      }
    }
    const records: RunRecord[] = [];
    if (chunk.restarted) records.push({ kind: 'voidMetrics', keys: [key] });
    if (series.steps.length > 0) records.push({ kind: 'metrics', points: new Map([[key, series]]) });
    const skippedWarning = skipped.warning(name);
    if (skippedWarning) records.push(skippedWarning);
    if (nulPrefixed > 0) {
      records.push({ kind: 'warning', message: `${name}: NUL bytes before a line (left by a crash while writing?) were dropped`, count: nulPrefixed });
    }
    yield { file, records, cursor: chunk.cursor, fromStart: last === null && (cursor === null || chunk.restarted) };
    last = chunk.cursor;
  }
}

/**
 * Every metric file of a run that changed since its cursor, then one batch for
 * the metrics folder itself when its set of keys changed: keys whose file
 * vanished are voided (its cursor's state keeps the keys it last saw).
 */
export function* readRunMetrics(runFolder: string, cursors: CursorLookup): Generator<FileBatch> {
  const folder = path.join(runFolder, 'metrics');
  const listing: FolderListing | null = listKeyFiles(folder, metricFolderLimits);
  const files = listing?.files ?? [];
  for (const entry of files) {
    const cursor = cursors.cursorFor(entry.file);
    // Unchanged since the last read: skip without opening it.
    if (cursor && !wholeFileChanged(cursor, entry)) continue;
    yield* readMetricFile(entry.file, entry.key, cursor);
  }
  const problems = listing?.problems ?? [];
  // Keys whose file is there but not read (a symlink, a FIFO) are not gone: their series stand.
  const keys = [...files.map((entry) => entry.key), ...(listing?.unreadKeys ?? [])].sort();
  const identity = identityOf(keys.map((key) => ({ key, size: 0, mtimeMs: 0, inode: '' })), problems.join('\n'));
  const before = cursors.cursorFor(folder);
  if (before ? before.inode === identity.inode : keys.length === 0 && problems.length === 0) return;
  const records: RunRecord[] = [];
  // Void only after a complete listing (no folder unreadable, no limit reached): a partial one must not drop series.
  if (!listing || listing.complete) {
    const now = new Set(keys);
    const gone = previousKeys(before).filter((key) => !now.has(key));
    if (gone.length > 0) records.push({ kind: 'voidMetrics', keys: gone });
  }
  for (const problem of problems) records.push({ kind: 'warning', message: `metrics folder: ${problem}`, count: 1 });
  // After a partial listing, the keys not seen are kept: they may still be there.
  const kept = !listing || listing.complete ? keys : [...new Set([...previousKeys(before), ...keys])].sort();
  const cursor: FileCursor = { path: folder, size: keys.length, mtimeMs: 0, inode: identity.inode, byteOffset: 0, lineNumber: 0, state: JSON.stringify(kept) };
  yield { file: folder, records, cursor, fromStart: true };
}

function previousKeys(cursor: FileCursor | null): string[] {
  if (!cursor?.state) return [];
  try {
    const keys = JSON.parse(cursor.state) as unknown;
    return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    return [];
  }
}
