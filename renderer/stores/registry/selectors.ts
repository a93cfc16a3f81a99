// Named pure functions over the registry's records: the stage lanes, keyboard
// moves between them, the aliases offered, a compare's rows and schema
// differences, and the audit timeline's words.
import { stages, type AuditEvent, type ModelVersionRecord, type RegistryModel, type SchemaField, type Stage, type VersionSchema } from '../../../shared/registry/types';

/** The versions in each stage lane, newest first. */
export function lanesOf(versions: ModelVersionRecord[]): Record<Stage, ModelVersionRecord[]> {
  const lanes: Record<Stage, ModelVersionRecord[]> = { None: [], Staging: [], Production: [], Archived: [] };
  for (const version of versions) (lanes[version.stage] ?? lanes.None).push(version);
  for (const stage of stages) lanes[stage].sort((a, b) => b.version - a.version);
  return lanes;
}

/** The lane a key moves a focused card to: arrows step, Home and End jump; null for any other key or past the ends. */
export function stageAfterKey(stage: Stage, key: string): Stage | null {
  const at = stages.indexOf(stage);
  const to = key === 'ArrowRight' ? at + 1 : key === 'ArrowLeft' ? at - 1 : key === 'Home' ? 0 : key === 'End' ? stages.length - 1 : -1;
  return to >= 0 && to < stages.length && to !== at ? stages[to] : null;
}

/** The aliases a model already has, then champion and challenger when missing: MLflow's usual two. */
export function suggestedAliases(model: Pick<RegistryModel, 'aliases'>): string[] {
  return [...new Set([...Object.keys(model.aliases).sort((a, b) => a.localeCompare(b)), 'champion', 'challenger'])];
}

/** The aliases pointing at each version. */
export function aliasesByVersion(aliases: Record<string, number>): Map<number, string[]> {
  const byVersion = new Map<number, string[]>();
  for (const [alias, version] of Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b))) {
    byVersion.set(version, [...(byVersion.get(version) ?? []), alias]);
  }
  return byVersion;
}

export interface ValueRow<T> {
  key: string;
  a: T | undefined;
  b: T | undefined;
  differs: boolean;
}

/**
 * The keys of two records, sorted, with each side's value and whether they
 * differ. NaN equals NaN (Object.is), so a metric that was NaN in both is not
 * flagged; a key missing on one side differs. Example:
 * valueRows({f1: 0.9}, {f1: 0.92, auc: 0.8}) → auc (differs), f1 (differs).
 */
export function valueRows<T extends string | number>(a: Record<string, T>, b: Record<string, T>): ValueRow<T>[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
  return keys.map((key) => {
    const left = Object.prototype.hasOwnProperty.call(a, key) ? a[key] : undefined;
    const right = Object.prototype.hasOwnProperty.call(b, key) ? b[key] : undefined;
    return { key, a: left, b: right, differs: !Object.is(left, right) };
  });
}

/** b − a when both are finite numbers, else null (no difference means anything next to NaN or ∞). */
export function finiteDelta(a: number | undefined, b: number | undefined): number | null {
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? b - a : null;
}

export type SchemaChange = 'same' | 'changed' | 'only-a' | 'only-b';

export interface SchemaRow {
  side: 'input' | 'output';
  name: string;
  a: SchemaField | null;
  b: SchemaField | null;
  change: SchemaChange;
}

function fieldRows(side: SchemaRow['side'], a: SchemaField[], b: SchemaField[]): SchemaRow[] {
  const names = [...new Set([...a.map((f) => f.name), ...b.map((f) => f.name)])];
  return names.map((name) => {
    const left = a.find((f) => f.name === name) ?? null;
    const right = b.find((f) => f.name === name) ?? null;
    const change: SchemaChange = !left ? 'only-b' : !right ? 'only-a' : left.type === right.type && left.shape === right.shape ? 'same' : 'changed';
    return { side, name, a: left, b: right, change };
  });
}

/** Inputs then outputs of two versions' schemas, matched by name, in A's order then B's new ones. */
export function schemaDiff(a: VersionSchema, b: VersionSchema): SchemaRow[] {
  return [...fieldRows('input', a.inputs, b.inputs), ...fieldRows('output', a.outputs, b.outputs)];
}

const kindWords: Record<AuditEvent['kind'], string> = {
  registered: 'Registered',
  stage: 'Stage',
  'alias-set': 'Alias set',
  'alias-removed': 'Alias removed',
  'gate-failed': 'Gate failed',
  override: 'Gate overridden',
  edited: 'Edited',
  'gates-changed': 'Gates changed',
  hook: 'Hook ran',
  copied: 'Copied from MLflow',
  imported: 'Imported',
};

/** An alias event's value as the backend writes it: `champion@3`. */
function aliasValue(value: string | null): { alias: string; version: number } | null {
  const match = value === null ? null : /^(.+)@(\d+)$/.exec(value);
  return match ? { alias: match[1], version: Number(match[2]) } : null;
}

function aliasHeading(event: AuditEvent): string | null {
  const from = aliasValue(event.from);
  const to = aliasValue(event.to);
  if (event.kind === 'alias-set' && to) return from ? `Alias @${to.alias}: v${from.version} → v${to.version}` : `Alias @${to.alias} set on v${to.version}`;
  if (event.kind === 'alias-removed' && from) return `Alias @${from.alias} removed from v${from.version}`;
  return null;
}

/** How many rules or hooks a `gates-changed` or hooks `edited` value (the JSON of the list) holds; null when it is no list. */
function ruleCount(value: string | null): number | null {
  if (value === null) return 0;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.length : null;
  } catch {
    return null;
  }
}

/** The timeline's heading for an event: "Stage: None → Production · version 1", "Alias @champion: v1 → v2". */
export function eventHeading(event: AuditEvent): string {
  const alias = aliasHeading(event);
  if (alias) return alias;
  const what = kindWords[event.kind] ?? event.kind;
  const version = event.version === null ? '' : ` · version ${event.version}`;
  // These keep whole values (a description, the JSON of a list) in from/to: the heading names the field instead.
  if (event.kind === 'registered') return `${what}${version}`;
  if (event.kind === 'edited' && event.comment === 'hooks') {
    const before = ruleCount(event.from);
    const after = ruleCount(event.to);
    return before === null || after === null ? 'Hooks changed' : `Hooks changed: ${before} → ${after} hook${after === 1 ? '' : 's'}`;
  }
  if (event.kind === 'edited') return `Edited ${event.comment ?? 'a field'}${version}`;
  if (event.kind === 'gates-changed') {
    const before = ruleCount(event.from);
    const after = ruleCount(event.to);
    return before === null || after === null ? what : `${what}: ${before} → ${after} rule${after === 1 ? '' : 's'}`;
  }
  if (event.from !== null && event.to !== null) return `${what}: ${event.from} → ${event.to}${version}`;
  if (event.to !== null) return `${what}: ${event.to}${version}`;
  if (event.from !== null) return `${what}: ${event.from}${version}`;
  return `${what}${version}`;
}

/** The comment to quote under an event: the user's words, not the words Runlens files some events under. */
export function eventComment(event: AuditEvent): string | null {
  return event.kind === 'edited' || event.kind === 'hook' ? null : event.comment;
}

/** An edit's old and new value, cut to `max` characters each; null for other events. */
export function editChange(event: AuditEvent, max = 300): { from: string; to: string } | null {
  // A hooks edit keeps the JSON of both lists: the heading counts them, the Gates and hooks tab shows them.
  if (event.kind !== 'edited' || event.comment === 'hooks') return null;
  const cut = (value: string | null) => (value === null || value === '' ? '(none)' : [...value].length > max ? `${[...value].slice(0, max - 1).join('')}…` : value);
  return { from: cut(event.from), to: cut(event.to) };
}

/** The latest version, or null for a model without versions. */
export const latestVersion = (versions: ModelVersionRecord[]): ModelVersionRecord | null =>
  versions.reduce<ModelVersionRecord | null>((best, v) => (best === null || v.version > best.version ? v : best), null);
