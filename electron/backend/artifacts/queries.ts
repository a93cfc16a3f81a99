// The SQL behind `runs/artifact`: the run a request names, and the artifacts
// the readers recorded for it (the only paths ever served).
import type { RunSource } from '../../../shared/domain';
import type { Db } from '../store/database';

export interface ArtifactRun {
  key: number;
  source: RunSource;
  /** The run folder, or `<store>#<run id>` for a run read from a store. */
  path: string;
  /** The store the run was read from; null for a run folder. */
  location: string | null;
}

export function artifactRunOf(db: Db, runId: string): ArtifactRun | null {
  const row = db.prepare('SELECT key, source, path, location FROM runs WHERE id = ?').get(runId) as ArtifactRun | undefined;
  return row ?? null;
}

/** The recorded size of the artifact at exactly `artifactPath`, or null when the run lists no such file. */
export function recordedArtifact(db: Db, runKey: number, artifactPath: string): { path: string; size: number } | null {
  const row = db.prepare('SELECT path, size FROM artifacts WHERE run_key = ? AND path = ?').get(runKey, artifactPath) as
    | { path: string; size: number }
    | undefined;
  return row ?? null;
}

/**
 * The artifacts below the folder `prefix` ('' for all of them), in path order,
 * at most `limit`. Matched by string prefix, not LIKE, so '%' and '_' in names are literal.
 */
export function artifactsUnder(db: Db, runKey: number, prefix: string, limit: number): { path: string; size: number }[] {
  const start = prefix === '' ? '' : `${prefix}/`;
  return db
    .prepare('SELECT path, size FROM artifacts WHERE run_key = ? AND substr(path, 1, length(?)) = ? ORDER BY path LIMIT ?')
    .all(runKey, start, start, limit) as { path: string; size: number }[];
}
