// Numbered schema migrations. Append only: a released migration is never edited.
// The store refuses a database that knows migrations this code does not.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
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
  },
  {
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
  },
  {
    version: 3,
    name: 'experiments per store, experiment tags',
    sql: `
      -- Two stores in one project (two mlruns folders, an mlruns folder and an
      -- mlflow.db) may each have a "Default": location, the store an
      -- experiment was read from, keeps them apart. SQLite cannot change a
      -- UNIQUE constraint in place, so the table is rebuilt (foreign keys are
      -- off during migrations; see database.ts).
      CREATE TABLE experiments_rebuilt (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        source_experiment_id TEXT,
        name TEXT NOT NULL,
        UNIQUE (project_id, source, location, name)
      );
      INSERT INTO experiments_rebuilt (id, project_id, source, location, source_experiment_id, name)
        SELECT id, project_id, source, '', source_experiment_id, name FROM experiments;
      DROP TABLE experiments;
      ALTER TABLE experiments_rebuilt RENAME TO experiments;

      -- MLflow's experiment tags (mlflow.note.content is the description).
      CREATE TABLE experiment_tags (
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (experiment_id, name)
      );
    `,
  },
];
