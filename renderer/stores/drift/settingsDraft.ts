// The monitor settings dialog's draft and the `drift/editMonitor` changes it
// makes: the name, the dataset drift share, the label column (or guessed),
// the alerts, and per reference column a type, a method, a threshold and
// "ignore". Fields are kept as typed and checked here, each problem said
// beside its field; only what changed is sent, since new settings make the
// backend forget and recompute every batch.
import { defaultMonitorSettings, driftMethods, type ColumnDriftRecord, type ColumnSetting, type DriftColumnType, type MonitorDetail, type MonitorSettings } from '../../../shared/drift/monitor';
import { monitorName } from '../../../shared/drift/schemas';
import { DEFAULT_THRESHOLDS, P_VALUE_METHODS, type DriftMethod } from '../../../shared/drift/stattests';
import { v } from '../../../shared/schema';
import { formatMetric } from '../../format/number';

export type TypeChoice = 'inferred' | DriftColumnType;
export type MethodChoice = 'default' | DriftMethod;

export interface ColumnDraft {
  type: TypeChoice;
  method: MethodChoice;
  /** As typed; empty: the method's default. */
  threshold: string;
  ignore: boolean;
}

export interface SettingsDraft {
  name: string;
  /** As typed: "0.5". */
  driftShare: string;
  /** Null: guessed by the backend (target, label, y…). */
  labelColumn: string | null;
  alertDataset: boolean;
  alertColumns: boolean;
  alertPerformance: boolean;
  /** As typed: "0.1"; used when alertPerformance is on. */
  performanceDrop: string;
  /** Every reference column, in the reference's order. */
  columns: { column: string; draft: ColumnDraft }[];
}

export interface DraftProblems {
  name?: string;
  driftShare?: string;
  performanceDrop?: string;
  /** Per column: its threshold's problem. */
  columns: Record<string, string>;
}

export const methodChoices: readonly MethodChoice[] = ['default', ...driftMethods];
export const typeChoices: readonly TypeChoice[] = ['inferred', 'num', 'cat'];

const emptyColumn: ColumnDraft = { type: 'inferred', method: 'default', threshold: '', ignore: false };

function columnDraftOf(setting: ColumnSetting | undefined): ColumnDraft {
  if (!setting) return emptyColumn;
  return {
    type: setting.type ?? 'inferred',
    method: setting.method ?? 'default',
    threshold: setting.threshold === undefined ? '' : String(setting.threshold),
    ignore: setting.ignore === true,
  };
}

/** The draft of a monitor's settings as stored (columns: the reference's, or the stored ones before the reference is read). */
export function draftOf(detail: MonitorDetail): SettingsDraft {
  const { settings, name } = detail.monitor;
  const columns = detail.referenceColumns.length ? detail.referenceColumns : Object.keys(settings.columns);
  const drop = settings.alerts.performanceDrop;
  return {
    name,
    driftShare: String(settings.driftShare),
    labelColumn: settings.labelColumn,
    alertDataset: settings.alerts.dataset,
    alertColumns: settings.alerts.columns,
    alertPerformance: drop !== null,
    performanceDrop: String(drop ?? defaultMonitorSettings.alerts.performanceDrop ?? 0.1),
    columns: columns.map((column) => ({ column, draft: columnDraftOf(settings.columns[column]) })),
  };
}

/** Changes one column's draft. */
export function editColumn(draft: SettingsDraft, column: string, patch: Partial<ColumnDraft>): SettingsDraft {
  return { ...draft, columns: draft.columns.map((row) => (row.column === column ? { ...row, draft: { ...row.draft, ...patch } } : row)) };
}

/** What the newest batch chose per column (its method and threshold): the placeholders. */
export function currentChoices(detail: MonitorDetail): Map<string, ColumnDriftRecord> {
  const out = new Map<string, ColumnDriftRecord>();
  for (let i = detail.batches.length - 1; i >= 0; i--) {
    const report = detail.batches[i].report;
    if (!report) continue;
    for (const record of report.columns) out.set(record.column, record);
    break;
  }
  return out;
}

/** The default method's words: "default (ks now)", or "default" when no batch compared the column the way the draft reads it. */
export function defaultMethodLabel(draft: ColumnDraft, current: ColumnDriftRecord | undefined): string {
  if (!current || (draft.type !== 'inferred' && draft.type !== current.type)) return 'default';
  return `default (${current.method} now)`;
}

/** The threshold an empty field means: the chosen method's default, else the newest batch's. */
export function thresholdPlaceholder(draft: ColumnDraft, current: ColumnDriftRecord | undefined): string {
  if (draft.method !== 'default') return String(DEFAULT_THRESHOLDS[draft.method]);
  if (current && (draft.type === 'inferred' || draft.type === current.type)) return formatMetric(current.threshold);
  return 'default';
}

/** A number as typed, or null when it is none (empty, text, NaN, ±∞). */
function numberOf(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

const THRESHOLD_MAX = 1e12;

/** The problem with a column's threshold, or null. A p-value threshold (the method's, else the newest batch's) is at most 1. */
export function thresholdProblem(draft: ColumnDraft, current: ColumnDriftRecord | undefined): string | null {
  if (draft.threshold.trim() === '') return null;
  const value = numberOf(draft.threshold);
  if (value === null) return 'A number, such as 0.05.';
  if (value < 0) return 'Not below 0.';
  const method = draft.method !== 'default' ? draft.method : current?.method;
  if (method && P_VALUE_METHODS.has(method) && value > 1) return 'A p-value threshold is at most 1.';
  if (value > THRESHOLD_MAX) return 'Too large.';
  return null;
}

function shareProblem(text: string): string | null {
  const value = numberOf(text);
  return value === null || value < 0 || value > 1 ? 'A share between 0 and 1, such as 0.5.' : null;
}

function columnSettingOf(draft: ColumnDraft): ColumnSetting | null {
  const setting: ColumnSetting = {};
  if (draft.type !== 'inferred') setting.type = draft.type;
  if (draft.method !== 'default') setting.method = draft.method;
  const threshold = numberOf(draft.threshold);
  if (threshold !== null) setting.threshold = threshold;
  if (draft.ignore) setting.ignore = true;
  return Object.keys(setting).length ? setting : null;
}

export type EditOutcome = { ok: true; changes: { name?: string; settings?: MonitorSettings } } | { ok: false; problems: DraftProblems };

export const hasProblems = (problems: DraftProblems): boolean => Boolean(problems.name || problems.driftShare || problems.performanceDrop || Object.keys(problems.columns).length);

/** Every field's problem at once (an empty `columns` and nothing else: none). */
export function draftProblems(draft: SettingsDraft, current: Map<string, ColumnDriftRecord>): DraftProblems {
  const problems: DraftProblems = { columns: {} };
  const name = v.safeParse(monitorName, draft.name.trim());
  if (!name.success) problems.name = draft.name.trim() === '' ? 'Give the monitor a name.' : `The name ${name.issues[0].message}.`;
  const share = shareProblem(draft.driftShare);
  if (share) problems.driftShare = share;
  if (draft.alertPerformance) {
    const drop = shareProblem(draft.performanceDrop);
    if (drop) problems.performanceDrop = 'A drop between 0 and 1, such as 0.1.';
  }
  for (const { column, draft: columnDraft } of draft.columns) {
    const problem = thresholdProblem(columnDraft, current.get(column));
    if (problem) problems.columns[column] = problem;
  }
  return problems;
}

/** JSON with every object's keys sorted: the same settings give the same text whatever order they were stored in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The `drift/editMonitor` changes the draft makes from the stored monitor: the
 * name and/or the full settings (batching kept; stored settings of columns the
 * reference no longer has kept too), or every field's problem.
 */
export function editChangesOf(draft: SettingsDraft, detail: MonitorDetail): EditOutcome {
  const problems = draftProblems(draft, currentChoices(detail));
  if (hasProblems(problems)) return { ok: false, problems };
  const stored = detail.monitor.settings;
  const listed = new Set(draft.columns.map((row) => row.column));
  const columns: Record<string, ColumnSetting> = Object.fromEntries(Object.entries(stored.columns).filter(([column]) => !listed.has(column)));
  for (const { column, draft: columnDraft } of draft.columns) {
    const setting = columnSettingOf(columnDraft);
    if (setting) columns[column] = setting;
  }
  const settings: MonitorSettings = {
    batchBy: stored.batchBy,
    driftShare: Number(draft.driftShare.trim()),
    columns,
    labelColumn: draft.labelColumn,
    alerts: { dataset: draft.alertDataset, columns: draft.alertColumns, performanceDrop: draft.alertPerformance ? Number(draft.performanceDrop.trim()) : null },
  };
  const name = draft.name.trim();
  return {
    ok: true,
    changes: {
      ...(name !== detail.monitor.name ? { name } : {}),
      ...(canonical(settings) === canonical(stored) ? {} : { settings }),
    },
  };
}
