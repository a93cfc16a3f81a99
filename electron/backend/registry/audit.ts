// The registry's audit trail: events are appended, never changed (migration
// 10's triggers refuse UPDATE and DELETE on registry_events, whoever asks).
// Every registration, move, alias change, gate result, override and hook run
// is one event, written in the same transaction as the change it records.
import os from 'node:os';
import { decode, encode } from '../../../shared/codec';
import type { AuditEvent, AuditKind, GateResult, HookRun } from '../../../shared/registry/types';
import type { Db } from '../store/database';

export interface NewAuditEvent {
  version: number | null;
  kind: AuditKind;
  /** Defaults to now. */
  at?: number;
  /** Defaults to the OS user name. */
  actor?: string;
  from?: string | null;
  to?: string | null;
  comment?: string | null;
  gates?: GateResult[] | null;
  hook?: HookRun | null;
}

/** The OS user name, as MLflow records a registration's user. */
export function currentActor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Appends one event; call inside the transaction that makes the change. Returns its id. */
export function appendEvent(db: Db, modelId: number, event: NewAuditEvent): number {
  const row = db
    .prepare(
      `INSERT INTO registry_events (model_id, version, kind, at, actor, from_value, to_value, comment, gates, hook)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      modelId,
      event.version,
      event.kind,
      event.at ?? Date.now(),
      event.actor ?? currentActor(),
      event.from ?? null,
      event.to ?? null,
      event.comment ?? null,
      // A gate's numbers may be NaN or ±Infinity (a diverged metric): the codec keeps them.
      event.gates ? encode(event.gates) : null,
      event.hook ? JSON.stringify(event.hook) : null,
    ) as { id: number };
  return row.id;
}

interface EventRow {
  id: number;
  name: string;
  version: number | null;
  kind: string;
  at: number;
  actor: string;
  from_value: string | null;
  to_value: string | null;
  comment: string | null;
  gates: string | null;
  hook: string | null;
}

const eventOf = (row: EventRow): AuditEvent => ({
  id: row.id,
  model: row.name,
  version: row.version,
  kind: row.kind as AuditKind,
  at: row.at,
  actor: row.actor,
  from: row.from_value,
  to: row.to_value,
  comment: row.comment,
  gates: row.gates === null ? null : (decode(row.gates) as GateResult[]),
  hook: row.hook === null ? null : (JSON.parse(row.hook) as HookRun),
});

/** A model's events, oldest first; with `until`, only those at or before it. */
export function modelEvents(db: Db, modelId: number, until?: number): AuditEvent[] {
  const rows = db
    .prepare(
      `SELECT e.id, m.name, e.version, e.kind, e.at, e.actor, e.from_value, e.to_value, e.comment, e.gates, e.hook
       FROM registry_events e JOIN registry_models m ON m.id = e.model_id
       WHERE e.model_id = ? ${until === undefined ? '' : 'AND e.at <= ?'} ORDER BY e.at, e.id`,
    )
    .all(...(until === undefined ? [modelId] : [modelId, until])) as EventRow[];
  return rows.map(eventOf);
}
