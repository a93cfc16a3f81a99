import type { Migration } from './migration';

export const migration: Migration = {
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
};
