import type { Migration } from './migration';

// Owned tables, written only by Runlens: a job's result beside its record
// (a score job's column of true classes, an importance job's features), and
// the feature order a user confirmed once for a model that names none, keyed
// by the model's SHA-256 so a copy or a re-logged artifact of the same model
// finds it again. No re-read touches either.
export const migration: Migration = {
  version: 9,
  name: 'job results and feature orders',
  sql: `
      ALTER TABLE scoring_jobs ADD COLUMN label_column TEXT;
      ALTER TABLE scoring_jobs ADD COLUMN result TEXT;
      CREATE TABLE model_feature_orders (
        model_sha256 TEXT PRIMARY KEY,
        features TEXT NOT NULL,
        saved_at INTEGER NOT NULL
      );
    `,
};
