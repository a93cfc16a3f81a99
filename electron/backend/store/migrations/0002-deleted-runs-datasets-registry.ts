import type { Migration } from './migration';

export const migration: Migration = {
  version: 2,
  name: 'deleted runs, datasets, model registry',
  sql: `
      ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE datasets (
        run_key INTEGER NOT NULL REFERENCES runs(key) ON DELETE CASCADE,
        name TEXT NOT NULL,
        digest TEXT,
        source_type TEXT,
        context TEXT,
        PRIMARY KEY (run_key, name, context)
      );

      -- Models as a registry (MLflow's, or later Runlens's own) lists them.
      -- location is the file or folder they were read from.
      CREATE TABLE registered_models (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        location TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        created_time INTEGER,
        updated_time INTEGER,
        tags TEXT NOT NULL DEFAULT '{}',
        aliases TEXT NOT NULL DEFAULT '{}',
        UNIQUE (location, name)
      );

      -- Files and folders that hold more than one run or a registry
      -- (an MLflow SQLite store, an mlruns/models folder), found by the scan.
      CREATE TABLE store_locations (
        path TEXT PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind TEXT NOT NULL
      );

      CREATE TABLE model_versions (
        model_id INTEGER NOT NULL REFERENCES registered_models(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        stage TEXT,
        status TEXT,
        source_uri TEXT,
        source_run_id TEXT,
        description TEXT,
        created_time INTEGER,
        updated_time INTEGER,
        tags TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (model_id, version)
      );
    `,
};
