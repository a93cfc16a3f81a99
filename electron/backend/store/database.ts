// Opens the one SQLite file in the data folder and brings its schema up to date.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations';

export type Db = Database.Database;

/** Thrown when the database was written by a newer Runlens than this one. */
export class SchemaTooNewError extends Error {
  constructor(file: string, known: number, found: number) {
    super(
      `${file} was written by a newer Runlens (schema ${found}; this version knows up to ${known}). ` +
        'Update Runlens, or pass --data-dir to use another data folder. Nothing was changed.',
    );
  }
}

export interface OpenOptions {
  /** better-sqlite3's native binding, for Electron's own ABI build. */
  nativeBinding?: string;
  readonly?: boolean;
  migrations?: Migration[];
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'runlens.sqlite');
}

export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  // Runs can be private: the data folder and database are the user's alone.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = databaseFile(dataDir);
  const isNew = !fs.existsSync(file);
  const db = new Database(file, {
    nativeBinding: options.nativeBinding,
    readonly: options.readonly ?? false,
  });
  try {
    // WAL and a busy timeout let the app, the CLI and a server share the file.
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db, file, options.migrations ?? allMigrations);
    if (isNew && process.platform !== 'win32') {
      for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: Db, file: string, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  // Up to date (the usual case, and every ingest worker's open): no write lock needed.
  const appliedNow = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version));
  if (migrations.every((m) => appliedNow.has(m.version)) && Math.max(0, ...appliedNow) <= known) return;
  const apply = db.transaction(() => {
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (row) => row.version,
      ),
    );
    const newest = Math.max(0, ...applied);
    if (newest > known) throw new SchemaTooNewError(file, known, newest);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    let migrated = false;
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
      migrated = true;
    }
    if (!migrated) return;
    // Foreign keys are off (below): check by hand that the migrations kept them whole.
    const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (broken.length > 0) throw new Error(`${file}: a migration broke ${broken.length} references (first: ${broken[0].table} -> ${broken[0].parent}); nothing was changed`);
  });
  // A migration may rebuild a table others refer to (SQLite's way to change
  // a constraint); with foreign keys on, dropping the old table would cascade.
  // The pragma is a no-op inside a transaction, so it goes around it.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    // IMMEDIATE takes the write lock first, so two processes starting together
    // do not both try to apply the same migration.
    apply.immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
