// Replaces what the store knows of one registry location (an mlruns/models
// folder or an MLflow SQLite file) with what its reader found there now.
// Registries are small, so each change re-reads the location whole.
import type { RunSource } from '../../../shared/domain';
import type { RegistryModel } from '../sources/records';
import type { Db } from '../store/database';

export function replaceRegistry(db: Db, projectId: number, source: RunSource, location: string, models: RegistryModel[]): void {
  const insertModel = db.prepare(
    `INSERT INTO registered_models (project_id, source, location, name, description, created_time, updated_time, tags, aliases)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertVersion = db.prepare(
    `INSERT INTO model_versions (model_id, version, stage, status, source_uri, source_run_id, description, created_time, updated_time, tags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    db.prepare('DELETE FROM registered_models WHERE location = ?').run(location);
    for (const model of models) {
      const modelId = Number(
        insertModel.run(
          projectId, source, location, model.name, model.description, model.createdTime, model.updatedTime,
          JSON.stringify(model.tags), JSON.stringify(model.aliases),
        ).lastInsertRowid,
      );
      for (const v of model.versions) {
        insertVersion.run(
          modelId, v.version, v.stage, v.status, v.sourceUri, v.sourceRunId, v.description, v.createdTime, v.updatedTime,
          JSON.stringify(v.tags),
        );
      }
    }
  })();
}
