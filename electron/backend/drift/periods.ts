// Batches by time: every current file's rows grouped by a timestamp column
// into days, ISO weeks (from Monday) or months, in UTC. A batch's key is its
// period's first day (`2026-01-05`), its signature a hash of its rows, so
// that only periods whose rows changed are computed again.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DriftFrame, FrameColumn } from '../../../shared/drift/frame';
import type { BatchPeriod } from '../../../shared/drift/monitor';
import { numberOfCell, type CsvFrame } from './frameCsv';

const DAY_MS = 86_400_000;
/** Numbers below this are epoch seconds, above it milliseconds (1e11 s is the year 5138, 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;
const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A timestamp cell as epoch ms (UTC when no zone is given): ISO dates and times, epoch seconds or ms; NaN otherwise. */
export function timestampMs(cell: number | string | null): number {
  if (cell === null) return NaN;
  const numeric = typeof cell === 'number' ? cell : numberOfCell(cell);
  if (numeric !== undefined) return Number.isFinite(numeric) ? (Math.abs(numeric) < SECONDS_BELOW ? numeric * 1000 : numeric) : NaN;
  const text = (cell as string).trim();
  const match = isoDateTime.exec(text);
  if (!match) return NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse rolls 2026-02-31 over into March: refuse a day the calendar does not have.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return NaN;
  const fraction = /\.\d+/.exec(text)?.[0] ?? '';
  return Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4] ?? '00'}:${match[5] ?? '00'}:${match[6] ?? '00'}${fraction}${(match[7] ?? 'Z').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
}

/** The first millisecond of the UTC day, ISO week (Monday) or month holding `ms`. */
export function periodStart(ms: number, period: BatchPeriod): number {
  const day = Math.floor(ms / DAY_MS);
  if (period === 'day') return day * DAY_MS;
  if (period === 'week') return (day - ((day + 3) % 7 + 7) % 7) * DAY_MS; // 1970-01-01 was a Thursday
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export const dayKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function periodLabel(start: number, period: BatchPeriod): string {
  if (period === 'week') return `week of ${dayKey(start)}`;
  return period === 'month' ? dayKey(start).slice(0, 7) : dayKey(start);
}

export interface PeriodBatch {
  key: string;
  label: string;
  startAt: number;
  frame: DriftFrame;
  /** A hash of the period's rows (its columns' names and values). */
  rowsHash: string;
  files: string[];
  problems: string[];
  skippedLines: number;
  skippedExamples: number[];
}

interface Part {
  read: CsvFrame;
  rows: number[];
}

/** The rows of several files as one frame: a column missing from a file is missing there; text wins over numbers. */
function joined(parts: Part[]): DriftFrame {
  const names: string[] = [];
  for (const part of parts) for (const name of part.read.columns) if (!names.includes(name)) names.push(name);
  const rows = parts.reduce((sum, part) => sum + part.rows.length, 0);
  const columns = new Map<string, FrameColumn>();
  for (const name of names) {
    const sources = parts.map((part) => part.read.frame.columns.get(name));
    const text = sources.some((column) => column !== undefined && !(column instanceof Float64Array));
    const out: FrameColumn = text ? new Array<string | null>(rows).fill(null) : new Float64Array(rows).fill(NaN);
    let at = 0;
    parts.forEach((part, p) => {
      const source = sources[p];
      for (const row of part.rows) {
        if (source !== undefined) {
          const cell = source[row];
          if (text) (out as (string | null)[])[at] = typeof cell === 'number' ? (Number.isNaN(cell) ? null : String(cell)) : cell;
          else (out as Float64Array)[at] = cell as number;
        }
        at++;
      }
    });
    columns.set(name, out);
  }
  return { rows, columns };
}

function hashOf(frame: DriftFrame): string {
  const hash = createHash('sha256');
  hash.update(String(frame.rows));
  for (const [name, column] of frame.columns) {
    hash.update(`\u0000${name}\u0000`);
    if (column instanceof Float64Array) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    else hash.update(JSON.stringify(column));
  }
  return hash.digest('hex');
}

/** Groups the files' rows by period of `column`; rows whose timestamp cannot be read are counted in the notes of their file's batches. */
export function splitByPeriod(files: { file: string; read: CsvFrame }[], column: string, period: BatchPeriod): PeriodBatch[] {
  const groups = new Map<number, Map<string, Part>>();
  const notes = new Map<string, string[]>();
  for (const { file, read } of files) {
    const name = path.basename(file);
    const fileNotes = [...read.problems];
    const cells = read.frame.columns.get(column);
    if (!cells) {
      if (read.frame.rows > 0 || read.columns.length > 0) fileNotes.push(`${name} has no timestamp column "${column}": its ${read.frame.rows} rows are left out`);
      notes.set(file, fileNotes);
      continue;
    }
    let unreadable = 0;
    let example: string | null = null;
    for (let row = 0; row < read.frame.rows; row++) {
      const ms = timestampMs(cells[row]);
      if (Number.isNaN(ms)) {
        unreadable++;
        example ??= String(cells[row] ?? '(empty)');
        continue;
      }
      const start = periodStart(ms, period);
      const byFile = groups.get(start) ?? new Map<string, Part>();
      groups.set(start, byFile);
      const part = byFile.get(file) ?? { read, rows: [] };
      byFile.set(file, part);
      part.rows.push(row);
    }
    if (unreadable) fileNotes.push(`${name}: ${unreadable} row${unreadable === 1 ? '' : 's'} with a timestamp in "${column}" that is no date, time or epoch number (such as "${example!.slice(0, 40)}"): left out`);
    notes.set(file, fileNotes);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((start) => {
    const parts = [...groups.get(start)!.entries()];
    const frame = joined(parts.map(([, part]) => part));
    const reads = parts.map(([file]) => files.find((f) => f.file === file)!.read);
    return {
      key: dayKey(start),
      label: periodLabel(start, period),
      startAt: start,
      frame,
      rowsHash: hashOf(frame),
      files: parts.map(([file]) => file),
      problems: parts.flatMap(([file]) => notes.get(file) ?? []),
      skippedLines: reads.reduce((sum, read) => sum + read.skippedLines, 0),
      skippedExamples: reads.flatMap((read) => read.skippedExamples).slice(0, 5),
    };
  });
}
