// The files of a DVCLive output folder as the reader finds them on disk: a
// bounded listing that follows DVC's symlinks without looping, and the small
// files (metrics.json, params.yaml) read whole.
import fs from 'node:fs';
import path from 'node:path';
import { fileIdentity } from '../lineReader';

/** Whole files (metrics.json, params.yaml) larger than this are not DVCLive's: skipped with a warning. */
const maxWholeFileBytes = 16 * 1024 * 1024;

export type WholeFile = { text: string; identity: ReturnType<typeof fileIdentity> } | { tooLarge: number; identity: ReturnType<typeof fileIdentity> };

/** Reads a small file whole through one descriptor, so identity and text agree. Throws ENOENT if it vanished. */
export function readWholeFile(file: string, limit = maxWholeFileBytes): WholeFile {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const identity = fileIdentity(stat);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    if (stat.size > limit) return { tooLarge: stat.size, identity };
    return { text: fs.readFileSync(fd, 'utf8'), identity };
  } finally {
    fs.closeSync(fd);
  }
}

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

/**
 * Files ending in `ext` below `base`, sorted. Follows symlinks (DVC's cache
 * may link files into the workspace) but enters no folder twice, so a
 * symlink loop ends (`seen`, real paths, may be shared by several walks);
 * loops, unreadable folders and links that cannot be resolved are problems.
 */
export function listFiles(base: string, ext: string, problems: ListingProblem[], seen = new Set<string>()): ListedFile[] {
  const out: ListedFile[] = [];
  try {
    seen.add(fs.realpathSync(base));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ file: base, message: `cannot read folder: ${(error as Error).message}` });
    return out;
  }
  const visit = (dir: string, rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ file: dir, message: `cannot read folder: ${(error as Error).message}` });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (!isDir && !isFile) {
        try {
          const stat = fs.statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') problems.push({ file: full, message: 'symlink loop skipped' });
          else if (code !== 'ENOENT') problems.push({ file: full, message: `cannot follow link: ${(error as Error).message}` });
          continue;
        }
      }
      if (isFile) {
        if (entry.name.endsWith(ext) && entry.name.length > ext.length) out.push({ file: full, rel: childRel });
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
        continue;
      }
      seen.add(real);
      visit(full, childRel, depth + 1);
    }
  };
  visit(base, '', 0);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
