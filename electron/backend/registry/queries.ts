// The SQL of Runlens's own registry (migration 10's owned tables): models,
// their numbered versions, stages and aliases. No reader and no re-read
// writes here. Call the writers inside writeTransaction, with the audit event
// of the change (audit.ts) in the same transaction.
//
// Records come back with the fileState they had when registered ('ok'): the
// file itself is checked on read by fileState.ts (checkFileStates).
import { decode, encode } from '../../../shared/codec';
import {
  stages,
  type GateRule,
  type ModelVersionRecord,
  type RegistryModel,
  type RegistryModelDetail,
  type Stage,
  type TransitionHook,
  type VersionDataset,
  type VersionOrigin,
  type VersionSchema,
} from '../../../shared/registry/types';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';

export interface ModelRow {
  id: number;
  name: string;
  description: string | null;
  tags: string;
  gates: string;
  hooks: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  model_id: number;
  version: number;
  stage: Stage;
  run_id: string | null;
  run_name: string | null;
  experiment: string | null;
  artifact_path: string;
  file_path: string;
  sha256: string;
  size: number;
  file_mtime: number | null;
  copy_path: string | null;
  schema: string;
  datasets: string;
  git_commit: string | null;
  params: string;
  metrics: string;
  description: string | null;
  tags: string;
  origin: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** What a version is stored with: the record's fields, and the file's mtime when it was hashed (ms). */
export type NewVersion = Omit<ModelVersionRecord, 'model' | 'stage' | 'aliases' | 'fileState' | 'updatedAt'> & {
  stage?: Stage;
  fileMtime: number | null;
  updatedAt?: number;
};

/** A version's file as recorded, for the check on read. */
export interface RecordedFile {
  version: number;
  filePath: string;
  sha256: string;
  size: number;
  fileMtime: number | null;
}

// ---- models ----

export function modelRowByName(db: Db, name: string): ModelRow | null {
  return (db.prepare('SELECT * FROM registry_models WHERE name = ?').get(name) as ModelRow | undefined) ?? null;
}

/** The model named `name`, or not-found naming it. */
export function requireModel(db: Db, name: string): ModelRow {
  const row = modelRowByName(db, name);
  if (!row) throw new RequestFailed('not-found', `No registered model named "${name}" in Runlens's registry`);
  return row;
}

export interface NewModel {
  name: string;
  description?: string | null;
  tags?: Record<string, string>;
  gates?: GateRule[];
  hooks?: TransitionHook[];
  createdBy: string;
  createdAt: number;
  updatedAt?: number;
}

/** Inserts a model (the name must be new); returns its row. */
export function insertModel(db: Db, model: NewModel): ModelRow {
  return db
    .prepare(
      `INSERT INTO registry_models (name, description, tags, gates, hooks, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
      model.name,
      model.description ?? null,
      JSON.stringify(model.tags ?? {}),
      encode(model.gates ?? []),
      JSON.stringify(model.hooks ?? []),
      model.createdBy,
      model.createdAt,
      model.updatedAt ?? model.createdAt,
    ) as ModelRow;
}

/** The model named `name`, created on its first registration. */
export function ensureModel(db: Db, name: string, createdBy: string, at: number): ModelRow {
  return modelRowByName(db, name) ?? insertModel(db, { name, createdBy, createdAt: at });
}

export interface ModelChanges {
  description?: string | null;
  tags?: Record<string, string>;
  gates?: GateRule[];
  hooks?: TransitionHook[];
}

/** `column = ?` for each change given (undefined: left alone), with updated_at. */
function assignments(changes: Record<string, string | null | undefined>, at: number): { sql: string; values: unknown[] } {
  const given = Object.entries(changes).filter(([, value]) => value !== undefined);
  return { sql: ['updated_at = ?', ...given.map(([column]) => `${column} = ?`)].join(', '), values: [at, ...given.map(([, value]) => value)] };
}

/** Sets the given fields (and updated_at) of a model. */
export function updateModel(db: Db, modelId: number, changes: ModelChanges, at: number): void {
  const { sql, values } = assignments(
    {
      description: changes.description,
      tags: changes.tags && JSON.stringify(changes.tags),
      gates: changes.gates && encode(changes.gates),
      hooks: changes.hooks && JSON.stringify(changes.hooks),
    },
    at,
  );
  db.prepare(`UPDATE registry_models SET ${sql} WHERE id = ?`).run(...values, modelId);
}

export const gatesOf = (row: ModelRow): GateRule[] => decode(row.gates) as GateRule[];
export const hooksOf = (row: ModelRow): TransitionHook[] => JSON.parse(row.hooks) as TransitionHook[];

function emptyHolders(): Record<Stage, number[]> {
  return Object.fromEntries(stages.map((stage) => [stage, []])) as unknown as Record<Stage, number[]>;
}

/** What holds each stage and alias now, and the latest version. */
function modelOf(db: Db, row: ModelRow): RegistryModel {
  const versions = db.prepare('SELECT version, stage FROM registry_versions WHERE model_id = ? ORDER BY version').all(row.id) as { version: number; stage: Stage }[];
  const stageHolders = emptyHolders();
  for (const { version, stage } of versions) stageHolders[stage].push(version);
  return {
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as Record<string, string>,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    latestVersion: versions.length ? versions[versions.length - 1].version : null,
    stageHolders,
    aliases: aliasesOf(db, row.id),
    gates: gatesOf(row),
    hooks: hooksOf(row),
  };
}

/** The model as RegistryModel (no versions); not-found when there is none. */
export function modelSummary(db: Db, name: string): RegistryModel {
  return modelOf(db, requireModel(db, name));
}

export function listModels(db: Db): RegistryModel[] {
  const rows = db.prepare('SELECT * FROM registry_models ORDER BY name').all() as ModelRow[];
  return rows.map((row) => modelOf(db, row));
}

/** The model with every version as recorded (fileState 'ok'; see checkFileStates), or null. */
export function modelDetail(db: Db, name: string): RegistryModelDetail | null {
  const row = modelRowByName(db, name);
  if (!row) return null;
  return { ...modelOf(db, row), versions: versionRecords(db, row.id) };
}

// ---- versions ----

/** The next version number of a model: one more than the highest. Call inside the write transaction. */
export function nextVersion(db: Db, modelId: number): number {
  const row = db.prepare('SELECT MAX(version) AS top FROM registry_versions WHERE model_id = ?').get(modelId) as { top: number | null };
  return (row.top ?? 0) + 1;
}

export function insertVersion(db: Db, modelId: number, v: NewVersion): void {
  db.prepare(
    `INSERT INTO registry_versions (model_id, version, stage, run_id, run_name, experiment, artifact_path, file_path, sha256, size,
       file_mtime, copy_path, schema, datasets, git_commit, params, metrics, description, tags, origin, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    modelId, v.version, v.stage ?? 'None', v.runId, v.runName, v.experiment, v.artifactPath, v.filePath, v.sha256, v.size,
    v.fileMtime, v.copyPath, JSON.stringify(v.schema), JSON.stringify(v.datasets), v.gitCommit, JSON.stringify(v.params),
    // Metrics may be NaN or ±Infinity (a diverged loss): the codec keeps them.
    encode(v.metrics), v.description, JSON.stringify(v.tags), JSON.stringify(v.origin), v.createdBy, v.createdAt, v.updatedAt ?? v.createdAt,
  );
}

function recordOf(row: VersionRow, aliases: string[]): ModelVersionRecord {
  return {
    model: '',
    version: row.version,
    stage: row.stage,
    aliases,
    runId: row.run_id,
    runName: row.run_name,
    experiment: row.experiment,
    artifactPath: row.artifact_path,
    filePath: row.file_path,
    sha256: row.sha256,
    size: row.size,
    copyPath: row.copy_path,
    fileState: 'ok',
    schema: JSON.parse(row.schema) as VersionSchema,
    datasets: JSON.parse(row.datasets) as VersionDataset[],
    gitCommit: row.git_commit,
    params: JSON.parse(row.params) as Record<string, string>,
    metrics: decode(row.metrics) as Record<string, number>,
    description: row.description,
    tags: JSON.parse(row.tags) as Record<string, string>,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    origin: JSON.parse(row.origin) as VersionOrigin,
  };
}

const versionSelect = `SELECT v.*, m.name AS model_name FROM registry_versions v JOIN registry_models m ON m.id = v.model_id`;

function recordsWhere(db: Db, where: string, args: unknown[]): ModelVersionRecord[] {
  const rows = db.prepare(`${versionSelect} WHERE ${where} ORDER BY v.version`).all(...args) as (VersionRow & { model_name: string })[];
  if (rows.length === 0) return [];
  const aliases = aliasesOf(db, rows[0].model_id);
  return rows.map((row) => ({
    ...recordOf(row, Object.keys(aliases).filter((alias) => aliases[alias] === row.version).sort()),
    model: row.model_name,
  }));
}

/** Every version of a model, oldest first, as recorded. */
export function versionRecords(db: Db, modelId: number): ModelVersionRecord[] {
  return recordsWhere(db, 'v.model_id = ?', [modelId]);
}

export function versionRecord(db: Db, modelId: number, version: number): ModelVersionRecord | null {
  return recordsWhere(db, 'v.model_id = ? AND v.version = ?', [modelId, version])[0] ?? null;
}

/** The version, or not-found naming the model's versions. */
export function requireVersion(db: Db, model: ModelRow, version: number): ModelVersionRecord {
  const record = versionRecord(db, model.id, version);
  if (record) return record;
  const known = (db.prepare('SELECT version FROM registry_versions WHERE model_id = ? ORDER BY version').pluck().all(model.id) as number[]);
  const has = known.length === 0 ? 'it has no versions' : `its versions are ${known.join(', ')}`;
  throw new RequestFailed('not-found', `Model "${model.name}" has no version ${version} (${has})`);
}

/** The files of a model's versions as recorded when hashed. */
export function recordedFiles(db: Db, modelId: number): RecordedFile[] {
  return (db.prepare('SELECT version, file_path, sha256, size, file_mtime FROM registry_versions WHERE model_id = ? ORDER BY version').all(modelId) as {
    version: number; file_path: string; sha256: string; size: number; file_mtime: number | null;
  }[]).map((row) => ({ version: row.version, filePath: row.file_path, sha256: row.sha256, size: row.size, fileMtime: row.file_mtime }));
}

export function stageOf(db: Db, modelId: number, version: number): Stage | null {
  return (db.prepare('SELECT stage FROM registry_versions WHERE model_id = ? AND version = ?').pluck().get(modelId, version) as Stage | undefined) ?? null;
}

export function versionsInStage(db: Db, modelId: number, stage: Stage): number[] {
  return db.prepare('SELECT version FROM registry_versions WHERE model_id = ? AND stage = ? ORDER BY version').pluck().all(modelId, stage) as number[];
}

export function setStage(db: Db, modelId: number, version: number, stage: Stage, at: number): void {
  db.prepare('UPDATE registry_versions SET stage = ?, updated_at = ? WHERE model_id = ? AND version = ?').run(stage, at, modelId, version);
  db.prepare('UPDATE registry_models SET updated_at = ? WHERE id = ?').run(at, modelId);
}

export interface VersionChanges {
  description?: string | null;
  tags?: Record<string, string>;
}

export function updateVersion(db: Db, modelId: number, version: number, changes: VersionChanges, at: number): void {
  const { sql, values } = assignments({ description: changes.description, tags: changes.tags && JSON.stringify(changes.tags) }, at);
  db.prepare(`UPDATE registry_versions SET ${sql} WHERE model_id = ? AND version = ?`).run(...values, modelId, version);
  db.prepare('UPDATE registry_models SET updated_at = ? WHERE id = ?').run(at, modelId);
}

// ---- aliases ----

export function aliasesOf(db: Db, modelId: number): Record<string, number> {
  const rows = db.prepare('SELECT alias, version FROM registry_aliases WHERE model_id = ? ORDER BY alias').all(modelId) as { alias: string; version: number }[];
  return Object.fromEntries(rows.map((row) => [row.alias, row.version]));
}

export function aliasHolder(db: Db, modelId: number, alias: string): number | null {
  return (db.prepare('SELECT version FROM registry_aliases WHERE model_id = ? AND alias = ?').pluck().get(modelId, alias) as number | undefined) ?? null;
}

/** Points `alias` at `version`, taking it from any other version (one version per alias: the primary key). */
export function putAlias(db: Db, modelId: number, alias: string, version: number, at: number): void {
  db.prepare(
    `INSERT INTO registry_aliases (model_id, alias, version) VALUES (?, ?, ?)
     ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version`,
  ).run(modelId, alias, version);
  db.prepare('UPDATE registry_models SET updated_at = ? WHERE id = ?').run(at, modelId);
}

export function deleteAlias(db: Db, modelId: number, alias: string, at: number): void {
  db.prepare('DELETE FROM registry_aliases WHERE model_id = ? AND alias = ?').run(modelId, alias);
  db.prepare('UPDATE registry_models SET updated_at = ? WHERE id = ?').run(at, modelId);
}

// ---- lineage ----

/** The scoring and importance jobs that scored a file with this SHA-256 (scoring_jobs.model_sha256), newest first. */
export function jobsForModelSha(db: Db, sha256: string): { id: number; kind: string; inputPath: string; startedAt: number; status: string }[] {
  return (db.prepare('SELECT id, kind, input_path, started_at, status FROM scoring_jobs WHERE model_sha256 = ? ORDER BY started_at DESC, id DESC').all(sha256) as {
    id: number; kind: string; input_path: string; started_at: number; status: string;
  }[]).map((row) => ({ id: row.id, kind: row.kind, inputPath: row.input_path, startedAt: row.started_at, status: row.status }));
}
