// Finds run folders below a project folder. Skips folders no tracker writes
// runs into (dependencies, VCS data, virtual environments) and never follows a
// symlink into a folder it has already seen, so a symlink loop ends.
import fs from 'node:fs';
import path from 'node:path';
import type { RunSource } from '../../../shared/domain';
import { formatOf } from '../sources/formats';
import { storeSources } from '../sources/stores';
import type { StoreLocation } from './storeIngest';

export const ignoredFolderNames: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.env', 'env', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', '.ipynb_checkpoints', '.idea', '.vscode',
  '.cache', '.dvc',
]);

export const maxScanDepth = 12;


export interface FoundRun {
  path: string;
  source: RunSource;
}

export interface ScanResult {
  runFolders: FoundRun[];
  /** Store locations (sources/stores.ts): places holding many runs or a registry. */
  locations: StoreLocation[];
  problems: { path: string; message: string }[];
}

export function isIgnoredFolder(name: string): boolean {
  return ignoredFolderNames.has(name);
}

export function scanProject(root: string): ScanResult {
  const result: ScanResult = { runFolders: [], locations: [], problems: [] };
  const seen = new Set<string>();
  const visit = (folder: string, depth: number) => {
    let real: string;
    try {
      real = fs.realpathSync(folder);
    } catch (error) {
      result.problems.push({ path: folder, message: (error as Error).message });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') result.problems.push({ path: folder, message: `cannot read folder: ${(error as Error).message}` });
      return;
    }
    const names = new Set(entries.map((entry) => entry.name));
    let isLocation = false;
    for (const source of storeSources) {
      const found = source.find(folder, entries);
      for (const location of found.locations) result.locations.push({ path: location, kind: source.kind });
      result.problems.push(...found.problems);
      isLocation ||= found.isLocation;
    }
    // A store's own folder (a registry) holds no runs to look for.
    if (isLocation) return;
    const format = formatOf(folder, names);
    if (format) {
      result.runFolders.push({ path: folder, source: format.source });
      if (!format.runsNest) return;
    }
    if (depth >= maxScanDepth) return;
    for (const entry of entries) {
      if (isIgnoredFolder(entry.name)) continue;
      const child = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(child, depth + 1);
      else if (entry.isSymbolicLink()) {
        try {
          if (fs.statSync(child).isDirectory()) visit(child, depth + 1);
        } catch {
          // a dangling link is not a run
        }
      }
    }
  };
  visit(root, 0);
  return result;
}
