// Brings what the store knows of one registry location (an mlruns/models
// folder, an MLflow SQLite file) in line with what its reader found there
// now. These tables cache the source, yet their rows keep their ids across
// re-reads: a model is updated in place by its key in the source (location
// and name), a version by its number, so anything that points at them (a
// later annotation, a promotion in Runlens's own registry) still does.
import type { RunSource } from '../../../../shared/domain';
import type { RegistryModel } from '../../sources/records';
import type { Db } from '../../store/database';
import { writeTransaction } from '../../store/writeTransaction';

export function replaceRegistry(db: Db, projectId: number, source: RunSource, location: string, models: RegistryModel[]): void {
  const upsertModel = db.prepare(
    `INSERT INTO registered_models (project_id, source, location, name, description, created_time, updated_time, tags, aliases)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (location, name) DO UPDATE SET project_id = excluded.project_id, source = excluded.source,
       description = excluded.description, created_time = excluded.created_time, updated_time = excluded.updated_time,
       tags = excluded.tags, aliases = excluded.aliases
     RETURNING id`,
  );
  const upsertVersion = db.prepare(
    `INSERT INTO model_versions (model_id, version, stage, status, source_uri, source_run_id, description, created_time, updated_time, tags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (model_id, version) DO UPDATE SET stage = excluded.stage, status = excluded.status, source_uri = excluded.source_uri,
       source_run_id = excluded.source_run_id, description = excluded.description, created_time = excluded.created_time,
       updated_time = excluded.updated_time, tags = excluded.tags`,
  );
  const storedModels = db.prepare('SELECT id, name FROM registered_models WHERE location = ?');
  const deleteModel = db.prepare('DELETE FROM registered_models WHERE id = ?');
  const storedVersions = db.prepare('SELECT version FROM model_versions WHERE model_id = ?');
  const deleteVersion = db.prepare('DELETE FROM model_versions WHERE model_id = ? AND version = ?');
  writeTransaction(db, () => {
    const present = new Set(models.map((model) => model.name));
    for (const row of storedModels.all(location) as { id: number; name: string }[]) if (!present.has(row.name)) deleteModel.run(row.id);
    for (const model of models) {
      const { id: modelId } = upsertModel.get(
        projectId, source, location, model.name, model.description, model.createdTime, model.updatedTime,
        JSON.stringify(model.tags), JSON.stringify(model.aliases),
      ) as { id: number };
      const versions = new Set(model.versions.map((v) => v.version));
      for (const row of storedVersions.all(modelId) as { version: number }[]) if (!versions.has(row.version)) deleteVersion.run(modelId, row.version);
      for (const v of model.versions) {
        upsertVersion.run(modelId, v.version, v.stage, v.status, v.sourceUri, v.sourceRunId, v.description, v.createdTime, v.updatedTime, JSON.stringify(v.tags));
      }
    }
  });
}
