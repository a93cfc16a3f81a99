import type { Migration } from './migration';

export const migration: Migration = {
  version: 4,
  name: 'store runs and read failures',
  sql: `
      -- The store a run was read from (an MLflow SQLite file), NULL for a run
      -- folder. A project's read removes a store's runs only when the store
      -- says they are gone, never because the folder scan did not list them.
      ALTER TABLE runs ADD COLUMN location TEXT;
      UPDATE runs SET location = (
        SELECT s.path FROM store_locations s
        WHERE substr(runs.path, 1, length(s.path) + 1) = s.path || '#'
        ORDER BY length(s.path) DESC LIMIT 1);
      CREATE INDEX runs_location ON runs (location);

      -- Where the read of each store location stopped, in the source's own
      -- terms (storeSource.ts): a signature of what it looked like, and a state
      -- only its reader understands. Carried over from the file cursors.
      CREATE TABLE store_cursors (
        location TEXT PRIMARY KEY REFERENCES store_locations(path) ON DELETE CASCADE,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        signature TEXT,
        state TEXT
      );
      INSERT INTO store_cursors (location, project_id, signature, state)
        SELECT c.path, c.project_id, NULL, c.state FROM ingest_cursors c JOIN store_locations s ON s.path = c.path;
      DELETE FROM ingest_cursors WHERE path IN (SELECT path FROM store_locations);

      -- A short hash of the bytes just before byte_offset: a file rewritten in
      -- place (same inode, same or larger size) no longer matches it.
      ALTER TABLE ingest_cursors ADD COLUMN anchor TEXT;

      -- What kind of problem a warning is, where it matters when it ends:
      -- 'unreadable' (a source that could not be read at all: cleared by the
      -- next good read) and 'locked' (a store locked by another program).
      ALTER TABLE warnings ADD COLUMN category TEXT;
  `,
};
