// Edits of a model and its versions: descriptions, tags, gate rules and hooks.
// Each changed field is one `edited` (or `gates-changed`) event whose comment
// names the field and whose from/to hold the old and new value (tags, gates
// and hooks as JSON). An edit that changes nothing appends nothing.
import { encode } from '../../../shared/codec';
import type { GateRule, ModelVersionRecord, RegistryModel, TransitionHook } from '../../../shared/registry/types';
import { describeFilterError, parseRunFilter } from '../../../shared/runFilter';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { writeTransaction } from '../store/writeTransaction';
import { appendEvent, type NewAuditEvent } from './audit';
import { gatesOf, hooksOf, modelSummary, requireModel, requireVersion, updateModel, updateVersion, versionRecord } from './queries';

interface TextEdits {
  description?: string | null;
  tags?: Record<string, string>;
}

const sortedJson = (tags: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

/** The events for the fields that change; `tags` replaces the whole map (a tag left out is removed). */
function editEvents(before: { description: string | null; tags: Record<string, string> }, edits: TextEdits, version: number | null): NewAuditEvent[] {
  const events: NewAuditEvent[] = [];
  if (edits.description !== undefined && edits.description !== before.description) {
    events.push({ version, kind: 'edited', comment: 'description', from: before.description, to: edits.description });
  }
  if (edits.tags !== undefined && sortedJson(edits.tags) !== sortedJson(before.tags)) {
    events.push({ version, kind: 'edited', comment: 'tags', from: sortedJson(before.tags), to: sortedJson(edits.tags) });
  }
  return events;
}

export function editModel(db: Db, args: { name: string } & TextEdits): { model: RegistryModel; changed: boolean } {
  const changed = writeTransaction(db, () => {
    const row = requireModel(db, args.name);
    const events = editEvents({ description: row.description, tags: JSON.parse(row.tags) as Record<string, string> }, args, null);
    if (events.length === 0) return false;
    const at = Date.now();
    updateModel(db, row.id, { description: args.description, tags: args.tags }, at);
    for (const event of events) appendEvent(db, row.id, { ...event, at });
    return true;
  });
  return { model: modelSummary(db, args.name), changed };
}

export function editVersion(db: Db, args: { name: string; version: number } & TextEdits): { version: ModelVersionRecord; changed: boolean } {
  return writeTransaction(db, () => {
    const row = requireModel(db, args.name);
    const before = requireVersion(db, row, args.version);
    const events = editEvents(before, args, args.version);
    if (events.length === 0) return { version: before, changed: false };
    const at = Date.now();
    updateVersion(db, row.id, args.version, { description: args.description, tags: args.tags }, at);
    for (const event of events) appendEvent(db, row.id, { ...event, at });
    return { version: versionRecord(db, row.id, args.version)!, changed: true };
  });
}

function uniqueIds(items: { id: string }[], what: string): void {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) throw new RequestFailed('bad-request', `Two ${what} have the id "${id}": give each its own`);
    seen.add(id);
  }
}

/** Each expression rule must parse in the runs filter syntax; the error names the rule and the column. */
export function checkGateRules(gates: GateRule[]): void {
  uniqueIds(gates, 'gate rules');
  for (const rule of gates) {
    if (rule.kind !== 'expression') continue;
    if (rule.expression.trim() === '') throw new RequestFailed('bad-request', `Gate rule "${rule.id}": the expression is empty (write one like metrics.f1 >= 0.85)`);
    const parsed = parseRunFilter(rule.expression);
    if (!parsed.ok) throw new RequestFailed('bad-request', `Gate rule "${rule.id}": the expression "${rule.expression}" does not parse: ${describeFilterError(rule.expression, parsed.error)}`);
  }
}

/** Replaces the model's gate rules; a `gates-changed` event keeps both lists. */
export function setGates(db: Db, args: { name: string; gates: GateRule[] }): { model: RegistryModel; changed: boolean } {
  checkGateRules(args.gates);
  const changed = writeTransaction(db, () => {
    const row = requireModel(db, args.name);
    const before = encode(gatesOf(row));
    const after = encode(args.gates);
    if (before === after) return false;
    const at = Date.now();
    updateModel(db, row.id, { gates: args.gates }, at);
    appendEvent(db, row.id, { version: null, kind: 'gates-changed', at, from: before, to: after });
    return true;
  });
  return { model: modelSummary(db, args.name), changed };
}

/** Replaces the model's hooks (the only way a command gets into Runlens); an `edited` event names them. */
export function setHooks(db: Db, args: { name: string; hooks: TransitionHook[] }): { model: RegistryModel; changed: boolean } {
  uniqueIds(args.hooks, 'hooks');
  const changed = writeTransaction(db, () => {
    const row = requireModel(db, args.name);
    const before = JSON.stringify(hooksOf(row));
    const after = JSON.stringify(args.hooks);
    if (before === after) return false;
    const at = Date.now();
    updateModel(db, row.id, { hooks: args.hooks }, at);
    appendEvent(db, row.id, { version: null, kind: 'edited', at, comment: 'hooks', from: before, to: after });
    return true;
  });
  return { model: modelSummary(db, args.name), changed };
}
