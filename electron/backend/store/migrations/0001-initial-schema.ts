import type { Migration } from './migration';

export const migration: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        added_at INTEGER NOT NULL
      );

      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        source_experiment_id TEXT,
        name TEXT NOT NULL,
        UNIQUE (project_id, source, name)
      );

      -- key is the compact integer other tables join on; id is the stable
      -- public id (a hash of source and path, so it survives a re-index).
      CREATE TABLE runs (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
        source TEXT NOT NULL,
        source_run_id TEXT,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('RUNNING','FINISHED','FAILED','KILLED','SCHEDULED')),
        status_reason TEXT,
        start_time INTEGER,
        end_time INTEGER,
        last_activity INTEGER,
        heartbeat_interval_ms INTEGER
      );
      CREATE INDEX runs_project ON runs (project_id);

      CREATE TABLE params (
        run_key INTEGER NOT NULL REFERENCES runs(key) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_key, name)
      ) WITHOUT ROWID;

      CREATE TABLE tags (
        run_key INTEGER NOT NULL REFERENCES runs(key) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_key, name)
      ) WITHOUT ROWID;

      -- A metric series in chunks of up to a few thousand points, each column a
      -- little-endian Float64Array blob (see DESIGN.md, Metric storage).
      CREATE TABLE metric_chunks (
        run_key INTEGER NOT NULL REFERENCES runs(key) ON DELETE CASCADE,
        metric_key TEXT NOT NULL,
        chunk_index INTEGER NOT NULL,
        point_count INTEGER NOT NULL,
        first_step REAL NOT NULL,
        last_step REAL NOT NULL,
        min_value REAL,
        max_value REAL,
        steps BLOB NOT NULL,
        timestamps BLOB NOT NULL,
        metric_values BLOB NOT NULL,
        PRIMARY KEY (run_key, metric_key, chunk_index)
      );

      CREATE TABLE metric_summaries (
        run_key INTEGER NOT NULL REFERENCES runs(key) ON DELETE CASCADE,
        metric_key TEXT NOT NULL,
        last_value REAL,
        last_step REAL NOT NULL,
        last_timestamp REAL,
        min_value REAL,
        max_value REAL,
        point_count INTEGER NOT NULL,
        PRIMARY KEY (run_key, metric_key)
      ) WITHOUT ROWID;

      CREATE TABLE artifacts (
        run_key INTEGER NOT NULL REFERENCES runs(key) ON DELETE CASCADE,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (run_key, path)
      ) WITHOUT ROWID;

      -- Where reading of each file stopped, and how to tell it was replaced.
      CREATE TABLE ingest_cursors (
        path TEXT PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        run_key INTEGER REFERENCES runs(key) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        inode TEXT NOT NULL,
        byte_offset INTEGER NOT NULL,
        line_number INTEGER NOT NULL DEFAULT 0,
        state TEXT
      );

      CREATE TABLE warnings (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        run_key INTEGER REFERENCES runs(key) ON DELETE CASCADE,
        path TEXT NOT NULL,
        message TEXT NOT NULL,
        detail TEXT,
        occurrences INTEGER NOT NULL DEFAULT 1,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        UNIQUE (path, message)
      );
      CREATE INDEX warnings_run ON warnings (run_key);
    `,
};
