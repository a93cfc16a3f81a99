// Reads registered models and their versions in the shape the API promises.
import type { RegisteredModel } from '../../../../shared/domain';
import type { Db } from '../../store/database';

export function listRegisteredModels(db: Db, projectId?: number): RegisteredModel[] {
  const where = projectId === undefined ? '' : 'WHERE m.project_id = ?';
  const models = db
    .prepare(`SELECT id, project_id, source, location, name, description, created_time, updated_time, tags, aliases
              FROM registered_models m ${where} ORDER BY name, location`)
    .all(...(projectId === undefined ? [] : [projectId])) as {
    id: number; project_id: number; source: string; location: string; name: string; description: string | null;
    created_time: number | null; updated_time: number | null; tags: string; aliases: string;
  }[];
  const versionsOf = db.prepare(
    `SELECT v.version, v.stage, v.status, v.source_uri, v.source_run_id, v.description, v.created_time, v.updated_time, v.tags,
       (SELECT r.id FROM runs r WHERE r.source_run_id = v.source_run_id AND r.project_id = ? LIMIT 1) AS run_id
     FROM model_versions v WHERE v.model_id = ? ORDER BY v.version`,
  );
  return models.map((m) => {
    const aliases = JSON.parse(m.aliases) as Record<string, number>;
    const versions = versionsOf.all(m.project_id, m.id) as {
      version: number; stage: string | null; status: string | null; source_uri: string | null; source_run_id: string | null;
      description: string | null; created_time: number | null; updated_time: number | null; tags: string; run_id: string | null;
    }[];
    return {
      name: m.name,
      projectId: m.project_id,
      source: m.source as RegisteredModel['source'],
      location: m.location,
      description: m.description,
      createdTime: m.created_time,
      updatedTime: m.updated_time,
      tags: JSON.parse(m.tags),
      aliases,
      versions: versions.map((v) => ({
        version: v.version,
        stage: v.stage,
        status: v.status,
        sourceUri: v.source_uri,
        sourceRunId: v.source_run_id,
        runId: v.run_id,
        description: v.description,
        createdTime: v.created_time,
        updatedTime: v.updated_time,
        tags: JSON.parse(v.tags),
        aliases: Object.entries(aliases).filter(([, version]) => version === v.version).map(([alias]) => alias),
      })),
    };
  });
}
