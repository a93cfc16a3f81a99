import type { Migration } from './migration';

// Owned table: every scoring and importance job Runlens ran, so "which model
// produced this prediction, on which data, when" has an answer. Written only
// by Runlens (the app, a server or the CLI); no re-read touches it. The model
// is named by its file and SHA-256, and by the run (stable id) and artifact it
// came from when it came from one.
export const migration: Migration = {
  version: 8,
  name: 'scoring jobs',
  sql: `
      CREATE TABLE scoring_jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        model_path TEXT NOT NULL,
        model_sha256 TEXT,
        model_run_id TEXT,
        model_artifact_path TEXT,
        input_path TEXT NOT NULL,
        input_sha256 TEXT,
        input_rows INTEGER,
        output_path TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        started_at INTEGER NOT NULL,
        duration_ms INTEGER,
        rows_per_second REAL,
        status TEXT NOT NULL,
        error TEXT
      );
      CREATE INDEX scoring_jobs_started ON scoring_jobs (started_at);
    `,
};
