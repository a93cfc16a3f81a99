// What the MLflow file-store readers share: meta.yaml loading, the loose
// scalar coercions its fields need, and folders of one-file-per-key values
// (params, tags, aliases; keys with '/' are nested folders).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { isMissing, kindOf, problemOf, readTextCapped } from '../safeFile';

/**
 * A run's, experiment's or model's meta.yaml is well under 4 KB; past this it
 * is not one (and parsing megabytes of pathological YAML takes seconds). A
 * dataset's holds its schema and profile as JSON text, so it may be larger.
 */
export const maxMetaBytes = 64 * 1024;
export const maxDatasetMetaBytes = 1024 * 1024;
/** MLflow caps param values at 6,000 and tag values at 8,000 characters; past this a value is cut. */
export const maxValueBytes = 64 * 1024;
/** All the values of one params/ or tags/ folder together: past this the rest are not read. */
export const maxFolderValueBytes = 16 * 1024 * 1024;

export type YamlMapping = Record<string, unknown>;
export type MetaResult = { data: YamlMapping; problem: null; note?: string } | { data: null; problem: string; note?: string };

export { isMissing };

/** A YAML value for a message: scalars as JSON (short), anything else by its kind. Never throws (values may be circular). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'a date' : value.toISOString();
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Map || value instanceof Set) return 'a collection';
  if (value instanceof Uint8Array) return 'binary data';
  return 'a mapping';
}

/**
 * Parses MLflow's YAML into a mapping, never throwing. MLflow writes it with
 * PyYAML's safe_dump, which speaks YAML 1.1 (a bare `yes` is a boolean, `0o17`
 * a string), so it is read as 1.1. Duplicate keys: the last wins, as in PyYAML.
 */
export function parseYamlMapping(text: string): MetaResult {
  if (text.includes('\0')) return { data: null, problem: 'holds NUL bytes (not a text file)' };
  let value: unknown;
  try {
    const doc = YAML.parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
    if (doc.errors.length > 0) return { data: null, problem: `is not valid YAML (${firstLine(doc.errors[0].message)})` };
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { data: null, problem: `is not valid YAML (${firstLine((error as Error).message)})` };
  }
  if (value === null || value === undefined) return { data: null, problem: 'is empty' };
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    return { data: null, problem: 'is not a YAML mapping' };
  }
  return { data: value as YamlMapping, problem: null };
}

/** Reads and parses a meta.yaml. Throws ENOENT when the file is missing; every other problem is returned. */
export function readMetaYaml(file: string, maxBytes = maxMetaBytes): MetaResult {
  let read: { text: string; invalidUtf8: boolean };
  try {
    read = readTextCapped(file, maxBytes);
  } catch (error) {
    if (isMissing(error)) throw error;
    if ((error as { code?: string }).code === 'ETOOLARGE') return { data: null, problem: `is larger than ${maxBytes} bytes (not a meta.yaml)` };
    return { data: null, problem: problemOf(error) };
  }
  const result = parseYamlMapping(read.text);
  if (read.invalidUtf8) result.note = 'is not valid UTF-8: the bytes that are not were read as U+FFFD';
  return result;
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 200);
}

/** A YAML scalar as text: strings as they are, numbers and booleans spelled out; null for anything else. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return null;
}

/** Like textOf, but an empty string is no value (MLflow 1.x writes `name: ''`). */
export function nonEmptyText(value: unknown): string | null {
  const text = textOf(value);
  return text ? text : null;
}

/** An integer field (ms timestamps, versions): a number or a string of digits; null otherwise. */
export function intOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return null;
}

/** Files a desktop leaves in folders it showed (Finder, Explorer); MLflow never writes them. */
export function isDesktopClutter(name: string): boolean {
  return name === '.DS_Store' || name === 'Thumbs.db' || name === 'desktop.ini' || name.startsWith('._');
}

/** One value file: the key is its path below the folder with '/' separators. */
export interface ValueFile {
  key: string;
  file: string;
  size: number;
  mtimeMs: number;
  inode: string;
}

export interface FolderListing {
  files: ValueFile[];
  /** Things skipped while listing (a symlink, a FIFO, an unreadable folder, the limit reached). */
  problems: string[];
  /** Keys whose entry is there but not read (a symlink, a FIFO, a device): not gone. */
  unreadKeys: string[];
  /** Every entry was seen: no folder failed to list and no limit was reached (keys not listed are gone). */
  complete: boolean;
}

export interface ListLimits {
  maxFiles: number;
  maxDepth: number;
}

export const valueFolderLimits: ListLimits = { maxFiles: 10_000, maxDepth: 16 };

/**
 * Lists the regular files below `folder` (recursively, bounded, never
 * following symlinks), sorted by key. Null when the folder does not exist.
 * A file that vanishes while being listed is left out. Folders are read an
 * entry at a time, so a folder of a million files costs no more than the limit.
 */
export function listKeyFiles(folder: string, limits: ListLimits = valueFolderLimits): FolderListing | null {
  const listing: FolderListing = { files: [], problems: [], unreadKeys: [], complete: true };
  let limitReached = false;
  const visit = (dir: string, prefix: string, depth: number): boolean => {
    let handle: fs.Dir;
    try {
      handle = fs.opendirSync(dir);
    } catch (error) {
      if (isMissing(error)) return depth > 0;
      listing.problems.push(`${prefix || '.'}: cannot list (${(error as Error).message})`);
      listing.complete = false;
      return true;
    }
    try {
      for (;;) {
        let entry: fs.Dirent | null;
        try {
          entry = handle.readSync();
        } catch (error) {
          listing.problems.push(`${prefix || '.'}: cannot list (${(error as Error).message})`);
          listing.complete = false;
          return true;
        }
        if (!entry) return true;
        if (listing.files.length + listing.unreadKeys.length >= limits.maxFiles) {
          limitReached = true;
          return true;
        }
        if (isDesktopClutter(entry.name)) continue;
        const key = prefix ? `${prefix}/${entry.name}` : entry.name;
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (depth + 1 >= limits.maxDepth) {
            listing.problems.push(`${key}: nested deeper than ${limits.maxDepth} levels, skipped`);
            listing.complete = false;
          } else visit(file, key, depth + 1);
          if (limitReached) return true;
        } else if (entry.isFile()) {
          try {
            const stat = fs.lstatSync(file);
            if (stat.isFile()) listing.files.push({ key, file, size: stat.size, mtimeMs: stat.mtimeMs, inode: `${stat.dev}:${stat.ino}` });
            else {
              listing.problems.push(`${key}: not a regular file (${kindOf(stat)}), skipped`);
              listing.unreadKeys.push(key);
            }
          } catch (error) {
            if (!isMissing(error)) {
              listing.problems.push(`${key}: cannot stat (${(error as Error).message})`);
              listing.unreadKeys.push(key);
            }
          }
        } else if (entry.isSymbolicLink()) {
          listing.problems.push(`${key}: symbolic link skipped`);
          listing.unreadKeys.push(key);
        } else {
          // A FIFO, socket or device where a value file belongs: never opened (a FIFO would block).
          let kind = 'not a regular file';
          try {
            kind = kindOf(fs.lstatSync(file));
          } catch {
            // vanished: described generically
          }
          listing.problems.push(`${key}: not a regular file (${kind}), skipped`);
          listing.unreadKeys.push(key);
        }
      }
    } finally {
      handle.closeSync();
    }
  };
  if (!visit(folder, '', 0)) return null;
  if (limitReached) {
    listing.problems.push(`more than ${limits.maxFiles} files: the rest were not read`);
    listing.complete = false;
  }
  listing.files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return listing;
}

/** An identity for a set of files, shaped like a file's, for `wholeFileChanged`. */
export interface SetIdentity {
  size: number;
  mtimeMs: number;
  inode: string;
}

export function identityOf(parts: Iterable<{ key: string; size: number; mtimeMs: number; inode: string }>, extra = ''): SetIdentity {
  const hash = createHash('sha1');
  let size = 0;
  let mtimeMs = 0;
  for (const part of parts) {
    hash.update(`${part.key}\0${part.inode}\0${part.size}\0${part.mtimeMs}\n`);
    size += part.size;
    mtimeMs = Math.max(mtimeMs, part.mtimeMs);
  }
  hash.update(extra);
  return { size, mtimeMs, inode: `set:${hash.digest('hex').slice(0, 24)}` };
}

/**
 * Reads each listed file whole as one value (MLflow's params, tags and
 * aliases): values past maxValueBytes are cut, and past maxFolderValueBytes in
 * all the rest are not read. `allRead`: every listed file's value is in
 * `values` (a file deleted meanwhile counts as read: it is gone); only then do
 * the values stand for the whole folder.
 */
export function readKeyValues(files: readonly ValueFile[], what: string): { values: Record<string, string>; problems: string[]; allRead: boolean } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  let allRead = true;
  let total = 0;
  let cut = 0;
  let invalidUtf8 = 0;
  for (let i = 0; i < files.length; i++) {
    const entry = files[i];
    if (total >= maxFolderValueBytes) {
      problems.push(`${what} values over ${maxFolderValueBytes} bytes in all: ${files.length - i} more not read`);
      allRead = false;
      break;
    }
    try {
      const read = readTextCapped(entry.file, Math.min(maxValueBytes, maxFolderValueBytes - total), { cut: true });
      values[entry.key] = read.text;
      total += read.data.length;
      if (read.cut) cut += 1;
      if (read.invalidUtf8) invalidUtf8 += 1;
    } catch (error) {
      // Deleted between listing and reading: it is simply gone.
      if (isMissing(error)) continue;
      problems.push(`${what} "${entry.key}" ${problemOf(error)}`);
      allRead = false;
    }
  }
  if (cut > 0) problems.push(`${cut} ${what} value(s) longer than ${maxValueBytes} bytes: cut`);
  if (invalidUtf8 > 0) problems.push(`${invalidUtf8} ${what} value(s) not valid UTF-8: the bytes that are not were read as U+FFFD`);
  return { values, problems, allRead };
}
