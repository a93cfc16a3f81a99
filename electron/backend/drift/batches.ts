// A monitor's current files and, for batches by file, its batches: the
// folder's *.csv files directly inside it, by name, or the files as given.
// A file written in the last two seconds, or whose size changes between two
// looks, is left for the next run: a batch is never computed from half a file.
// Only stat() is called here; nothing is ever written.
import fs from 'node:fs';
import path from 'node:path';
import type { MonitorCurrent } from '../../../shared/drift/monitor';

/** A file modified this recently may still be written. */
export const QUIET_MS = 2000;

export interface CurrentFile {
  file: string;
  /** The path relative to the folder, or the absolute path of a listed file. */
  key: string;
  name: string;
  size: number;
  mtimeMs: number;
}

export interface CurrentFiles {
  files: CurrentFile[];
  /** Files left for later: still being written. */
  fresh: string[];
  /** Notes: a listed file that is gone. */
  problems: string[];
}

/** Why the current data cannot be listed at all (the folder is gone): the run fails with it. */
export class CurrentDataError extends Error {}

function csvFilesIn(folder: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw new CurrentDataError(`The folder ${folder} cannot be read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message}`);
  }
  return entries
    .filter((entry) => /\.csv$/i.test(entry.name) && !entry.name.startsWith('.') && (entry.isFile() || entry.isSymbolicLink()))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => path.join(folder, name));
}

const sameStat = (a: fs.Stats, b: fs.Stats) => a.size === b.size && a.mtimeMs === b.mtimeMs;

/** The current files that are complete now, with their sizes and modification times. */
export function listCurrentFiles(current: MonitorCurrent, now = Date.now()): CurrentFiles {
  const folder = current.kind === 'folder' ? path.resolve(current.path) : null;
  const paths = current.kind === 'folder' ? csvFilesIn(folder!) : current.paths.map((p) => path.resolve(p));
  const out: CurrentFiles = { files: [], fresh: [], problems: [] };
  for (const file of paths) {
    let first: fs.Stats;
    try {
      first = fs.statSync(file);
    } catch {
      if (!folder) out.problems.push(`${file} is gone: its stored batch (if any) is kept`);
      continue;
    }
    if (!first.isFile()) continue;
    if (now - first.mtimeMs < QUIET_MS || !sameStat(first, fs.statSync(file))) {
      out.fresh.push(file);
      continue;
    }
    out.files.push({ file, key: folder ? path.relative(folder, file) : file, name: path.basename(file), size: first.size, mtimeMs: first.mtimeMs });
  }
  return out;
}

/** Whether the file is still as it was listed (not written to since). */
export function unchangedSince(file: CurrentFile): boolean {
  try {
    const stat = fs.statSync(file.file);
    return stat.size === file.size && stat.mtimeMs === file.mtimeMs;
  } catch {
    return false;
  }
}

/** A date in the file's name (`2026-01-05.csv`, `batch_2026-01-05_a.csv`) as UTC midnight, else null. */
export function dateInName(name: string): number | null {
  const match = /(\d{4})-(\d{2})-(\d{2})/.exec(name);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : null;
}

export interface FileBatchPlan {
  file: CurrentFile;
  key: string;
  label: string;
  startAt: number;
  /** What the batch is computed from: the file's size and modification time. */
  signature: string;
}

export function fileBatchPlans(files: CurrentFile[]): FileBatchPlan[] {
  return files.map((file) => ({ file, key: file.key, label: file.name, startAt: dateInName(file.name) ?? Math.round(file.mtimeMs), signature: `file:${file.size}:${Math.round(file.mtimeMs)}` }));
}

/** What every batch also depends on: the reference file and the model, by size and modification time (or SHA-256). */
export function fileSignature(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${Math.round(stat.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}
