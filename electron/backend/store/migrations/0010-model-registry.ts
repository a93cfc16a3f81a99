import type { Migration } from './migration';

// Runlens's own model registry: owned tables that only Runlens writes and no
// re-read touches (the MLflow registries it reads stay in registered_models
// and model_versions). The audit trail is append-only: triggers refuse any
// UPDATE or DELETE of its rows, whoever asks.
export const migration: Migration = {
  version: 10,
  name: 'model registry',
  sql: `
      CREATE TABLE registry_models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT,
        tags TEXT NOT NULL DEFAULT '{}',
        gates TEXT NOT NULL DEFAULT '[]',
        hooks TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE registry_versions (
        model_id INTEGER NOT NULL REFERENCES registry_models(id),
        version INTEGER NOT NULL,
        stage TEXT NOT NULL DEFAULT 'None' CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
        run_id TEXT,
        run_name TEXT,
        experiment TEXT,
        artifact_path TEXT NOT NULL,
        file_path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        file_mtime INTEGER,
        copy_path TEXT,
        schema TEXT NOT NULL DEFAULT '{"from":null,"inputs":[],"outputs":[]}',
        datasets TEXT NOT NULL DEFAULT '[]',
        git_commit TEXT,
        params TEXT NOT NULL DEFAULT '{}',
        metrics TEXT NOT NULL DEFAULT '{}',
        description TEXT,
        tags TEXT NOT NULL DEFAULT '{}',
        origin TEXT NOT NULL DEFAULT '{"kind":"run"}',
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (model_id, version)
      );
      CREATE TABLE registry_aliases (
        model_id INTEGER NOT NULL REFERENCES registry_models(id),
        alias TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (model_id, alias),
        FOREIGN KEY (model_id, version) REFERENCES registry_versions(model_id, version)
      );
      CREATE TABLE registry_events (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES registry_models(id),
        version INTEGER,
        kind TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        from_value TEXT,
        to_value TEXT,
        comment TEXT,
        gates TEXT,
        hook TEXT
      );
      CREATE INDEX registry_events_by_model ON registry_events (model_id, at, id);
      CREATE TRIGGER registry_events_append_only_update BEFORE UPDATE ON registry_events
        BEGIN SELECT RAISE(ABORT, 'The registry audit trail is append-only: its events cannot be changed'); END;
      CREATE TRIGGER registry_events_append_only_delete BEFORE DELETE ON registry_events
        BEGIN SELECT RAISE(ABORT, 'The registry audit trail is append-only: its events cannot be deleted'); END;
    `,
};
