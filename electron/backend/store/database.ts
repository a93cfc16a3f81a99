// Opens the one SQLite file in the data folder and brings its schema up to date.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations';
import { isStoreBusy, setBusyRetry, sleepSync } from './writeTransaction';

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
  migrations?: readonly Migration[];
  /**
   * How long one statement waits for another connection's write lock. The
   * connection that serves requests keeps it short, so a long ingest
   * transaction elsewhere never freezes the event loop; ingest workers wait longer.
   */
  busyTimeoutMs?: number;
  /** How long a write transaction keeps asking for the lock past that (writeTransaction.ts). */
  busyRetryMs?: number;
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
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (options.busyRetryMs !== undefined) setBusyRetry(db, options.busyRetryMs);
    const migrations = options.migrations ?? allMigrations;
    // A database this Runlens must refuse is refused before anything (even WAL mode) is written to it.
    const pending = pendingMigrations(file, appliedMigrations(db), migrations);
    if (options.readonly) refuseIfPending(file, pending);
    else db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Up to date (the usual case, and every ingest worker's open): no write lock needed.
    if (!options.readonly && pending.length > 0) migrate(db, file, migrations);
    if (isNew && process.platform !== 'win32') {
      for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Thrown when the database's migrations disagree with this Runlens's: a gap, or a migration known by another name. */
export class SchemaMismatchError extends Error {}

interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Compares what the database says was applied with the code's migrations:
 * the code's must be numbered 1..N without a gap; the database's must be the
 * code's first k, each by the same name. Returns the migrations still to apply.
 */
export function pendingMigrations(file: string, applied: readonly AppliedMigration[], migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Runlens's migrations skip or repeat a number at ${migration.version} (${migration.name}): a bug in this build`);
  });
  const known = sorted.length;
  const newest = Math.max(0, ...applied.map((m) => m.version));
  if (newest > known) throw new SchemaTooNewError(file, known, newest);
  const byVersion = new Map(applied.map((m) => [m.version, m.name]));
  for (let version = 1; version <= newest; version++) {
    const name = byVersion.get(version);
    if (name === undefined) {
      throw new SchemaMismatchError(`${file} has migration ${newest} but not ${version}: it was not written by Runlens, or was damaged. Nothing was changed.`);
    }
    const ours = sorted[version - 1].name;
    if (name !== ours) {
      throw new SchemaMismatchError(`${file} knows migration ${version} as "${name}", this Runlens as "${ours}": it was written by another build. Nothing was changed.`);
    }
  }
  return sorted.slice(newest);
}

function appliedMigrations(db: Db): AppliedMigration[] {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!table) return [];
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

/** A read-only open changes nothing: it only checks that this Runlens can read the database as it is. */
function refuseIfPending(file: string, pending: readonly Migration[]): void {
  if (pending.length > 0) {
    throw new SchemaMismatchError(`${file} was written by an older Runlens and needs migration ${pending[0].version} (${pending[0].name}); open it once without read-only to upgrade it.`);
  }
}

export function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
    // Again inside the write lock: another process may have migrated meanwhile.
    const pending = pendingMigrations(file, appliedMigrations(db), migrations);
    if (pending.length === 0) return;
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      db.exec(migration.sql);
      migration.run?.(db);
      record.run(migration.version, migration.name, Date.now());
    }
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
    // do not both try to apply the same migration; the second waits for the first.
    const deadline = Date.now() + 60_000;
    for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
      try {
        apply.immediate();
        break;
      } catch (error) {
        if (!isStoreBusy(error) || Date.now() + pause > deadline) throw error;
        sleepSync(pause);
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
