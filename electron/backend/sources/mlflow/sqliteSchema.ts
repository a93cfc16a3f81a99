// Opening MLflow's SQLite tracking store read-only, and finding out which of
// the tables and columns the reader needs this database has. MLflow's schema
// moved between 1.26 and 3.x (alembic migrations under
// mlflow/store/db_migrations/versions): columns were added (runs.deleted_time,
// experiments.creation_time, inputs.step, *.workspace), tables were rebuilt
// by alembic's batch mode, whole tables came later (datasets/inputs 2.4,
// registered_model_aliases 2.3). The reader asks for what exists and says what
// is missing instead of assuming one version. Also: opening the store, and
// telling an MLflow store from any other file.
import Database from 'better-sqlite3';
import { sqliteBinding } from '../sqliteBinding';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunStatus } from '../../../../shared/domain';
import { isMissing, openRegularFile, readAt, UnreadableFileError, withRegularFile } from '../safeFile';

export type SqliteDb = Database.Database;

export interface OpenStoreOptions {
  /** How long a read waits for a writer's lock before giving up with SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /** better-sqlite3's native binding, for Electron's own ABI build (see store/database.ts). */
  nativeBinding?: string;
}

export const defaultBusyTimeoutMs = 3000;


/** An Error with a code the caller can act on: ENOENT (gone), SQLITE_BUSY (retry later), others (warn). */
export class MlflowSqliteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'MlflowSqliteError';
  }
}

/** Turns better-sqlite3's errors into ones that name the file and keep SQLite's code. */
export function storeError(file: string, error: unknown): Error {
  if (error instanceof MlflowSqliteError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error).message ?? String(error);
  if (isMissing(error)) return new MlflowSqliteError(`${file} no longer exists`, 'ENOENT', file);
  // Not a regular file (a FIFO would block SQLite's open forever), a symlink loop or a dangling link.
  if (error instanceof UnreadableFileError) return new MlflowSqliteError(error.message, error.code, file);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new MlflowSqliteError(`${file} is locked by another process (${message}); try again later`, 'SQLITE_BUSY', file);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_IOERR')) {
    return new MlflowSqliteError(`${file} is not a readable SQLite database (${message})`, code, file);
  }
  if (code === 'SQLITE_CANTOPEN' && !fs.existsSync(file)) {
    return new MlflowSqliteError(`${file} no longer exists`, 'ENOENT', file);
  }
  return new MlflowSqliteError(`${file}: ${message}`, code || 'EMLFLOWSQLITE', file);
}

/** Opens the database read-only; never creates it. Throws MlflowSqliteError. */
export function openStore(file: string, options: OpenStoreOptions = {}): SqliteDb {
  try {
    // fs first: a file deleted since it was seen is ENOENT, as for every other reader, and
    // anything but a regular file is refused before SQLite opens it (it would block on a FIFO).
    // (A file swapped for a FIFO between this check and SQLite's open is not guarded against.)
    fs.closeSync(openRegularFile(file).fd);
    return new Database(file, {
      readonly: true,
      fileMustExist: true,
      timeout: options.busyTimeoutMs ?? defaultBusyTimeoutMs,
      nativeBinding: options.nativeBinding ?? sqliteBinding(),
    });
  } catch (error) {
    throw storeError(file, error);
  }
}

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');
/** File names an MLflow SQLite store may have. */
export const storeFileName = /\.(db|sqlite3?)$/i;

/** MLflow's default store name (`sqlite:///mlflow.db`). */
export const defaultStoreName = 'mlflow.db';

/**
 * Cheap: an `.db`/`.sqlite`/`.sqlite3` file with SQLite's header and MLflow's
 * experiments, runs and metrics tables. A file named `mlflow.db` that is not
 * a readable SQLite file (a FIFO, a symlink loop, random bytes) counts too:
 * it is a damaged store, and reading it says so.
 */
export function isMlflowSqliteFile(file: string, options: OpenStoreOptions = {}): boolean {
  if (!storeFileName.test(file)) return false;
  const damagedStore = () => path.basename(file) === defaultStoreName;
  try {
    const head = withRegularFile(file, (fd) => readAt(fd, 0, sqliteHeader.length));
    // (An empty mlflow.db is a store not yet made, not a damaged one.)
    if (!head.equals(sqliteHeader)) return head.length > 0 && damagedStore();
  } catch (error) {
    return !isMissing(error) && damagedStore();
  }
  let db: SqliteDb | null = null;
  try {
    db = openStore(file, { busyTimeoutMs: 1000, ...options });
    const found = db
      .prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('experiments', 'runs', 'metrics')`)
      .get() as { n: number };
    return found.n === 3;
  } catch (error) {
    // Locked past the timeout: an SQLite file with a store's name is taken as
    // MLflow's; reading it later either works or says what it is. So is an
    // mlflow.db whose schema cannot be read (damaged): reading it says why.
    return (error as { code?: string }).code === 'SQLITE_BUSY' || damagedStore();
  } finally {
    db?.close();
  }
}

export function withStore<T>(file: string, options: OpenStoreOptions, read: (db: SqliteDb) => T): T {
  const db = openStore(file, options);
  try {
    return read(db);
  } catch (error) {
    throw storeError(file, error);
  } finally {
    db.close();
  }
}

export function notMlflow(file: string): MlflowSqliteError {
  return new MlflowSqliteError(`${file} is not an MLflow tracking database (it has no runs table)`, 'ENOTMLFLOW', file);
}

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The tables and columns of one database, read once per call. */
export class StoreSchema {
  readonly tables: ReadonlySet<string>;
  readonly alembicVersion: string | null;
  /** Changes when the metrics table was rebuilt or the database migrated: rowids may have moved. */
  readonly identity: string;
  /** Whether `metrics` is an ordinary rowid table (SQLAlchemy never makes WITHOUT ROWID ones). */
  readonly metricsHasRowid: boolean;
  private readonly columns = new Map<string, ReadonlySet<string>>();
  private readonly missing: string[] = [];

  constructor(private readonly db: SqliteDb) {
    const rows = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as { name: string; sql: string | null }[];
    this.tables = new Set(rows.map((row) => row.name));
    const metricsSql = rows.find((row) => row.name === 'metrics')?.sql ?? '';
    this.metricsHasRowid = this.tables.has('metrics') && !/\bWITHOUT\s+ROWID\b/i.test(metricsSql);
    let version: string | null = null;
    if (this.tables.has('alembic_version')) {
      const row = db.prepare('SELECT version_num FROM alembic_version LIMIT 1').get() as { version_num?: unknown } | undefined;
      version = row?.version_num == null ? null : String(row.version_num);
    }
    this.alembicVersion = version;
    this.identity = createHash('sha1').update(`${version ?? ''}\0${metricsSql}`).digest('hex').slice(0, 16);
  }

  hasTable(table: string): boolean {
    return this.tables.has(table);
  }

  columnsOf(table: string): ReadonlySet<string> {
    let found = this.columns.get(table);
    if (!found) {
      const rows = this.tables.has(table) ? (this.db.prepare(`PRAGMA table_info(${quoteId(table)})`).all() as { name: string }[]) : [];
      found = new Set(rows.map((row) => row.name));
      this.columns.set(table, found);
    }
    return found;
  }

  has(table: string, column: string): boolean {
    return this.columnsOf(table).has(column);
  }

  /**
   * The SQL expression for `table.column` (qualified by `alias`), or
   * `fallback` (an SQL literal) when this schema lacks the column; a missing
   * column the reader needs is noted with what that means (`why`).
   */
  expr(table: string, column: string, o: { fallback?: string; why?: string; alias?: string } = {}): string {
    if (this.has(table, column)) return `${o.alias ? `${o.alias}.` : ''}${quoteId(column)}`;
    if (o.why && this.hasTable(table)) this.note(`${table}.${column} is missing; ${o.why}`);
    return o.fallback ?? 'NULL';
  }

  /** A select item: `expr(…) AS as`. */
  column(table: string, column: string, o: { fallback?: string; why?: string; alias?: string; as?: string } = {}): string {
    return `${this.expr(table, column, o)} AS ${quoteId(o.as ?? column)}`;
  }

  note(message: string): void {
    if (!this.missing.includes(message)) this.missing.push(message);
  }

  /** What this database lacks, one message each ("runs.name is missing; …"). */
  get notes(): readonly string[] {
    return this.missing;
  }
}

/** The metric columns this schema has, as SQL expressions (a literal where MLflow's column is missing). */
export interface MetricColumns {
  /** run_uuid, key, timestamp, step, value, is_nan: a row's identity (MLflow's metric_pk plus run). */
  all: string;
  /** run_uuid, key, timestamp, step, value (NULL where is_nan): what a point needs. */
  point: string;
}

export function metricColumns(schema: StoreSchema): MetricColumns {
  const expr = (column: string, fallback: string, why?: string) => schema.expr('metrics', column, { fallback, why });
  const run = expr('run_uuid', 'NULL');
  const key = expr('key', 'NULL');
  const timestamp = expr('timestamp', 'NULL', 'points have no timestamp');
  const step = expr('step', '0', 'every point is at step 0 (MLflow < 1.0)');
  const value = expr('value', 'NULL');
  const isNan = expr('is_nan', '0', 'NaN is told only by NULL values');
  return {
    all: [run, key, timestamp, step, value, isNan].join(', '),
    point: [run, key, timestamp, step, `CASE WHEN ${isNan} THEN NULL ELSE ${value} END`].join(', '),
  };
}

const statusByNumber: Record<string, RunStatus> = { '1': 'RUNNING', '2': 'SCHEDULED', '3': 'FINISHED', '4': 'FAILED', '5': 'KILLED' };
const statusWords: ReadonlySet<string> = new Set(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);

/**
 * MLflow's status as our word. SQLite stores the enum's name as text
 * (CHECK status IN ('SCHEDULED','FAILED','FINISHED','RUNNING','KILLED'));
 * the protobuf numbers (RUNNING=1 … KILLED=5) and any case are accepted too.
 * Null when the value means nothing.
 */
export function statusFromMlflow(value: unknown): RunStatus | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim().toUpperCase();
  if (statusWords.has(text)) return text as RunStatus;
  return statusByNumber[text] ?? null;
}

/**
 * A metric value as MLflow meant it. MLflow stores NaN as 0 with is_nan = 1
 * (MetricColumns.point turns those into NULL) and ±Infinity as ±DBL_MAX ("SQL
 * can not represent Infs"). Null when the column holds no number at all.
 */
export function metricValue(value: unknown): number | null {
  if (typeof value !== 'number') {
    if (value === null) return NaN;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    return null;
  }
  if (value === Number.MAX_VALUE) return Infinity;
  if (value === -Number.MAX_VALUE) return -Infinity;
  return value;
}

/** A finite number, or null (SQLite columns may hold anything). */
export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}
