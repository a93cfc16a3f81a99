// The baseline every ingest benchmark measures against (DESIGN.md): raw
// better-sqlite3 rows (run, key, step, timestamp, value) keyed by (run, key,
// step), the row-per-point store MLflow uses, with the pragmas Runlens's store has.
import Database from 'better-sqlite3';

export type BaselineDb = Database.Database;

export function openBaseline(file: string): BaselineDb {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

export function createBaselineTable(db: BaselineDb): void {
  db.exec(`CREATE TABLE points (
    run INTEGER NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL, timestamp INTEGER NOT NULL, value REAL,
    PRIMARY KEY (run, key, step))`);
}

