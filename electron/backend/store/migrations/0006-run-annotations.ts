import type { Migration } from './migration';

// Owned tables: what the user adds to a run in Runlens. Keyed by the run's
// stable public id, with no foreign key to the cache, so a run that leaves the
// cache (its folder moved away and back, a re-read) finds its annotations again.
export const migration: Migration = {
  version: 6,
  name: 'run annotations',
  sql: `
      CREATE TABLE run_annotations (
        run_id TEXT PRIMARY KEY,
        starred INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        color TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE run_annotation_tags (
        run_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
      ) WITHOUT ROWID;
      CREATE INDEX metric_summaries_key ON metric_summaries (metric_key);
      CREATE INDEX params_name ON params (name);
      CREATE INDEX tags_name ON tags (name);
    `,
};
