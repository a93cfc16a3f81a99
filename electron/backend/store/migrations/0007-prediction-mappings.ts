import type { Migration } from './migration';

// Owned table: how the user said a prediction table's columns are read (the
// label, the score columns and their classes, the positive class). Keyed by the
// run's stable public id and the artifact's path, with no foreign key to the
// cache, so a re-read or a run leaving and re-entering the cache keeps it.
export const migration: Migration = {
  version: 7,
  name: 'prediction mappings',
  sql: `
      CREATE TABLE prediction_mappings (
        run_id TEXT NOT NULL,
        artifact_path TEXT NOT NULL,
        mapping TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, artifact_path)
      ) WITHOUT ROWID;
    `,
};
