// Where a run's artifact lives on disk, found only from what the store lists.
// The renderer is untrusted: a path is served only when the readers recorded
// it for that run (or it is a folder above recorded files), and only when its
// real path, symlinks resolved, stays inside the run folder.
//
// Every reader records artifact paths relative to the run folder, which is
// the run's `path` column:
//   native        events.jsonl `artifact` events, "artifacts/<name>" (sources/native/lines.ts)
//   mlflow        the file store's listing of the run's artifact folder, "artifacts/model/MLmodel"
//                 (sources/mlflow/artifacts.ts: only when artifact_uri is inside the run folder)
//   dvclive       the evaluation plots, "plots/sklearn/roc.json" (sources/dvclive/format.ts)
// Runs read from a store (MLflow's SQLite database: path "<db>#<run id>",
// `location` set) record no artifacts; their artifact root is not known here.
import fs from 'node:fs';
import path from 'node:path';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { describeOpenError, isMissing, UnreadableFileError } from '../sources/safeFile';
import { artifactRunOf, artifactsUnder, recordedArtifact } from './queries';

export type ArtifactTarget =
  /** A recorded file, at `file` (its real path, inside the run folder). */
  | { kind: 'file'; path: string; file: string; recordedSize: number }
  /** A folder above recorded files; `entries` are the files below it as recorded. */
  | { kind: 'folder'; path: string; entries: { path: string; size: number }[] }
  /** A recorded file that is no longer on disk (or whose run folder is gone). */
  | { kind: 'missing'; path: string; recordedSize: number };

/** Enough recorded files to list a folder's children and their sizes. */
const maxFolderFiles = 20_000;

/**
 * The request's path as a recorded artifact path: '/'-separated, relative,
 * with no '.', '..' or empty segments and no backslash. Throws bad-request.
 * '' (or '/') names the run's whole artifact listing.
 */
export function normalizeArtifactPath(requested: string): string {
  const trimmed = requested.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (trimmed.startsWith('/') || /^[a-zA-Z]:/.test(trimmed) || trimmed.includes('\\')) {
    throw new RequestFailed('bad-request', 'An artifact path must be relative to its run, with "/" separators');
  }
  if (trimmed.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new RequestFailed('bad-request', 'An artifact path must not hold ".", ".." or empty segments');
  }
  return trimmed;
}

function inside(folder: string, file: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

/** The real path of `file` below the real run folder, or null when it (or the run folder) is gone. Throws unreadable. */
function realInside(runFolder: string, relative: string): string | null {
  const lexical = path.resolve(runFolder, ...relative.split('/'));
  if (!inside(runFolder, lexical)) throw new RequestFailed('unreadable', 'The artifact is outside its run folder: not read');
  let realRoot: string;
  let real: string;
  try {
    realRoot = fs.realpathSync(runFolder);
    real = fs.realpathSync(lexical);
  } catch (error) {
    const described = describeOpenError(lexical, error);
    if (described instanceof UnreadableFileError) throw new RequestFailed('unreadable', `The artifact ${described.reason}`);
    if (isMissing(described)) return null;
    throw new RequestFailed('unreadable', `The artifact cannot be read (${(error as Error).message})`);
  }
  if (!inside(realRoot, real)) throw new RequestFailed('unreadable', 'The artifact leads out of its run folder (a symbolic link): not read');
  return real;
}

/** What `requested` names for run `runId`; throws not-found, bad-request or unreadable. */
export function locateArtifact(db: Db, runId: string, requested: string): ArtifactTarget {
  const run = artifactRunOf(db, runId);
  if (!run) throw new RequestFailed('not-found', 'No run with this id');
  const artifactPath = normalizeArtifactPath(requested);
  const recorded = artifactPath === '' ? null : recordedArtifact(db, run.key, artifactPath);
  if (!recorded) {
    const entries = artifactsUnder(db, run.key, artifactPath, maxFolderFiles);
    if (entries.length === 0) throw new RequestFailed('not-found', 'The run lists no artifact at this path');
    return { kind: 'folder', path: artifactPath, entries };
  }
  // A store's run lists no artifacts today; were one to, its root would not be a run folder.
  if (run.location !== null || !path.isAbsolute(run.path)) {
    throw new RequestFailed('not-found', "This run's artifacts are not in a run folder on this disk");
  }
  const file = realInside(run.path, artifactPath);
  if (file === null) return { kind: 'missing', path: artifactPath, recordedSize: recorded.size };
  return { kind: 'file', path: artifactPath, file, recordedSize: recorded.size };
}
