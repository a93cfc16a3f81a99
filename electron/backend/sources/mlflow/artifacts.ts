// A run's artifacts, listed when they live in the run folder: MLflow's
// default `<run>/artifacts`. artifact_uri may have been written on another
// machine (file:///E:/..., file:///mnt/c/..., /home/someone/...) before the
// store was copied here; it then still ends in <run id>/artifacts.
import fs from 'node:fs';
import path from 'node:path';
import { isMissing } from './meta';

export const artifactLimits = { maxEntries: 1000, maxDepth: 5 };

/** The local path an artifact URI names (file: URIs, drive-letter and POSIX paths), or null for a remote URI. */
export function localPathOfUri(uri: string): string | null {
  if (/^[a-zA-Z]:[\\/]/.test(uri)) return uri;
  let rest: string;
  const file = /^file:(?:\/\/[^/]*)?(\/.*)?$/i.exec(uri);
  if (file) {
    rest = file[1] ?? '/';
    try {
      rest = decodeURIComponent(rest);
    } catch {
      // A stray '%': keep the text as it is.
    }
    // file:///C:/x is the Windows path C:/x.
    if (/^\/[a-zA-Z]:[\\/]/.test(rest)) rest = rest.slice(1);
    return rest;
  }
  // Any other scheme (mlflow-artifacts:, s3:, gs:, dbfs:, http:) is not on this disk.
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(uri)) return null;
  return uri;
}

/**
 * The run's artifact folder when artifact_uri points inside the run folder,
 * else null. Without an artifact_uri, MLflow's default `<run>/artifacts`.
 * A URI from another machine, or from where this store was copied from,
 * still ends in <run id>/artifacts: that is this run's `artifacts/`.
 */
export function localArtifactFolder(runFolder: string, artifactUri: string | null): string | null {
  const own = path.join(runFolder, 'artifacts');
  if (!artifactUri) return own;
  const local = localPathOfUri(artifactUri);
  if (local === null) return null;
  if (path.isAbsolute(local)) {
    try {
      const real = fs.realpathSync(local);
      const runReal = fs.realpathSync(runFolder);
      if (real === runReal || real.startsWith(runReal + path.sep)) return path.join(runFolder, path.relative(runReal, real));
    } catch {
      // Not on this machine (or not any more): judge by its name below.
    }
  }
  const parts = local.split(/[\\/]+/).filter((part) => part && part !== '.');
  const n = parts.length;
  return n >= 2 && parts[n - 1] === 'artifacts' && parts[n - 2] === path.basename(runFolder) ? own : null;
}

export interface ArtifactEntry {
  /** Relative to the run folder, '/'-separated (artifacts/model/MLmodel). */
  key: string;
  size: number;
  mtimeMs: number;
  inode: string;
}

export interface ArtifactListing {
  entries: ArtifactEntry[];
  problems: string[];
}

/**
 * Lists files below `folder`, bounded in entries and depth. Symlinks are
 * followed only when they resolve inside the run folder, and a folder is
 * entered once (so a symlink loop ends). Null when the folder does not exist.
 */
export function listArtifacts(runFolder: string, folder: string, limits = artifactLimits): ArtifactListing | null {
  let runReal: string;
  let rootReal: string;
  try {
    runReal = fs.realpathSync(runFolder);
    rootReal = fs.realpathSync(folder);
    if (!fs.statSync(rootReal).isDirectory()) return null;
  } catch (error) {
    if (isMissing(error)) return null;
    return { entries: [], problems: [`cannot open (${(error as Error).message})`] };
  }
  const listing: ArtifactListing = { entries: [], problems: [] };
  const visited = new Set<string>([rootReal]);
  const prefix = path.relative(runFolder, folder).split(path.sep).join('/');
  let seen = 0;
  let full = false;
  const inside = (real: string) => real === runReal || real.startsWith(runReal + path.sep);
  const visit = (dir: string, realDir: string, key: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (!isMissing(error)) listing.problems.push(`${key}: cannot list (${(error as Error).message})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (seen >= limits.maxEntries) {
        full = true;
        return;
      }
      seen += 1;
      const child = path.join(dir, entry.name);
      const childKey = `${key}/${entry.name}`;
      let stat: fs.Stats;
      let real = path.join(realDir, entry.name);
      try {
        if (entry.isSymbolicLink()) {
          real = fs.realpathSync(child);
          if (!inside(real)) {
            listing.problems.push(`${childKey}: symbolic link out of the run folder, skipped`);
            continue;
          }
        }
        stat = fs.statSync(real);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') listing.problems.push(`${childKey}: symbolic link loop, skipped`);
        else if (!isMissing(error) || entry.isSymbolicLink()) listing.problems.push(`${childKey}: ${entry.isSymbolicLink() ? 'broken symbolic link' : (error as Error).message}, skipped`);
        continue;
      }
      if (stat.isDirectory()) {
        if (visited.has(real)) continue;
        visited.add(real);
        if (depth + 1 > limits.maxDepth) listing.problems.push(`${childKey}: deeper than ${limits.maxDepth} levels, not listed`);
        else visit(child, real, childKey, depth + 1);
      } else if (stat.isFile()) {
        listing.entries.push({ key: childKey, size: stat.size, mtimeMs: stat.mtimeMs, inode: `${stat.dev}:${stat.ino}` });
      }
    }
  };
  visit(folder, rootReal, prefix, 1);
  if (full) listing.problems.push(`more than ${limits.maxEntries} entries: the rest were not listed`);
  return listing;
}
