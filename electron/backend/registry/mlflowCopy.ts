// Copies one version of an MLflow registry Runlens read from a project folder
// (cached in registered_models / model_versions, never written here) into
// Runlens's own registry, with its stage, the aliases that point at it, its
// description and tags. The MLflow registry stays as it was.
//
// MLflow records where the version's model is as a URI (model_versions.source):
//   runs:/<run id>/<path>                         the run's artifact root + path
//   mlflow-artifacts:/<exp>/<run id>/artifacts/…  a tracking server's store (`mlflow server`
//                                                 keeps it in ./mlartifacts by default)
//   file:///…/mlruns/<exp>/<run id>/artifacts/…   or a bare path, absolute or relative to
//                                                 the tracking server's folder (the database's)
// A store copied from another machine still ends in <run id>/artifacts/<path>,
// as the MLflow reader assumes too (sources/mlflow/artifacts.ts), so that tail
// is looked for in the run's folder, mlruns/ and mlartifacts/ beside the store.
// Only files inside the project folder are read. Remote stores (s3:, gs:, …) are not on this disk.
import fs from 'node:fs';
import path from 'node:path';
import type { RunDetail } from '../../../shared/domain';
import { requests } from '../../../shared/api';
import { stages, type GateTarget, type ModelVersionRecord, type Stage, type VersionOrigin } from '../../../shared/registry/types';
import { v } from '../../../shared/schema';
import { RequestFailed } from '../handlerTypes';
import { getRun } from '../runs/queries';
import { localPathOfUri } from '../sources/mlflow/artifacts';
import type { Db } from '../store/database';
import { writeTransaction } from '../store/writeTransaction';
import { aliasEventValue } from './asOf';
import { appendEvent, currentActor } from './audit';
import { digestPath, type FileDigest } from './files';
import { aliasHolder, gatesOf, insertModel, insertVersion, modelRowByName, nextVersion, putAlias, versionRecord } from './queries';
import { gitCommitOf, runDatasets } from './register';
import { readMlmodel, schemaOf, type MlmodelInfo } from './versionSchema';
import { sameGateTarget } from '../../../shared/registry/targets';

interface MlflowVersion {
  projectId: number;
  projectPath: string;
  registry: string;
  location: string;
  name: string;
  modelDescription: string | null;
  modelTags: Record<string, string>;
  aliases: string[];
  version: number;
  stage: string | null;
  sourceUri: string | null;
  sourceRunId: string | null;
  description: string | null;
  tags: Record<string, string>;
}

function mlflowVersion(db: Db, location: string, name: string, version: number): MlflowVersion {
  const model = db.prepare(
    `SELECT m.id, m.project_id, p.path AS project_path, m.source, m.description, m.tags, m.aliases
     FROM registered_models m JOIN projects p ON p.id = m.project_id WHERE m.location = ? AND m.name = ?`,
  ).get(location, name) as { id: number; project_id: number; project_path: string; source: string; description: string | null; tags: string; aliases: string } | undefined;
  if (!model) throw new RequestFailed('not-found', `No MLflow registered model "${name}" at ${location} (Runlens reads MLflow registries from the project folders it was given)`);
  const row = db.prepare('SELECT stage, source_uri, source_run_id, description, tags FROM model_versions WHERE model_id = ? AND version = ?').get(model.id, version) as
    | { stage: string | null; source_uri: string | null; source_run_id: string | null; description: string | null; tags: string }
    | undefined;
  if (!row) {
    const known = db.prepare('SELECT version FROM model_versions WHERE model_id = ? ORDER BY version').pluck().all(model.id) as number[];
    throw new RequestFailed('not-found', `MLflow's model "${name}" has no version ${version} (${known.length ? `its versions are ${known.join(', ')}` : 'it has no versions'})`);
  }
  const aliases = Object.entries(JSON.parse(model.aliases) as Record<string, number>).filter(([, held]) => held === version).map(([alias]) => alias).sort();
  return {
    projectId: model.project_id, projectPath: model.project_path, registry: model.source, location, name,
    modelDescription: model.description || null, modelTags: JSON.parse(model.tags) as Record<string, string>, aliases, version,
    stage: row.stage, sourceUri: row.source_uri, sourceRunId: row.source_run_id, description: row.description || null, tags: JSON.parse(row.tags) as Record<string, string>,
  };
}

/** The Runlens run MLflow's run id names in this project, the one read from this store first. */
function runOf(db: Db, found: MlflowVersion, runId: string | null): RunDetail | null {
  if (!runId) return null;
  const rows = db.prepare('SELECT id, location, path FROM runs WHERE project_id = ? AND source_run_id = ?').all(found.projectId, runId) as { id: string; location: string | null; path: string }[];
  // A file store's runs lie beside its models/ folder; a database's carry its path as their location.
  const best = rows.find((row) => row.location === found.location) ?? rows.find((row) => row.path.startsWith(path.dirname(found.location) + path.sep)) ?? rows[0];
  return best ? getRun(db, best.id) : null;
}

/** What MLflow's source URI says: the run it names and its path segments, and a local path to try as it is. */
interface ParsedSource {
  runId: string | null;
  segments: string[];
  direct: string | null;
}

function parseSource(found: MlflowVersion, base: string): ParsedSource {
  const uri = found.sourceUri;
  const what = `MLflow's ${found.name} version ${found.version}`;
  if (!uri) throw new RequestFailed('not-found', `${what} records no source for its model`);
  const runs = /^runs:\/+([^/]+)\/?(.*)$/.exec(uri);
  if (runs) return { runId: runs[1], segments: [runs[1], 'artifacts', ...runs[2].split('/').filter(Boolean)], direct: null };
  if (/^models:/i.test(uri)) throw new RequestFailed('bad-request', `${what} points at another registered model (${uri}), not at a run's artifact`);
  if (/^mlflow-artifacts:/i.test(uri)) return { runId: found.sourceRunId, segments: uri.replace(/^mlflow-artifacts:(\/\/[^/]*)?/i, '').split('/').filter(Boolean), direct: null };
  const local = localPathOfUri(uri);
  if (local === null) throw new RequestFailed('not-found', `${what} is in remote storage (${uri}), not on this disk`);
  return {
    runId: found.sourceRunId,
    segments: local.split(/[\\/]+/).filter((part) => part && part !== '.'),
    direct: path.isAbsolute(local) ? local : path.resolve(base, local),
  };
}

interface Candidate {
  file: string;
  /** The path inside the run's artifacts, as the artifact listing names it (artifacts/model). */
  artifactPath: string;
}

/** Where the source may be on this disk, most likely first: by its <run id>/artifacts/<path> tail, then as written. */
function candidatesOf(found: MlflowVersion, base: string, parsed: ParsedSource, run: RunDetail | null): Candidate[] {
  const { runId, segments } = parsed;
  const candidates: Candidate[] = [];
  const at = runId ? segments.findIndex((part, index) => part === runId && segments[index + 1] === 'artifacts') : -1;
  if (runId && at >= 0) {
    const rest = segments.slice(at + 2);
    const artifactPath = ['artifacts', ...rest].join('/');
    const experiment = at > 0 ? segments[at - 1] : null;
    // A run read from a folder has its own artifacts/; a store's runs have none Runlens knows of.
    const roots = [
      ...(run && path.isAbsolute(run.path) && run.path.endsWith(runId) ? [path.join(run.path, 'artifacts')] : []),
      ...(experiment ? [path.join(base, 'mlruns', experiment, runId, 'artifacts'), path.join(base, 'mlartifacts', experiment, runId, 'artifacts')] : []),
    ];
    for (const root of roots) candidates.push({ file: path.join(root, ...rest), artifactPath });
  }
  if (parsed.direct) candidates.push({ file: parsed.direct, artifactPath: path.relative(found.projectPath, parsed.direct).split(path.sep).join('/') });
  return candidates;
}

function inside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The first candidate that exists, symbolic links resolved, inside the project folder. */
function locateSource(found: MlflowVersion, candidates: Candidate[]): Candidate {
  const project = fs.realpathSync(found.projectPath);
  const outside: string[] = [];
  for (const candidate of candidates) {
    let real: string;
    try {
      real = fs.realpathSync(candidate.file);
    } catch {
      continue;
    }
    if (inside(project, real)) return { file: real, artifactPath: candidate.artifactPath };
    outside.push(candidate.file);
  }
  const looked = [...new Set(candidates.map((candidate) => candidate.file))].join(', ');
  const reason = outside.length ? `${outside[0]} is outside the project folder ${found.projectPath}: not read` : `it is not on this disk (looked in ${looked || 'no local place'})`;
  throw new RequestFailed('not-found', `MLflow's ${found.name} version ${found.version} names its model as ${found.sourceUri}, but ${reason}`);
}

/** The file a found artifact stands for: an MLflow model folder's onnx file, the folder itself, or the file. */
function modelFileOf(found: Candidate): { target: string; mlmodel: MlmodelInfo | null; artifactPath: string } {
  let folder = found.file;
  let artifactPath = found.artifactPath;
  if (!fs.statSync(folder).isDirectory()) {
    if (path.basename(folder) !== 'MLmodel') return { target: folder, mlmodel: null, artifactPath };
    folder = path.dirname(folder);
    artifactPath = path.posix.dirname(artifactPath);
  }
  const mlmodelFile = path.join(folder, 'MLmodel');
  if (!fs.existsSync(mlmodelFile)) return { target: folder, mlmodel: null, artifactPath };
  let mlmodel: MlmodelInfo;
  try {
    mlmodel = readMlmodel(mlmodelFile);
  } catch (error) {
    throw new RequestFailed('unreadable', `${mlmodelFile} cannot be read: ${(error as Error).message}`);
  }
  if (!mlmodel.onnxFile) return { target: folder, mlmodel, artifactPath };
  const onnx = path.resolve(folder, mlmodel.onnxFile);
  if (!inside(folder, onnx) || onnx === folder) throw new RequestFailed('unreadable', `${mlmodelFile} names an ONNX file outside its folder: not copied`);
  return { target: onnx, mlmodel, artifactPath };
}

const isStage = (value: string | null): value is Stage => (stages as readonly (string | null)[]).includes(value);

/** Whether the Runlens model's gates guard a move: a copy never passes a gate by the back door. */
function guarded(db: Db, modelName: string, target: GateTarget): boolean {
  const row = modelRowByName(db, modelName);
  return row !== null && gatesOf(row).some((rule) => rule.targets.some((ruleTarget) => sameGateTarget(ruleTarget, target)));
}

function checkedName(found: MlflowVersion, as: string | undefined): string {
  const name = as ?? found.name;
  const checked = v.safeParse(requests['registry/model'].args, { name });
  if (!checked.success) throw new RequestFailed('bad-request', `MLflow's model name "${found.name}" is not a name Runlens's registry takes (${checked.issues[0].message}): copy it under another name`);
  return name;
}

/** What the copy carries of MLflow's stage and aliases, and why it leaves any out. */
function carried(db: Db, found: MlflowVersion, name: string): { stage: Stage; aliases: string[]; notes: string[] } {
  const notes: string[] = [];
  let stage: Stage = isStage(found.stage) ? found.stage : 'None';
  if (found.stage !== null && !isStage(found.stage)) notes.push(`MLflow's stage "${found.stage}" is not one Runlens knows: copied as None`);
  if ((stage === 'Staging' || stage === 'Production') && guarded(db, name, { kind: 'stage', stage })) {
    notes.push(`its stage ${stage} was not carried over: the model's gates guard ${stage} (promote it to check them)`);
    stage = 'None';
  }
  const aliases: string[] = [];
  for (const alias of found.aliases) {
    const valid = v.safeParse(requests['registry/setAlias'].args, { name, alias, version: 1 });
    if (!valid.success) notes.push(`MLflow's alias "${alias}" is not one Runlens takes (${valid.issues[0].message}): not carried over`);
    else if (guarded(db, name, { kind: 'alias', alias })) notes.push(`its alias ${alias} was not carried over: the model's gates guard it (set it to check them)`);
    else aliases.push(alias);
  }
  return { stage, aliases, notes };
}

interface Located {
  run: RunDetail | null;
  artifactPath: string;
  target: string;
  mlmodel: MlmodelInfo | null;
  digest: FileDigest;
}

async function locate(db: Db, found: MlflowVersion): Promise<Located> {
  // The folder MLflow resolved relative paths against: the database's, or the one holding mlruns/.
  const base = found.registry === 'mlflow-sqlite' ? path.dirname(found.location) : path.dirname(path.dirname(found.location));
  const parsed = parseSource(found, base);
  const run = runOf(db, found, parsed.runId);
  const model = modelFileOf(locateSource(found, candidatesOf(found, base, parsed, run)));
  let digest: FileDigest;
  try {
    digest = await digestPath(model.target);
  } catch (error) {
    if (error instanceof RequestFailed) throw error;
    throw new RequestFailed('unreadable', `${model.target} cannot be read: ${(error as Error).message}`);
  }
  return { run, ...model, digest };
}

function alreadyCopied(db: Db, name: string, origin: Extract<VersionOrigin, { kind: 'mlflow' }>): number | null {
  const row = modelRowByName(db, name);
  if (!row) return null;
  return (db.prepare(
    `SELECT version FROM registry_versions WHERE model_id = ? AND json_extract(origin, '$.kind') = 'mlflow'
       AND json_extract(origin, '$.location') = ? AND json_extract(origin, '$.name') = ? AND json_extract(origin, '$.version') = ?`,
  ).pluck().get(row.id, origin.location, origin.name, origin.version) as number | undefined) ?? null;
}

/**
 * Copies MLflow's version into Runlens's registry as the next version of
 * `as ?? name`, with its stage and aliases (those the model's gates do not
 * guard), description and tags; appends `copied` and one `alias-set` per alias.
 */
export async function copyFromMlflow(db: Db, args: { location: string; name: string; version: number; as?: string }): Promise<ModelVersionRecord> {
  const found = mlflowVersion(db, args.location, args.name, args.version);
  const name = checkedName(found, args.as);
  const origin = { kind: 'mlflow' as const, location: found.location, name: found.name, version: found.version };
  const located = await locate(db, found);
  const schema = schemaOf(located.target, located.digest.kind, located.mlmodel);
  const actor = currentActor();
  const { run } = located;
  return writeTransaction(db, () => {
    const copied = alreadyCopied(db, name, origin);
    if (copied !== null) throw new RequestFailed('bad-request', `MLflow's ${found.name} version ${found.version} was already copied: it is version ${copied} of "${name}"`);
    const what = carried(db, found, name);
    const at = Date.now();
    const model = modelRowByName(db, name) ?? insertModel(db, { name, description: found.modelDescription, tags: found.modelTags, createdBy: actor, createdAt: at });
    const version = nextVersion(db, model.id);
    insertVersion(db, model.id, {
      version, stage: what.stage, runId: run?.id ?? null, runName: run?.name ?? null, experiment: run?.experiment ?? null,
      artifactPath: located.artifactPath, filePath: located.target, sha256: located.digest.sha256, size: located.digest.size, fileMtime: located.digest.mtime, copyPath: null,
      schema, datasets: run ? runDatasets(db, run.id) : [], gitCommit: run ? gitCommitOf(run.tags) : null, params: run?.params ?? {},
      metrics: run ? Object.fromEntries(Object.entries(run.metrics).map(([key, summary]) => [key, summary.last])) : {},
      description: found.description, tags: found.tags, origin, createdBy: actor, createdAt: at,
    });
    const mlflowSide = `${found.stage ?? 'None'}${found.aliases.length ? `, aliases ${found.aliases.join(', ')}` : ''}`;
    appendEvent(db, model.id, {
      version, kind: 'copied', at, actor, from: `${found.name} v${found.version}`, to: what.stage,
      comment: [`Copied from the MLflow registry at ${found.location}: ${found.name} version ${found.version} (${mlflowSide})`, ...what.notes].join('; '),
    });
    for (const alias of what.aliases) {
      const previous = aliasHolder(db, model.id, alias);
      putAlias(db, model.id, alias, version, at);
      appendEvent(db, model.id, { version, kind: 'alias-set', at, actor, from: previous === null ? null : aliasEventValue(alias, previous), to: aliasEventValue(alias, version), comment: 'as in MLflow' });
    }
    return versionRecord(db, model.id, version)!;
  });
}
