// Finds run folders below a project folder. Skips folders no tracker writes
// runs into (dependencies, VCS data, virtual environments) and never follows a
// symlink into a folder it has already seen, so a symlink loop ends.
import fs from 'node:fs';
import path from 'node:path';
import type { RunSource } from '../../../shared/domain';
import { formatOf } from '../sources/formats';
import { isMlflowModelsFolder } from '../sources/mlflow/fileRegistry';
import { isMlflowSqliteFile } from '../sources/mlflow/sqliteStore';
import { describeOpenError, isMissing, notRegular, problemOf } from '../sources/safeFile';
import type { StoreLocation } from './storeIngest';

export const ignoredFolderNames: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.env', 'env', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', '.ipynb_checkpoints', '.idea', '.vscode',
  '.cache', '.dvc',
]);

export const maxScanDepth = 12;

/** File names an MLflow SQLite store may have (mlflow.db by default). */
export const sqliteStoreName = /\.(db|sqlite|sqlite3)$/i;
const mlflowDefaultStore = 'mlflow.db';

export interface FoundRun {
  path: string;
  source: RunSource;
}

export interface ScanResult {
  runFolders: FoundRun[];
  /** MLflow SQLite stores and registry folders: locations holding many runs or models. */
  locations: StoreLocation[];
  problems: { path: string; message: string }[];
}

/**
 * Why a store-named entry that is no plain file cannot be read: MLflow's own
 * name (mlflow.db) as a FIFO, a device link or a link loop is a store made
 * unreadable, and worth a warning; null when it is readable (a link to a
 * file) or is no store of MLflow's by name.
 */
function storeFileProblem(file: string, name: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (stat.isFile() || stat.isDirectory()) return null;
    return name === mlflowDefaultStore ? `${name} ${notRegular(file, stat).reason}` : null;
  } catch (error) {
    return name === mlflowDefaultStore && !isMissing(error) ? `${name} ${problemOf(describeOpenError(file, error))}` : null;
  }
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
    if (isMlflowModelsFolder(folder, names)) {
      result.locations.push({ path: folder, kind: 'mlflow-registry' });
      return;
    }
    for (const entry of entries) {
      if (!sqliteStoreName.test(entry.name) || entry.isDirectory()) continue;
      const file = path.join(folder, entry.name);
      const problem = entry.isFile() ? null : storeFileProblem(file, entry.name);
      if (problem) result.problems.push({ path: file, message: problem });
      else if (isMlflowSqliteFile(file)) result.locations.push({ path: file, kind: 'mlflow-sqlite' });
    }
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
