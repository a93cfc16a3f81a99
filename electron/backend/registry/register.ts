// Registers a run's model artifact as the next version of a model: the file
// is found only among what the run's reader recorded, inside the run folder
// (artifacts/artifactFiles.ts), hashed, and described (schema, datasets, git
// commit, params and metrics at this moment). Nothing is copied unless asked;
// nothing is written into the project folder.
import fs from 'node:fs';
import path from 'node:path';
import type { RunDetail } from '../../../shared/domain';
import type { ModelVersionRecord, VersionDataset } from '../../../shared/registry/types';
import { locateArtifact, normalizeArtifactPath, type ArtifactTarget } from '../artifacts/artifactFiles';
import { RequestFailed } from '../handlerTypes';
import { getRun, runKeyOf } from '../runs/queries';
import type { Db } from '../store/database';
import { writeTransaction } from '../store/writeTransaction';
import { appendEvent, currentActor } from './audit';
import { digestPath, keepCopyOf, type FileDigest } from './files';
import { ensureModel, insertVersion, nextVersion, versionRecord } from './queries';
import { readMlmodel, schemaOf, type MlmodelInfo } from './versionSchema';

export interface RegisterArgs {
  runId: string;
  artifactPath: string;
  name: string;
  description?: string;
  tags?: Record<string, string>;
  keepCopy?: boolean;
}

/** The Runlens run by its id, or by its source's own id (MLflow's run id) when that names one run. */
function runNamed(db: Db, runId: string): RunDetail {
  const direct = getRun(db, runId);
  if (direct) return direct;
  const bySource = db.prepare('SELECT id FROM runs WHERE source_run_id = ? LIMIT 2').pluck().all(runId) as string[];
  if (bySource.length === 1) return getRun(db, bySource[0])!;
  throw new RequestFailed('not-found', `No run with id "${runId}"${bySource.length > 1 ? ' (several runs have this source id: use the Runlens run id)' : ''}`);
}

function inside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The real path of `relative` below the real run folder; throws when it is gone or leads out (a symbolic link). */
function realBelow(runFolder: string, relative: string, what: string): string {
  let real: string;
  let root: string;
  try {
    root = fs.realpathSync(runFolder);
    real = fs.realpathSync(path.resolve(runFolder, ...relative.split('/')));
  } catch {
    throw new RequestFailed('not-found', `${what} is no longer on disk`);
  }
  if (!inside(root, real)) throw new RequestFailed('unreadable', `${what} leads out of its run folder (a symbolic link): not registered`);
  return real;
}

/** Tries the path as given, then below `artifacts/` (MLflow users name artifacts relative to the artifact root: "model"). */
function locate(db: Db, runId: string, requested: string): ArtifactTarget {
  const normal = normalizeArtifactPath(requested);
  if (normal === '') throw new RequestFailed('bad-request', 'Name the artifact to register (a path inside the run\'s artifacts, like artifacts/model.onnx)');
  try {
    return locateArtifact(db, runId, normal);
  } catch (error) {
    if (!(error instanceof RequestFailed) || error.code !== 'not-found' || normal.startsWith('artifacts/')) throw error;
    try {
      return locateArtifact(db, runId, `artifacts/${normal}`);
    } catch {
      throw new RequestFailed('not-found', `The run lists no artifact "${requested}"`);
    }
  }
}

interface LocatedModel {
  artifactPath: string;
  /** The file that is hashed (and scored): an .onnx, the onnx flavor's file, any file; or a folder. */
  target: string;
  mlmodel: MlmodelInfo | null;
}

/** The file a run's artifact path stands for: a file, an MLflow model folder's onnx file, or the folder itself. */
export function locateModelArtifact(db: Db, run: RunDetail, requested: string): LocatedModel {
  let found = locate(db, run.id, requested);
  // Naming the MLmodel file means its model folder.
  if (found.kind !== 'folder' && path.posix.basename(found.path) === 'MLmodel' && found.path.includes('/')) found = locate(db, run.id, path.posix.dirname(found.path));
  if (found.kind === 'missing') throw new RequestFailed('not-found', `"${found.path}" is no longer on disk`);
  if (found.kind === 'file') return { artifactPath: found.path, target: found.file, mlmodel: null };
  const folder = realBelow(run.path, found.path, `"${found.path}"`);
  const mlmodelFile = path.join(folder, 'MLmodel');
  if (!fs.existsSync(mlmodelFile)) return { artifactPath: found.path, target: folder, mlmodel: null };
  let mlmodel: MlmodelInfo;
  try {
    mlmodel = readMlmodel(mlmodelFile);
  } catch (error) {
    throw new RequestFailed('unreadable', `"${found.path}/MLmodel" cannot be read: ${(error as Error).message}`);
  }
  if (!mlmodel.onnxFile) return { artifactPath: found.path, target: folder, mlmodel };
  const onnxRelative = path.posix.join(found.path, mlmodel.onnxFile.split(path.sep).join('/'));
  if (onnxRelative !== found.path && !onnxRelative.startsWith(`${found.path}/`)) {
    throw new RequestFailed('unreadable', `"${found.path}/MLmodel" names an ONNX file outside its folder: not registered`);
  }
  return { artifactPath: found.path, target: realBelow(run.path, onnxRelative, `"${onnxRelative}"`), mlmodel };
}

/** The datasets the run recorded (MLflow dataset inputs). */
export function runDatasets(db: Db, runId: string): VersionDataset[] {
  const key = runKeyOf(db, runId);
  if (key === null) return [];
  const rows = db.prepare('SELECT name, digest, source_type, context FROM datasets WHERE run_key = ? ORDER BY name, context').all(key) as {
    name: string; digest: string | null; source_type: string | null; context: string | null;
  }[];
  // The store keeps the source's type ("local", "http"), not its URI; no reader records row counts yet.
  return rows.map((row) => ({ name: row.name, digest: row.digest, source: row.source_type, context: row.context, rows: null }));
}

/** The commit MLflow tagged, or the one the native logger found (sources/native/header.ts). */
export function gitCommitOf(tags: Record<string, string>): string | null {
  return tags['mlflow.source.git.commit'] ?? tags['runlens.git.commit'] ?? null;
}

async function digestOf(target: string): Promise<FileDigest> {
  try {
    return await digestPath(target);
  } catch (error) {
    if (error instanceof RequestFailed) throw error;
    throw new RequestFailed('unreadable', `${target} cannot be read: ${(error as Error).message}`);
  }
}

/** Registers the artifact as the model's next version (creating the model on its first); appends `registered`. */
export async function registerVersion(db: Db, dataDir: string, args: RegisterArgs): Promise<ModelVersionRecord> {
  const run = runNamed(db, args.runId);
  const located = locateModelArtifact(db, run, args.artifactPath);
  const digest = await digestOf(located.target);
  const copyPath = args.keepCopy ? await keepCopyOf(dataDir, located.target, digest) : null;
  const schema = schemaOf(located.target, digest.kind, located.mlmodel);
  const actor = currentActor();
  return writeTransaction(db, () => {
    const at = Date.now();
    const model = ensureModel(db, args.name, actor, at);
    const version = nextVersion(db, model.id);
    insertVersion(db, model.id, {
      version,
      runId: run.id,
      runName: run.name,
      experiment: run.experiment,
      artifactPath: located.artifactPath,
      filePath: located.target,
      sha256: digest.sha256,
      size: digest.size,
      fileMtime: digest.mtime,
      copyPath,
      schema,
      datasets: runDatasets(db, run.id),
      gitCommit: gitCommitOf(run.tags),
      params: run.params,
      metrics: Object.fromEntries(Object.entries(run.metrics).map(([key, summary]) => [key, summary.last])),
      description: args.description ?? null,
      tags: args.tags ?? {},
      origin: { kind: 'run' },
      createdBy: actor,
      createdAt: at,
    });
    db.prepare('UPDATE registry_models SET updated_at = ? WHERE id = ?').run(at, model.id);
    appendEvent(db, model.id, { version, kind: 'registered', at, actor, to: 'None', comment: `${run.name}: ${located.artifactPath}` });
    return versionRecord(db, model.id, version)!;
  });
}
