// The files of a DVCLive output folder as the reader finds them on disk: a
// bounded listing that follows DVC's symlinks without looping, and the small
// files (metrics.json, params.yaml) read whole through safeFile.ts.
import fs from 'node:fs';
import path from 'node:path';
import { kindOf } from '../safeFile';

/** metrics.json holds one number per metric: past this it is not DVCLive's (skipped with a warning). */
export const maxSummaryBytes = 4 * 1024 * 1024;
/** params.yaml holds a run's hyperparameters: past this it is not parsed at all (a warning; the params stored stay). */
export const maxParamsBytes = 1024 * 1024;

export interface ListedFile {
  file: string;
  /** Path below the walked folder, `/`-separated. */
  rel: string;
}

export interface ListingProblem {
  file: string;
  message: string;
}

const maxWalkDepth = 16;

export interface Listing {
  /** Regular files (after symlinks) ending in the extension, sorted by `rel`. */
  files: ListedFile[];
  /** Entries ending in the extension that are there but cannot be read (a FIFO, a device, a symlink loop, a dangling link): not gone. */
  unread: ListedFile[];
  /** A folder could not be read: files not listed may still be there. */
  incomplete: boolean;
}

/**
 * Files ending in `ext` below `base`, sorted. Follows symlinks (DVC's cache
 * may link files into the workspace) but enters no folder twice, so a
 * symlink loop ends (`seen`, real paths, may be shared by several walks);
 * loops, unreadable folders, links that cannot be resolved and entries that
 * are not regular files are problems.
 */
export function listFiles(base: string, ext: string, problems: ListingProblem[], seen = new Set<string>()): Listing {
  const out: Listing = { files: [], unread: [], incomplete: false };
  try {
    seen.add(fs.realpathSync(base));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push({ file: base, message: `cannot read folder: ${(error as Error).message}` });
      out.incomplete = true;
    }
    return out;
  }
  const named = (name: string) => name.endsWith(ext) && name.length > ext.length;
  const visit = (dir: string, rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        problems.push({ file: dir, message: `cannot read folder: ${(error as Error).message}` });
        out.incomplete = true;
      }
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (!isDir && !isFile) {
        let stat: fs.Stats;
        try {
          stat = fs.statSync(full);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') problems.push({ file: full, message: 'symlink loop skipped' });
          else if (code === 'ENOENT' && entry.isSymbolicLink() && named(entry.name)) problems.push({ file: full, message: 'dangling symbolic link (its target does not exist): not read' });
          else if (code !== 'ENOENT') problems.push({ file: full, message: `cannot follow link: ${(error as Error).message}` });
          else continue;
          if (named(entry.name)) out.unread.push({ file: full, rel: childRel });
          continue;
        }
        isDir = stat.isDirectory();
        isFile = stat.isFile();
        if (!isDir && !isFile) {
          // A FIFO, socket or device where a file belongs: never opened (a FIFO would block).
          if (named(entry.name)) {
            problems.push({ file: full, message: `not a regular file (${kindOf(stat)}): not read` });
            out.unread.push({ file: full, rel: childRel });
          }
          continue;
        }
      }
      if (isFile) {
        if (named(entry.name)) out.files.push({ file: full, rel: childRel });
        continue;
      }
      if (!isDir) continue;
      let real: string;
      try {
        real = fs.realpathSync(full);
      } catch {
        continue;
      }
      if (seen.has(real)) {
        problems.push({ file: full, message: 'symlink loop skipped: the folder was already read' });
        continue;
      }
      if (depth + 1 >= maxWalkDepth) {
        problems.push({ file: full, message: `folder nested deeper than ${maxWalkDepth} levels skipped` });
        out.incomplete = true;
        continue;
      }
      seen.add(real);
      visit(full, childRel, depth + 1);
    }
  };
  visit(base, '', 0);
  const byRel = (a: ListedFile, b: ListedFile) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
  out.files.sort(byRel);
  out.unread.sort(byRel);
  return out;
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}
