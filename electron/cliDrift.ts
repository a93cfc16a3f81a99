// `runlens drift` (two CSV files compared column by column) and `runlens
// monitor add|list|run` (drift monitors in the data folder), through the same
// requests as the app. --json speaks snake_case with NaN and ±Infinity as
// strings; exit 0 on success, 2 for bad input (a missing file, no column in
// common, an unknown monitor, a run that failed on its input), 1 otherwise.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ArgsOf, Events, RequestName, ResultOf } from '../shared/api';
import { toPlainJson } from '../shared/codec';
import { batchPeriods, defaultMonitorSettings, driftMethods, type BatchPeriod, type ColumnDriftRecord, type ColumnSetting, type CompareSettings, type DriftAlert, type DriftBatch, type DriftMonitor, type DriftProgress, type DriftReport, type MonitorDetail, type MonitorSettings } from '../shared/drift/monitor';
import type { ApiErrorCode } from '../shared/errors';
import type { Backend, BackendHost } from './backend/backend';
import { defaultDataDir } from './backend/dataDir';

export const driftUsage = `  runlens drift  --reference CSV --current CSV [--method col=ks,col2=psi] [--threshold col=0.2] [--drift-share 0.5] [--json]
                 drift of each column (Evidently's default tests unless --method), and whether the dataset drifts
  runlens monitor add NAME --reference CSV (--folder DIR | --files A,B,…) [--model ONNX] [--label COL]
                 [--batch-by file|day|week|month] [--time-column COL] [--drift-share X] [--json]
  runlens monitor list [--json]
  runlens monitor run NAME|ID [--json]                             (computes the batches not computed yet)
                 every drift and monitor command takes --data-dir D; exit 2: bad input`;

/** Bad input: exit 2. */
export class DriftInputError extends Error {}

class RequestError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type WithBackendEvents = <T>(dataDir: string, work: (backend: Backend) => Promise<T>, emit?: BackendHost['emit']) => Promise<T>;

const options = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  reference: { type: 'string' },
  current: { type: 'string' },
  method: { type: 'string', multiple: true },
  threshold: { type: 'string', multiple: true },
  'drift-share': { type: 'string' },
  folder: { type: 'string' },
  files: { type: 'string' },
  model: { type: 'string' },
  label: { type: 'string' },
  'batch-by': { type: 'string' },
  'time-column': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

async function call<K extends RequestName>(backend: Backend, name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  const result = await backend.send(name, args);
  if (!result.ok) throw new RequestError(result.error.code, result.error.message);
  return result.value;
}

/** `col=value` pairs from repeated or comma-separated flags. */
function pairs(flag: string, given: string[] | undefined): [string, string][] {
  return (given ?? []).flatMap((text) => text.split(',')).filter((part) => part.trim() !== '').map((part) => {
    const at = part.lastIndexOf('=');
    if (at <= 0) throw new DriftInputError(`--${flag} must be column=value, not "${part}"`);
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
}

function driftShareOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const share = Number(text);
  if (text.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) throw new DriftInputError(`--drift-share must be a number from 0 to 1, not "${text}"`);
  return share;
}

export function compareSettingsOf(values: Pick<Values, 'method' | 'threshold' | 'drift-share'>): CompareSettings {
  const columns: Record<string, ColumnSetting> = {};
  for (const [column, method] of pairs('method', values.method)) {
    if (!(driftMethods as readonly string[]).includes(method)) throw new DriftInputError(`Unknown method "${method}" for "${column}": use ${driftMethods.join(', ')}`);
    columns[column] = { ...columns[column], method: method as ColumnSetting['method'] };
  }
  for (const [column, text] of pairs('threshold', values.threshold)) {
    const threshold = Number(text);
    if (text === '' || !Number.isFinite(threshold) || threshold < 0) throw new DriftInputError(`--threshold for "${column}" must be a number >= 0, not "${text}"`);
    columns[column] = { ...columns[column], threshold };
  }
  const driftShare = driftShareOf(values['drift-share']);
  return { ...(Object.keys(columns).length ? { columns } : {}), ...(driftShare === undefined ? {} : { driftShare }) };
}

// ---- --json: the API's records with snake_case field names (user keys kept) ----

export function columnJson(c: ColumnDriftRecord): Record<string, unknown> {
  return { column: c.column, type: c.type, method: c.method, statistic: c.statistic, threshold: c.threshold, drift: c.drift, reference_size: c.referenceSize, current_size: c.currentSize, effect_size: c.effectSize, too_small: c.tooSmall };
}

/** `runlens drift --json`: `columns` is the number of columns compared; each column's record is in `results`. */
export function reportJson(report: Omit<DriftReport, 'distributions'>): Record<string, unknown> {
  const { columns, share, drift, drifted } = report.dataset;
  return { columns, share, drift, drifted, results: report.columns.map(columnJson), not_compared: report.notCompared.map((n) => ({ column: n.column, reason: n.reason })) };
}

export function monitorJson(m: DriftMonitor): Record<string, unknown> {
  const s = m.settings;
  const settings = { batch_by: s.batchBy, drift_share: s.driftShare, columns: s.columns, label_column: s.labelColumn, alerts: { dataset: s.alerts.dataset, columns: s.alerts.columns, performance_drop: s.alerts.performanceDrop } };
  return { id: m.id, name: m.name, reference: m.reference, current: m.current, model: m.model, settings, created_at: m.createdAt, updated_at: m.updatedAt, batches: m.batches, last_batch_at: m.lastBatchAt, unseen_alerts: m.unseenAlerts, state: m.state, error: m.error };
}

export function batchJson(b: DriftBatch): Record<string, unknown> {
  return {
    key: b.key,
    label: b.label,
    start_at: b.startAt,
    rows: b.rows,
    skipped_lines: b.skippedLines,
    skipped_examples: b.skippedExamples,
    problems: b.problems,
    report: b.report ? reportJson(b.report) : null,
    prediction: b.prediction ? columnJson(b.prediction) : null,
    performance: b.performance,
    labeled_rows: b.labeledRows,
    estimate: b.estimate,
    computed_at: b.computedAt,
    error: b.error,
  };
}

const alertJson = (a: DriftAlert) => ({ id: a.id, monitor_id: a.monitorId, monitor_name: a.monitorName, batch_key: a.batchKey, batch_label: a.batchLabel, kind: a.kind, subject: a.subject, message: a.message, at: a.at, seen_at: a.seenAt });

export function detailJson(d: MonitorDetail): Record<string, unknown> {
  return {
    monitor: monitorJson(d.monitor),
    reference_rows: d.referenceRows,
    reference_columns: d.referenceColumns,
    reference_performance: d.referencePerformance,
    label_column: d.labelColumn,
    batches: d.batches.map(batchJson),
    alerts: d.alerts.map(alertJson),
    estimate_assumptions: d.estimateAssumptions,
  };
}

const fixed = (value: number, digits = 4) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));
/** A statistic: tiny p-values keep their size (6.82e-30), the rest 4 decimals. */
const statistic = (value: number) => (Number.isFinite(value) && value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(2) : fixed(value));
const percent = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)} %` : 'NaN');

/** The comparison as a table, then the verdict. */
export function formatReport(report: DriftReport): string {
  const header = ['column', 'type', 'method', 'statistic', 'threshold', 'drift', 'sizes', 'effect'];
  const rows = report.columns.map((c) => [c.column, c.type, c.method, statistic(c.statistic), fixed(c.threshold, 3), c.drift ? 'DRIFT' : 'no', `${c.referenceSize}/${c.currentSize}`, `${fixed(c.effectSize)}${c.tooSmall ? `  (too small: ${c.tooSmall})` : ''}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const { drifted, columns, share, drift } = report.dataset;
  const lines = [line(header), ...rows.map(line), ''];
  lines.push(`${drift ? 'Dataset drift' : 'No dataset drift'}: ${drifted} of ${columns} columns drifted (${percent(share)})`);
  for (const skipped of report.notCompared) lines.push(`  not compared: ${skipped.column}: ${skipped.reason}`);
  return lines.join('\n');
}

async function compareCommand(backend: Backend, values: Values): Promise<number> {
  if (!values.reference || !values.current) throw new DriftInputError('runlens drift needs --reference CSV --current CSV');
  const settings = compareSettingsOf(values);
  const report = await call(backend, 'drift/compare', { reference: path.resolve(values.reference), current: path.resolve(values.current), settings });
  console.log(values.json ? toPlainJson(reportJson(report)) : formatReport(report));
  return 0;
}

function settingsOf(values: Values): MonitorSettings {
  const by = values['batch-by'] ?? 'file';
  if (by !== 'file' && !(batchPeriods as readonly string[]).includes(by)) throw new DriftInputError(`--batch-by must be file, day, week or month, not "${by}"`);
  if (by !== 'file' && !values['time-column']) throw new DriftInputError(`--batch-by ${by} needs --time-column COL`);
  const batchBy: MonitorSettings['batchBy'] = by === 'file' ? { kind: 'file' } : { kind: 'period', column: values['time-column']!, period: by as BatchPeriod };
  return { ...defaultMonitorSettings, batchBy, driftShare: driftShareOf(values['drift-share']) ?? defaultMonitorSettings.driftShare, labelColumn: values.label ?? null };
}

/** Follows a monitor's run through its progress events until it ends. */
class RunWatch {
  private readonly ended = new Map<number, DriftProgress>();
  private readonly waiting = new Map<number, (p: DriftProgress) => void>();

  readonly emit: BackendHost['emit'] = (name, payload) => {
    if (name !== 'drift/progress') return;
    const progress = payload as Events['drift/progress'];
    if (progress.phase === 'reference' || progress.phase === 'batches') {
      if (process.stderr.isTTY && progress.batch) process.stderr.write(`\r\x1b[2K${progress.done + 1} of ${progress.total}: ${progress.batch}`);
      return;
    }
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
    this.ended.set(progress.monitorId, progress);
    this.waiting.get(progress.monitorId)?.(progress);
  };

  /** Forgets an earlier end: call before starting a run. */
  reset(id: number): void {
    this.ended.delete(id);
  }

  until(id: number): Promise<DriftProgress> {
    const ended = this.ended.get(id);
    if (ended) return Promise.resolve(ended);
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }
}

async function monitorIdOf(backend: Backend, given: string): Promise<number> {
  const monitors = await call(backend, 'drift/monitors', {});
  const found = monitors.find((m) => m.name === given) ?? (/^\d+$/.test(given) ? monitors.find((m) => m.id === Number(given)) : undefined);
  if (!found) throw new DriftInputError(`No drift monitor named "${given}"${monitors.length ? ` (monitors: ${monitors.map((m) => m.name).join(', ')})` : ''}`);
  return found.id;
}

function ranOk(progress: DriftProgress): void {
  if (progress.phase === 'failed') throw new DriftInputError(`The monitor run failed: ${progress.error ?? 'unknown error'}`);
}

const metricText = (name: string, value: number) => `${name} ${fixed(value, 3)}`;

function batchLine(batch: ResultOf<'drift/monitor'>['batches'][number]): string {
  const report = batch.report;
  const drifted = report?.columns.filter((c) => c.drift).map((c) => c.column) ?? [];
  const parts = [batch.label.padEnd(20), `${batch.rows} rows`.padStart(10)];
  if (batch.error && !report) parts.push(`error: ${batch.error}`);
  if (report) parts.push(`share ${fixed(report.dataset.share, 2)}`, report.dataset.drift ? 'DATASET DRIFT' : 'no dataset drift', `drifted: ${drifted.length ? drifted.join(', ') : '—'}`);
  if (batch.performance) parts.push(`measured ${metricText('accuracy', batch.performance.accuracy)}`);
  else if (batch.estimate) parts.push(`estimated ${metricText('accuracy', batch.estimate.values.accuracy)} [${fixed(batch.estimate.lower.accuracy, 3)}, ${fixed(batch.estimate.upper.accuracy, 3)}]`);
  if (batch.error && report) parts.push(`(${batch.error})`);
  return parts.join('  ');
}

async function printDetail(backend: Backend, id: number, json: boolean): Promise<void> {
  const detail = await call(backend, 'drift/monitor', { id });
  if (json) {
    console.log(toPlainJson(detailJson(detail)));
    return;
  }
  const m = detail.monitor;
  console.log(`${m.name} (id ${m.id}): ${m.batches} batches, ${m.unseenAlerts} unseen alerts${m.error ? `, error: ${m.error}` : ''}`);
  for (const batch of detail.batches) console.log(`  ${batchLine(batch)}`);
}

async function monitorCommand(backend: Backend, args: string[], values: Values, watch: RunWatch): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    if (rest.length) throw new DriftInputError(`runlens monitor list: unexpected "${rest[0]}"`);
    const monitors = await call(backend, 'drift/monitors', {});
    if (values.json) console.log(toPlainJson(monitors.map(monitorJson)));
    else if (monitors.length === 0) console.log('No drift monitors yet. Add one with `runlens monitor add`.');
    else for (const m of monitors) console.log(`${String(m.id).padStart(3)}  ${m.name.padEnd(24)} ${String(m.batches).padStart(4)} batches  ${m.state.padEnd(7)} ${m.unseenAlerts} unseen alerts${m.error ? `  error: ${m.error}` : ''}`);
    return 0;
  }
  if (sub === 'add') {
    if (rest.length !== 1) throw new DriftInputError('runlens monitor add NAME --reference CSV (--folder DIR | --files A,B,…)');
    if (!values.reference) throw new DriftInputError('runlens monitor add needs --reference CSV');
    if (Boolean(values.folder) === Boolean(values.files)) throw new DriftInputError('runlens monitor add needs one of --folder DIR or --files A,B,…');
    const current = values.folder ? { kind: 'folder' as const, path: path.resolve(values.folder) } : { kind: 'files' as const, paths: values.files!.split(',').filter((f) => f.trim() !== '').map((f) => path.resolve(f.trim())) };
    const monitor = await call(backend, 'drift/addMonitor', { name: rest[0], reference: { kind: 'file', path: path.resolve(values.reference) }, current, model: values.model ? { kind: 'file', path: path.resolve(values.model) } : null, settings: settingsOf(values) });
    ranOk(await watch.until(monitor.id));
    const added = await call(backend, 'drift/monitor', { id: monitor.id });
    console.log(values.json ? toPlainJson(monitorJson(added.monitor)) : `Added drift monitor "${added.monitor.name}" (id ${added.monitor.id}): ${added.monitor.batches} batches computed`);
    return 0;
  }
  if (sub === 'run') {
    if (rest.length !== 1) throw new DriftInputError('runlens monitor run NAME|ID');
    const id = await monitorIdOf(backend, rest[0]);
    watch.reset(id);
    const { started } = await call(backend, 'drift/run', { id });
    if (started) ranOk(await watch.until(id));
    await printDetail(backend, id, values.json ?? false);
    return 0;
  }
  throw new DriftInputError(`Unknown monitor command ${sub === undefined ? '(none given)' : `"${sub}"`}.\n${driftUsage}`);
}

const badInput: ApiErrorCode[] = ['bad-request', 'not-found', 'unreadable', 'bad-filter'];

/** `runlens drift …` and `runlens monitor …`; prints its own errors and returns the exit code. */
export async function driftCli(command: 'drift' | 'monitor', argv: string[], withBackend: WithBackendEvents): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
    if (values.help) {
      console.log(`Usage:\n${driftUsage}`);
      return 0;
    }
    if (command === 'drift' && positionals.length) throw new DriftInputError(`runlens drift: unexpected "${positionals[0]}"`);
    // Before the data folder is opened: a typo creates nothing.
    if (command === 'monitor' && !['add', 'list', 'run'].includes(positionals[0])) throw new DriftInputError(`Unknown monitor command ${positionals[0] === undefined ? '(none given)' : `"${positionals[0]}"`}.\n${driftUsage}`);
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const watch = new RunWatch();
    return await withBackend(dataDir, (backend) => (command === 'drift' ? compareCommand(backend, values) : monitorCommand(backend, positionals, values, watch)), watch.emit);
  } catch (error) {
    console.error(`runlens: ${(error as Error).message}`);
    if (error instanceof RequestError) return badInput.includes(error.code) ? 2 : 1;
    const code = (error as { code?: unknown }).code;
    return error instanceof DriftInputError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) ? 2 : 1;
  }
}
