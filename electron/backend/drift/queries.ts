// All SQL of the drift domain: drift_monitors, drift_batches, drift_alerts.
// JSON columns go through shared/codec (a p-value or an accuracy may be NaN,
// which plain JSON would turn into null). An alert's subject is '' in the
// table for "none" (UNIQUE treats NULLs as distinct) and null in the API.
import { decode, encode } from '../../../shared/codec';
import type { BatchDetail, ColumnDistribution, DriftAlert, DriftAlertKind, DriftBatch, DriftMonitor, MonitorCurrent, MonitorModel, MonitorReference, MonitorSettings, MonitorState, PerformanceValues } from '../../../shared/drift/monitor';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';

/** What a run learned of the reference, kept beside it so that `drift/monitor` computes nothing. */
export interface ReferenceSummary {
  rows: number;
  columns: string[];
  performance: PerformanceValues | null;
  labelColumn: string | null;
  /** Whether CBPE estimates are made (a two-class model with labels in the reference). */
  estimates: boolean;
}

/** The reference column holds the user's reference and, once read, its summary. */
type StoredReference = MonitorReference & { summary?: ReferenceSummary };

interface MonitorRow {
  id: number;
  name: string;
  reference: string;
  current: string;
  model: string | null;
  settings: string;
  state: MonitorState;
  error: string | null;
  created_at: number;
  updated_at: number;
  batches: number;
  last_batch_at: number | null;
  unseen: number;
}

export interface StoredMonitor {
  monitor: DriftMonitor;
  summary: ReferenceSummary | null;
}

const monitorSelect = `
  SELECT m.*,
    (SELECT COUNT(*) FROM drift_batches b WHERE b.monitor_id = m.id) AS batches,
    (SELECT MAX(start_at) FROM drift_batches b WHERE b.monitor_id = m.id) AS last_batch_at,
    (SELECT COUNT(*) FROM drift_alerts a WHERE a.monitor_id = m.id AND a.seen_at IS NULL) AS unseen
  FROM drift_monitors m`;

function storedOf(row: MonitorRow): StoredMonitor {
  const { summary, ...reference } = decode(row.reference) as StoredReference;
  const monitor: DriftMonitor = {
    id: row.id,
    name: row.name,
    reference: reference as MonitorReference,
    current: decode(row.current) as MonitorCurrent,
    model: row.model === null ? null : (decode(row.model) as MonitorModel),
    settings: decode(row.settings) as MonitorSettings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    batches: row.batches,
    lastBatchAt: row.last_batch_at,
    unseenAlerts: row.unseen,
    state: row.state,
    error: row.error,
  };
  return { monitor, summary: summary ?? null };
}

export function listMonitors(db: Db): DriftMonitor[] {
  return (db.prepare(`${monitorSelect} ORDER BY m.name`).all() as MonitorRow[]).map((row) => storedOf(row).monitor);
}

export function storedMonitor(db: Db, id: number): StoredMonitor | null {
  const row = db.prepare(`${monitorSelect} WHERE m.id = ?`).get(id) as MonitorRow | undefined;
  return row ? storedOf(row) : null;
}

/** The monitor, or not-found. */
export function requireMonitor(db: Db, id: number): StoredMonitor {
  const found = storedMonitor(db, id);
  if (!found) throw new RequestFailed('not-found', `No drift monitor with id ${id}`);
  return found;
}

export function monitorIdByName(db: Db, name: string): number | null {
  return (db.prepare('SELECT id FROM drift_monitors WHERE name = ?').pluck().get(name) as number | undefined) ?? null;
}

export function monitorIds(db: Db): number[] {
  return db.prepare('SELECT id FROM drift_monitors ORDER BY id').pluck().all() as number[];
}

function nameTaken(db: Db, name: string, except: number | null): void {
  const holder = monitorIdByName(db, name);
  if (holder !== null && holder !== except) throw new RequestFailed('bad-request', `A drift monitor named "${name}" exists already: pick another name`);
}

export interface NewMonitor {
  name: string;
  reference: MonitorReference;
  current: MonitorCurrent;
  model: MonitorModel | null;
  settings: MonitorSettings;
  at: number;
}

export function insertMonitor(db: Db, m: NewMonitor): number {
  nameTaken(db, m.name, null);
  const info = db
    .prepare('INSERT INTO drift_monitors (name, reference, current, model, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(m.name, encode(m.reference), encode(m.current), m.model === null ? null : encode(m.model), encode(m.settings), m.at, m.at);
  return Number(info.lastInsertRowid);
}

export function renameMonitor(db: Db, id: number, name: string, at: number): void {
  nameTaken(db, name, id);
  db.prepare('UPDATE drift_monitors SET name = ?, updated_at = ? WHERE id = ?').run(name, at, id);
}

/** New settings: the batches computed with the old ones go (they are recomputed), alerts stay. */
export function changeSettings(db: Db, id: number, settings: MonitorSettings, at: number): void {
  db.transaction(() => {
    db.prepare('UPDATE drift_monitors SET settings = ?, updated_at = ? WHERE id = ?').run(encode(settings), at, id);
    db.prepare('DELETE FROM drift_batches WHERE monitor_id = ?').run(id);
  })();
}

export function setMonitorState(db: Db, id: number, state: MonitorState, error: string | null): void {
  db.prepare('UPDATE drift_monitors SET state = ?, error = ? WHERE id = ?').run(state, error, id);
}

export function setReferenceSummary(db: Db, id: number, reference: MonitorReference, summary: ReferenceSummary): void {
  db.prepare('UPDATE drift_monitors SET reference = ? WHERE id = ?').run(encode({ ...reference, summary } satisfies StoredReference), id);
}

export function deleteMonitor(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM drift_monitors WHERE id = ?').run(id).changes > 0;
}

// ---- batches ----

export interface BatchDetails {
  distributions: ColumnDistribution[];
  prediction: ColumnDistribution | null;
}

interface BatchRow {
  key: string;
  label: string;
  start_at: number;
  signature: string;
  summary: string;
  details: string | null;
  computed_at: number;
}

function batchOf(row: Pick<BatchRow, 'key' | 'label' | 'start_at' | 'summary' | 'computed_at'>): DriftBatch {
  return { ...(decode(row.summary) as DriftBatch), key: row.key, label: row.label, startAt: row.start_at, computedAt: row.computed_at };
}

export function batchSignatures(db: Db, monitorId: number): Map<string, string> {
  const rows = db.prepare('SELECT key, signature FROM drift_batches WHERE monitor_id = ?').all(monitorId) as { key: string; signature: string }[];
  return new Map(rows.map((row) => [row.key, row.signature]));
}

export function upsertBatch(db: Db, monitorId: number, batch: DriftBatch, signature: string, details: BatchDetails | null): void {
  db.prepare(
    `INSERT INTO drift_batches (monitor_id, key, label, start_at, signature, summary, details, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (monitor_id, key) DO UPDATE SET label = excluded.label, start_at = excluded.start_at, signature = excluded.signature,
       summary = excluded.summary, details = excluded.details, computed_at = excluded.computed_at`,
  ).run(monitorId, batch.key, batch.label, batch.startAt, signature, encode(batch), details === null ? null : encode(details), batch.computedAt);
}

/** Oldest first (by start, then key). */
export function batchesOf(db: Db, monitorId: number): DriftBatch[] {
  const rows = db.prepare('SELECT key, label, start_at, summary, computed_at FROM drift_batches WHERE monitor_id = ? ORDER BY start_at, key').all(monitorId) as BatchRow[];
  return rows.map(batchOf);
}

export function batchDetail(db: Db, monitorId: number, key: string): BatchDetail | null {
  const row = db.prepare('SELECT * FROM drift_batches WHERE monitor_id = ? AND key = ?').get(monitorId, key) as BatchRow | undefined;
  if (!row) return null;
  const details = row.details === null ? { distributions: [], prediction: null } : (decode(row.details) as BatchDetails);
  return { batch: batchOf(row), distributions: details.distributions, prediction: details.prediction };
}

/** The batch just before this one in time (start, then key), or null. */
export function previousBatch(db: Db, monitorId: number, batch: DriftBatch): DriftBatch | null {
  const row = db
    .prepare('SELECT key, label, start_at, summary, computed_at FROM drift_batches WHERE monitor_id = ? AND (start_at < ? OR (start_at = ? AND key < ?)) ORDER BY start_at DESC, key DESC LIMIT 1')
    .get(monitorId, batch.startAt, batch.startAt, batch.key) as BatchRow | undefined;
  return row ? batchOf(row) : null;
}

// ---- alerts ----

/** An alert a batch raises, before the table gives it an id. */
export type NewAlert = Omit<DriftAlert, 'id' | 'monitorId' | 'monitorName' | 'seenAt'>;

interface AlertRow {
  id: number;
  monitor_id: number;
  monitor_name: string;
  batch_key: string;
  batch_label: string;
  kind: DriftAlertKind;
  subject: string;
  message: string;
  at: number;
  seen_at: number | null;
}

const alertSelect = 'SELECT a.*, m.name AS monitor_name FROM drift_alerts a JOIN drift_monitors m ON m.id = a.monitor_id';

function alertOf(row: AlertRow): DriftAlert {
  return { id: row.id, monitorId: row.monitor_id, monitorName: row.monitor_name, batchKey: row.batch_key, batchLabel: row.batch_label, kind: row.kind, subject: row.subject === '' ? null : row.subject, message: row.message, at: row.at, seenAt: row.seen_at };
}

/** Inserts the alerts not raised before (UNIQUE on batch, kind and subject); returns those that are new. */
export function insertAlerts(db: Db, monitorId: number, alerts: NewAlert[]): DriftAlert[] {
  const insert = db.prepare('INSERT OR IGNORE INTO drift_alerts (monitor_id, batch_key, batch_label, kind, subject, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const select = db.prepare(`${alertSelect} WHERE a.id = ?`);
  return db.transaction(() => {
    const added: DriftAlert[] = [];
    for (const alert of alerts) {
      const info = insert.run(monitorId, alert.batchKey, alert.batchLabel, alert.kind, alert.subject ?? '', alert.message, alert.at);
      if (info.changes > 0) added.push(alertOf(select.get(Number(info.lastInsertRowid)) as AlertRow));
    }
    return added;
  })();
}

/** Newest first; of one monitor or of all. */
export function alertsOf(db: Db, monitorId: number | null, limit: number): DriftAlert[] {
  const rows = monitorId === null
    ? db.prepare(`${alertSelect} ORDER BY a.at DESC, a.id DESC LIMIT ?`).all(limit)
    : db.prepare(`${alertSelect} WHERE a.monitor_id = ? ORDER BY a.at DESC, a.id DESC LIMIT ?`).all(monitorId, limit);
  return (rows as AlertRow[]).map(alertOf);
}

export function markAlertsSeen(db: Db, monitorId: number | null, at: number): number {
  const info = monitorId === null
    ? db.prepare('UPDATE drift_alerts SET seen_at = ? WHERE seen_at IS NULL').run(at)
    : db.prepare('UPDATE drift_alerts SET seen_at = ? WHERE seen_at IS NULL AND monitor_id = ?').run(at, monitorId);
  return info.changes;
}
