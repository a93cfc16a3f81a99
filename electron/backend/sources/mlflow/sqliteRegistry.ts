// MLflow's model registry in the SQLite tracking store: registered models,
// their tags and aliases, and their versions. Read whole, in one read
// transaction, on every call: the registry is small.
import type { RegistryModel, RegistryModelVersion } from '../records';
import { numberOrNull, StoreSchema, textOrNull, withStore, type OpenStoreOptions, type SqliteDb } from './sqliteSchema';

/**
 * MLflow's model registry: registered models with their tags and aliases
 * (registered_model_aliases, MLflow 2.3+), and their versions with stage,
 * status, source, run id and tags. Versions MLflow deleted (stage
 * "Deleted_Internal") are left out, as MLflow's own API does. Since MLflow
 * 3.x's workspaces, models are keyed by (workspace, name); a model outside
 * the default workspace is named "workspace/name".
 */
export function readMlflowSqliteRegistry(file: string, options: OpenStoreOptions = {}): { models: RegistryModel[]; warnings: string[] } {
  return withStore(file, options, (db) => db.transaction(() => readRegistry(db))());
}

function readRegistry(db: SqliteDb): { models: RegistryModel[]; warnings: string[] } {
  const schema = new StoreSchema(db);
  const warnings: string[] = [];
  if (!schema.hasTable('registered_models')) {
    if (schema.hasTable('model_versions')) warnings.push('the registered_models table is missing: model versions are not read');
    return { models: [], warnings };
  }
  const ws = (table: string) => (schema.has(table, 'workspace') ? '"workspace"' : `'default'`);
  const keyOf = (workspace: unknown, name: unknown) => `${String(workspace)}\0${String(name)}`;
  const models = new Map<string, RegistryModel>();
  const modelRows = db
    .prepare(
      `SELECT ${ws('registered_models')} AS workspace, name, ${schema.column('registered_models', 'description')},
         ${schema.column('registered_models', 'creation_time')}, ${schema.column('registered_models', 'last_updated_time')}
       FROM registered_models ORDER BY name`,
    )
    .all() as Record<string, unknown>[];
  for (const row of modelRows) {
    const workspace = String(row.workspace);
    models.set(keyOf(workspace, row.name), {
      name: workspace === 'default' ? String(row.name) : `${workspace}/${String(row.name)}`,
      description: textOrNull(row.description) || null,
      createdTime: numberOrNull(row.creation_time),
      updatedTime: numberOrNull(row.last_updated_time),
      tags: {},
      aliases: {},
      versions: [],
    });
  }
  if (schema.hasTable('registered_model_tags')) {
    for (const row of db.prepare(`SELECT ${ws('registered_model_tags')} AS workspace, name, "key", value FROM registered_model_tags`).all() as Record<string, unknown>[]) {
      const model = models.get(keyOf(row.workspace, row.name));
      if (model) model.tags[String(row.key)] = textOrNull(row.value) ?? '';
    }
  }
  if (schema.hasTable('registered_model_aliases')) {
    for (const row of db.prepare(`SELECT ${ws('registered_model_aliases')} AS workspace, name, alias, version FROM registered_model_aliases`).all() as Record<string, unknown>[]) {
      const model = models.get(keyOf(row.workspace, row.name));
      const version = numberOrNull(row.version);
      if (model && version !== null) model.aliases[String(row.alias)] = version;
    }
  }
  if (!schema.hasTable('model_versions')) {
    warnings.push('the model_versions table is missing: models have no versions');
    return { models: [...models.values()], warnings };
  }
  const versionTags = new Map<string, Record<string, string>>();
  if (schema.hasTable('model_version_tags')) {
    for (const row of db.prepare(`SELECT ${ws('model_version_tags')} AS workspace, name, version, "key", value FROM model_version_tags`).all() as Record<string, unknown>[]) {
      const key = `${keyOf(row.workspace, row.name)}\0${String(row.version)}`;
      let tags = versionTags.get(key);
      if (!tags) versionTags.set(key, (tags = {}));
      tags[String(row.key)] = textOrNull(row.value) ?? '';
    }
  }
  const c = (column: string) => schema.column('model_versions', column);
  const versionRows = db
    .prepare(
      `SELECT ${ws('model_versions')} AS workspace, name, version, ${c('current_stage')}, ${c('status')}, ${c('source')}, ${c('run_id')},
         ${c('description')}, ${c('creation_time')}, ${c('last_updated_time')}
       FROM model_versions ORDER BY name, version`,
    )
    .all() as Record<string, unknown>[];
  let orphans = 0;
  for (const row of versionRows) {
    if (row.current_stage === 'Deleted_Internal') continue;
    const model = models.get(keyOf(row.workspace, row.name));
    const version = numberOrNull(row.version);
    if (!model || version === null) {
      orphans++;
      continue;
    }
    const entry: RegistryModelVersion = {
      version,
      stage: textOrNull(row.current_stage),
      status: textOrNull(row.status),
      sourceUri: textOrNull(row.source),
      sourceRunId: textOrNull(row.run_id) || null,
      description: textOrNull(row.description) || null,
      createdTime: numberOrNull(row.creation_time),
      updatedTime: numberOrNull(row.last_updated_time),
      tags: versionTags.get(`${keyOf(row.workspace, row.name)}\0${String(row.version)}`) ?? {},
    };
    model.versions.push(entry);
  }
  if (orphans > 0) warnings.push(`${orphans} model version(s) of no registered model were skipped`);
  return { models: [...models.values()], warnings };
}
