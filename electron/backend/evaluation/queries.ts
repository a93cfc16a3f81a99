// The SQL of the evaluation domain: the user's column mappings, in the owned
// table prediction_mappings (keyed by the run's stable id and the artifact's
// path; no re-read touches it), and the artifacts a run lists.
import type { ColumnMapping } from '../../../shared/evaluation/predictionSets';
import type { Db } from '../store/database';

export function mappingsOf(db: Db, runId: string): Map<string, ColumnMapping> {
  const rows = db.prepare('SELECT artifact_path, mapping FROM prediction_mappings WHERE run_id = ?').all(runId) as { artifact_path: string; mapping: string }[];
  return new Map(rows.map((row) => [row.artifact_path, JSON.parse(row.mapping) as ColumnMapping]));
}

export function saveMapping(db: Db, runId: string, artifactPath: string, mapping: ColumnMapping | null): void {
  if (mapping === null) {
    db.prepare('DELETE FROM prediction_mappings WHERE run_id = ? AND artifact_path = ?').run(runId, artifactPath);
    return;
  }
  db.prepare(
    `INSERT INTO prediction_mappings (run_id, artifact_path, mapping, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (run_id, artifact_path) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  ).run(runId, artifactPath, JSON.stringify(mapping), Date.now());
}
