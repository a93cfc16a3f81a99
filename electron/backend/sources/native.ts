// Reader of Runlens's own run format (docs/FORMAT.md): run.json written once,
// metrics.jsonl and events.jsonl appended to, a heartbeat file's mtime.
import fs from 'node:fs';
import path from 'node:path';
import { runStatuses, type RunStatus } from '../../../shared/domain';
import { fileIdentity, readNewLines } from './lineReader';
import {
  addPoint,
  wholeFileChanged,
  type CursorLookup,
  type FileBatch,
  type FileCursor,
  type MetricPoints,
  type ReadBatch,
  type RunFolderFormat,
  type RunRecord,
} from './records';
import { SkippedLines } from './skippedLines';
import { statOrNull } from './missingFiles';

export const nativeFiles = {
  header: 'run.json',
  metrics: 'metrics.jsonl',
  events: 'events.jsonl',
  heartbeat: 'heartbeat',
} as const;

/** A native run folder holds a run.json that says it is one (other tools write run.json files too). */
export function isNativeRunFolder(folder: string, names: ReadonlySet<string>): boolean {
  if (!names.has(nativeFiles.header)) return false;
  try {
    const text = fs.readFileSync(path.join(folder, nativeFiles.header), 'utf8');
    return /"format"\s*:\s*"runlens\.run"/.test(text);
  } catch {
    return false;
  }
}

/** Python's json module writes bare NaN/Infinity; JSON.parse does not accept them. */
function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    if (!/NaN|Infinity/.test(line)) throw error;
    const quoted = line.replace(/(?<=[:,\[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '"$1"');
    return JSON.parse(quoted);
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return null;
}

function stringRecord(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return out;
}

/** The header's records, or null when the run.json belongs to some other tool. */
export function readNativeHeader(file: string): RunRecord[] | null {
  const text = fs.readFileSync(file, 'utf8');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return [{ kind: 'warning', message: `run.json is not valid JSON (${(error as Error).message})`, count: 1 }];
  }
  if (!header || typeof header !== 'object' || header.format !== 'runlens.run') return null;
  const records: RunRecord[] = [];
  const system = (header.system ?? {}) as Record<string, unknown>;
  const interval = typeof system.heartbeat_interval_s === 'number' ? system.heartbeat_interval_s * 1000 : null;
  records.push({
    kind: 'header',
    sourceRunId: typeof header.id === 'string' ? header.id : null,
    name: typeof header.name === 'string' && header.name ? header.name : null,
    experiment: typeof header.experiment === 'string' && header.experiment ? header.experiment : null,
    startTime: typeof header.start_time === 'number' ? header.start_time : null,
    heartbeatIntervalMs: interval,
  });
  const params = stringRecord(header.params);
  if (params) records.push({ kind: 'params', values: params });
  const tags = stringRecord(header.tags) ?? {};
  // System facts are shown as tags under MLflow-like names.
  const systemTags: Record<string, string> = {};
  if (typeof system.git_commit === 'string') systemTags['runlens.git.commit'] = system.git_commit;
  if (typeof system.git_dirty === 'boolean') systemTags['runlens.git.dirty'] = String(system.git_dirty);
  if (typeof system.python === 'string') systemTags['runlens.python'] = system.python;
  if (typeof system.hostname === 'string') systemTags['runlens.host'] = system.hostname;
  if (typeof system.user === 'string') systemTags['runlens.user'] = system.user;
  if (Array.isArray(system.command)) systemTags['runlens.command'] = system.command.join(' ');
  records.push({ kind: 'tags', values: { ...systemTags, ...tags } });
  return records;
}

export function* readNativeMetrics(file: string, cursor: FileCursor | null): Generator<ReadBatch> {
  for (const chunk of readNewLines(file, cursor)) {
    const points: MetricPoints = new Map();
    const skipped = new SkippedLines();
    if (chunk.overlongLines) skipped.add(chunk.firstLineNumber, `${chunk.overlongLines} line(s) longer than 16 MB`);
    for (let i = 0; i < chunk.lines.length; i++) {
      const line = chunk.lines[i].trim();
      if (!line) continue;
      const lineNumber = chunk.firstLineNumber + i;
      let entry: { step?: unknown; timestamp?: unknown; values?: unknown };
      try {
        entry = parseJsonLine(line) as typeof entry;
      } catch {
        skipped.add(lineNumber, 'not JSON');
        continue;
      }
      if (!entry || typeof entry !== 'object' || !entry.values || typeof entry.values !== 'object') {
        skipped.add(lineNumber, 'no "values" object');
        continue;
      }
      const step = typeof entry.step === 'number' && Number.isFinite(entry.step) ? entry.step : null;
      if (step === null) {
        skipped.add(lineNumber, 'no numeric "step"');
        continue;
      }
      const timestamp = typeof entry.timestamp === 'number' ? entry.timestamp : NaN;
      for (const [key, raw] of Object.entries(entry.values as Record<string, unknown>)) {
        const value = toNumber(raw);
        if (value === null) {
          skipped.add(lineNumber, `value of "${key}" is not a number`);
          continue;
        }
        addPoint(points, key, step, timestamp, value);
      }
    }
    const records: RunRecord[] = [];
    if (points.size > 0) records.push({ kind: 'metrics', points });
    const warning = skipped.warning();
    if (warning) records.push(warning);
    yield { records, cursor: chunk.cursor, restarted: chunk.restarted };
  }
}

function parseEvent(entry: Record<string, unknown>, runFolder: string): RunRecord | string {
  switch (entry.type) {
    case 'params':
    case 'tags': {
      const values = stringRecord(entry.values);
      return values ? { kind: entry.type, values } : `"${entry.type}" event without a "values" object`;
    }
    case 'artifact': {
      if (typeof entry.path !== 'string') return 'artifact event without a "path"';
      const resolved = path.resolve(runFolder, entry.path);
      if (!resolved.startsWith(runFolder + path.sep)) return `artifact path "${entry.path}" leaves the run folder`;
      return { kind: 'artifact', path: entry.path, size: typeof entry.size === 'number' ? entry.size : 0 };
    }
    case 'end': {
      const status = String(entry.status ?? '').toUpperCase() as RunStatus;
      if (!runStatuses.includes(status)) return `end event with unknown status "${String(entry.status)}"`;
      return {
        kind: 'status',
        status,
        endTime: typeof entry.timestamp === 'number' ? entry.timestamp : null,
        reason: typeof entry.error === 'string' ? entry.error : null,
      };
    }
    default:
      return `unknown event type "${String(entry.type)}"`;
  }
}

export function* readNativeEvents(file: string, cursor: FileCursor | null): Generator<ReadBatch> {
  const runFolder = path.dirname(file);
  for (const chunk of readNewLines(file, cursor)) {
    const records: RunRecord[] = [];
    const skipped = new SkippedLines();
    if (chunk.overlongLines) skipped.add(chunk.firstLineNumber, `${chunk.overlongLines} line(s) longer than 16 MB`);
    chunk.lines.forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const lineNumber = chunk.firstLineNumber + i;
      let entry: unknown;
      try {
        entry = parseJsonLine(line);
      } catch {
        skipped.add(lineNumber, 'not JSON');
        return;
      }
      if (!entry || typeof entry !== 'object') {
        skipped.add(lineNumber, 'not an object');
        return;
      }
      const record = parseEvent(entry as Record<string, unknown>, runFolder);
      if (typeof record === 'string') skipped.add(lineNumber, record);
      else records.push(record);
    });
    const warning = skipped.warning();
    if (warning) records.push(warning);
    yield { records, cursor: chunk.cursor, restarted: chunk.restarted };
  }
}


/** Turns a line file's batches into file batches; a restart first voids the series it fed. */
function* lineFileBatches(
  file: string,
  cursor: FileCursor | null,
  read: (file: string, cursor: FileCursor | null) => Generator<ReadBatch>,
  voidOnRestart: boolean,
): Generator<FileBatch> {
  let first = true;
  for (const batch of read(file, cursor)) {
    const fromStart = first && (cursor === null || batch.restarted);
    const records = batch.restarted && voidOnRestart ? [{ kind: 'voidMetrics', keys: 'all' } as RunRecord, ...batch.records] : batch.records;
    yield { file, records, cursor: batch.cursor, fromStart };
    first = false;
  }
}

export function* readNativeRun(runFolder: string, cursors: CursorLookup): Generator<FileBatch> {
  const headerFile = path.join(runFolder, nativeFiles.header);
  const headerStat = fs.statSync(headerFile);
  const identity = fileIdentity(headerStat);
  if (wholeFileChanged(cursors.cursorFor(headerFile), identity)) {
    const records = readNativeHeader(headerFile) ?? [];
    yield { file: headerFile, records, cursor: { path: headerFile, ...identity, byteOffset: identity.size, lineNumber: 0 }, fromStart: true };
  }
  const metricsFile = path.join(runFolder, nativeFiles.metrics);
  if (statOrNull(metricsFile)) yield* lineFileBatches(metricsFile, cursors.cursorFor(metricsFile), readNativeMetrics, true);
  const eventsFile = path.join(runFolder, nativeFiles.events);
  if (statOrNull(eventsFile)) yield* lineFileBatches(eventsFile, cursors.cursorFor(eventsFile), readNativeEvents, false);
  // The heartbeat carries no records; its cursor's mtime is the run's last sign of life.
  const heartbeatFile = path.join(runFolder, nativeFiles.heartbeat);
  const heartbeat = statOrNull(heartbeatFile);
  if (heartbeat) {
    const now = fileIdentity(heartbeat);
    if (wholeFileChanged(cursors.cursorFor(heartbeatFile), now)) {
      yield { file: heartbeatFile, records: [], cursor: { path: heartbeatFile, ...now, byteOffset: 0, lineNumber: 0 }, fromStart: false };
    }
  }
}

export const nativeFormat: RunFolderFormat = {
  source: 'native',
  isRunFolder: isNativeRunFolder,
  readRun: readNativeRun,
};
