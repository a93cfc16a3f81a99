// Reader of Runlens's own run format (docs/FORMAT.md): run.json written once,
// metrics.jsonl and events.jsonl appended to, a heartbeat file's mtime.
import fs from 'node:fs';
import path from 'node:path';
import { runStatuses, type RunStatus } from '../../../shared/domain';
import { binaryTailWhy, fileIdentity, readNewLines, type LineChunk } from './lineReader';
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
import { problemBatch, problemCursor, problemIn, warning } from './fileProblems';
import { isMissing, problemOf, readTextCapped, statOrNull } from './safeFile';

export const nativeFiles = {
  header: 'run.json',
  metrics: 'metrics.jsonl',
  events: 'events.jsonl',
  heartbeat: 'heartbeat',
} as const;

/** A run.json is a few KB; past this it is not one (and holding it would cost memory): not read. */
export const maxHeaderBytes = 1024 * 1024;
/** Detection reads no more of a run.json than this: the logger writes `format` first. */
const detectBytes = 64 * 1024;
/** Params and tags per record, and the length of one value (longer values are cut). */
export const maxValuesPerRecord = 10_000;
export const maxValueChars = 64 * 1024;

/**
 * A native run folder holds a run.json that says it is one (other tools write
 * run.json files too), read no further than its first 64 KiB. A run.json that
 * cannot be read (a FIFO, a symlink loop) or is not JSON, beside both
 * metrics.jsonl and events.jsonl, is a damaged native run: read, so that its
 * metrics are shown and the damage said.
 */
export function isNativeRunFolder(folder: string, names: ReadonlySet<string>): boolean {
  if (!names.has(nativeFiles.header)) return false;
  // run.json beside metrics.jsonl and events.jsonl is the format's own trio
  // (docs/FORMAT.md): a run of ours whatever its header now says, so that a
  // damaged header is reported instead of hiding the run.
  if (names.has(nativeFiles.metrics) && names.has(nativeFiles.events)) return true;
  try {
    const read = readTextCapped(path.join(folder, nativeFiles.header), detectBytes, { cut: true });
    return /"format"\s*:\s*"runlens\.run"/.test(read.text);
  } catch {
    return false;
  }
}

const enum Char {
  Tab = 0x09,
  Newline = 0x0a,
  Return = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Comma = 0x2c,
  Minus = 0x2d,
  Colon = 0x3a,
  I = 0x49,
  N = 0x4e,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  CloseBrace = 0x7d,
}

function isJsonSpace(c: number): boolean {
  return c === Char.Space || c === Char.Tab || c === Char.Newline || c === Char.Return;
}

/** The length of the bare NaN, Infinity or -Infinity token at line[i], or 0. */
function nonFiniteTokenAt(line: string, i: number, c: number): number {
  if (c === Char.N) return line.startsWith('NaN', i) ? 3 : 0;
  if (c === Char.I) return line.startsWith('Infinity', i) ? 8 : 0;
  if (c === Char.Minus) return line.startsWith('-Infinity', i) ? 9 : 0;
  return 0;
}

/**
 * `line` with each bare NaN, Infinity and -Infinity outside JSON strings
 * quoted, where it stands as a value: after `:`, `,` or `[` and before `,`,
 * `}` or `]` (blanks between), the places the regex this replaces quoted. One
 * pass: string state and backslash escapes are tracked, the character before
 * a token is remembered and the blanks after one are crossed once, so the
 * work is linear in the line (at most two steps a character). `work.steps`,
 * when given, counts the steps (for tests).
 */
export function quoteBareNonFinite(line: string, work?: { steps: number }): string {
  const n = line.length;
  let parts: string[] | null = null;
  let from = 0;
  let inString = false;
  /** The last character outside strings that is not a blank (-1: none yet). */
  let previous = -1;
  let steps = 0;
  for (let i = 0; i < n; i++) {
    steps += 1;
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === Char.Backslash) i += 1;
      else if (c === Char.Quote) {
        inString = false;
        previous = c;
      }
      continue;
    }
    if (c === Char.Quote) {
      inString = true;
      continue;
    }
    if (isJsonSpace(c)) continue;
    if (previous === Char.Colon || previous === Char.Comma || previous === Char.OpenBracket) {
      const length = nonFiniteTokenAt(line, i, c);
      if (length > 0) {
        let j = i + length;
        while (j < n && isJsonSpace(line.charCodeAt(j))) {
          j += 1;
          steps += 1;
        }
        const next = j < n ? line.charCodeAt(j) : -1;
        if (next === Char.Comma || next === Char.CloseBrace || next === Char.CloseBracket) {
          (parts ??= []).push(line.slice(from, i), '"', line.slice(i, i + length), '"');
          from = i + length;
        }
        // The token's last letter is what precedes what follows it.
        i += length - 1;
        previous = line.charCodeAt(i);
        continue;
      }
    }
    previous = c;
  }
  if (work) work.steps += steps;
  if (!parts) return line;
  parts.push(line.slice(from));
  return parts.join('');
}

/**
 * JSON.parse of one line, also accepting the bare NaN/Infinity/-Infinity
 * Python's json module writes (read as the strings "NaN", "Infinity",
 * "-Infinity", which toNumber turns into numbers: the same as the quoted
 * spellings FORMAT.md gives). Linear in the line, whatever it holds.
 */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    if (!line.includes('NaN') && !line.includes('Infinity')) throw error;
    const quoted = quoteBareNonFinite(line);
    if (quoted === line) throw error;
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

/**
 * An object's entries as strings (non-strings as JSON), at most
 * maxValuesPerRecord of them and each cut at maxValueChars; null when it is
 * not an object. What was dropped or cut is described in `problems`.
 */
function stringRecord(value: unknown, what: string, problems: string[]): Record<string, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  let count = 0;
  let cut = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (count >= maxValuesPerRecord) {
      problems.push(`more than ${maxValuesPerRecord} ${what}: the rest were not read`);
      break;
    }
    const item = (value as Record<string, unknown>)[key];
    let text = typeof item === 'string' ? item : JSON.stringify(item);
    if (text.length > maxValueChars) {
      text = text.slice(0, maxValueChars);
      cut += 1;
    }
    out[key] = text;
    count += 1;
  }
  if (cut > 0) problems.push(`${cut} of the ${what} longer than ${maxValueChars} characters: cut`);
  return out;
}

/** Why a run.json's text is not a header (empty, not JSON), or the parsed value. */
function parseHeaderText(text: string): { value: unknown } | { problem: string } {
  if (text.trim() === '') return { problem: 'is empty' };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message.slice(0, 200)})` };
  }
}

/** The header's records from run.json's text; null when it is valid JSON that is not a Runlens header. */
export function parseNativeHeader(text: string): RunRecord[] | null {
  const parsed = parseHeaderText(text);
  if ('problem' in parsed) return [warning(`run.json ${parsed.problem}`)];
  const header = parsed.value as Record<string, unknown> | null;
  if (!header || typeof header !== 'object' || Array.isArray(header) || header.format !== 'runlens.run') return null;
  const records: RunRecord[] = [];
  const problems: string[] = [];
  const system = (header.system && typeof header.system === 'object' && !Array.isArray(header.system) ? header.system : {}) as Record<string, unknown>;
  const interval = typeof system.heartbeat_interval_s === 'number' ? system.heartbeat_interval_s * 1000 : null;
  records.push({
    kind: 'header',
    sourceRunId: typeof header.id === 'string' ? header.id : null,
    name: typeof header.name === 'string' && header.name ? header.name : null,
    experiment: typeof header.experiment === 'string' && header.experiment ? header.experiment : null,
    startTime: typeof header.start_time === 'number' ? header.start_time : null,
    heartbeatIntervalMs: interval,
  });
  const params = stringRecord(header.params, 'params', problems);
  if (params) records.push({ kind: 'params', values: params });
  const tags = stringRecord(header.tags, 'tags', problems) ?? {};
  // System facts are shown as tags under MLflow-like names.
  const systemTags: Record<string, string> = {};
  if (typeof system.git_commit === 'string') systemTags['runlens.git.commit'] = system.git_commit;
  if (typeof system.git_dirty === 'boolean') systemTags['runlens.git.dirty'] = String(system.git_dirty);
  if (typeof system.python === 'string') systemTags['runlens.python'] = system.python;
  if (typeof system.hostname === 'string') systemTags['runlens.host'] = system.hostname;
  if (typeof system.user === 'string') systemTags['runlens.user'] = system.user;
  if (Array.isArray(system.command)) systemTags['runlens.command'] = system.command.join(' ').slice(0, maxValueChars);
  records.push({ kind: 'tags', values: { ...systemTags, ...tags } });
  for (const problem of problems) records.push(warning(`run.json: ${problem}`));
  return records;
}

/**
 * The header's records, or null when the run.json belongs to some other tool.
 * A run.json that cannot be read or parsed is a warning record; throws only
 * ENOENT (the file is gone).
 */
export function readNativeHeader(file: string): RunRecord[] | null {
  return readHeaderFile(file).records;
}

function readHeaderFile(file: string): { records: RunRecord[] | null; stat: fs.Stats | null } {
  let read;
  try {
    read = readTextCapped(file, maxHeaderBytes);
  } catch (error) {
    if (isMissing(error)) throw error;
    return { records: [warning(`run.json ${problemOf(error)}`)], stat: null };
  }
  const records = parseNativeHeader(read.text);
  // (Said only of a header read: of one that is not JSON, that is the news.)
  if (records?.[0]?.kind === 'header' && read.invalidUtf8) records.push(warning('run.json is not valid UTF-8: the bytes that are not were read as U+FFFD'));
  return { records, stat: read.stat };
}

/** A warning for the chunk's lines that are not UTF-8, or null. */
function utf8Warning(file: string, chunk: LineChunk): RunRecord | null {
  if (!chunk.invalidUtf8) return null;
  return {
    kind: 'warning',
    message: `${path.basename(file)}: bytes that are not UTF-8 were read as U+FFFD`,
    count: chunk.invalidUtf8.lines,
    detail: `line ${chunk.invalidUtf8.first}${chunk.invalidUtf8.lines > 1 ? ' and others' : ''}`,
  };
}

export function* readNativeMetrics(file: string, cursor: FileCursor | null): Generator<ReadBatch> {
  for (const chunk of readNewLines(file, cursor)) {
    const points: MetricPoints = new Map();
    const skipped = new SkippedLines();
    if (chunk.overlongLines) skipped.add(chunk.firstLineNumber, `${chunk.overlongLines} line(s) longer than 16 MB`);
    if (chunk.binaryTail) skipped.add(chunk.firstLineNumber, binaryTailWhy(chunk.binaryTail));
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
    const skippedWarning = skipped.warning();
    if (skippedWarning) records.push(skippedWarning);
    const invalid = utf8Warning(file, chunk);
    if (invalid) records.push(invalid);
    yield { records, cursor: chunk.cursor, restarted: chunk.restarted };
  }
}

function parseEvent(entry: Record<string, unknown>, runFolder: string): RunRecord[] | string {
  switch (entry.type) {
    case 'params':
    case 'tags': {
      const problems: string[] = [];
      const values = stringRecord(entry.values, entry.type, problems);
      if (!values) return `"${entry.type}" event without a "values" object`;
      return [{ kind: entry.type, values }, ...problems.map((problem) => warning(`events.jsonl: ${problem}`))];
    }
    case 'artifact': {
      if (typeof entry.path !== 'string') return 'artifact event without a "path"';
      const resolved = path.resolve(runFolder, entry.path);
      if (!resolved.startsWith(runFolder + path.sep)) return `artifact path "${entry.path}" leaves the run folder`;
      return [{ kind: 'artifact', path: entry.path, size: typeof entry.size === 'number' ? entry.size : 0 }];
    }
    case 'end': {
      const status = String(entry.status ?? '').toUpperCase() as RunStatus;
      if (!runStatuses.includes(status)) return `end event with unknown status "${String(entry.status)}"`;
      return [{
        kind: 'status',
        status,
        endTime: typeof entry.timestamp === 'number' ? entry.timestamp : null,
        reason: typeof entry.error === 'string' ? entry.error.slice(0, maxValueChars) : null,
      }];
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
    if (chunk.binaryTail) skipped.add(chunk.firstLineNumber, binaryTailWhy(chunk.binaryTail));
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
      const parsed = parseEvent(entry as Record<string, unknown>, runFolder);
      if (typeof parsed === 'string') skipped.add(lineNumber, parsed);
      else records.push(...parsed);
    });
    const skippedWarning = skipped.warning();
    if (skippedWarning) records.push(skippedWarning);
    const invalid = utf8Warning(file, chunk);
    if (invalid) records.push(invalid);
    yield { records, cursor: chunk.cursor, restarted: chunk.restarted };
  }
}


/**
 * Turns a line file's batches into file batches; a restart first voids the
 * series it fed. A file that is gone yields nothing; one that cannot be read
 * (a FIFO in its place, no permission, a symlink loop) is a warning, reported
 * once, and voids nothing.
 */
function* lineFileBatches(
  file: string,
  cursor: FileCursor | null,
  read: (file: string, cursor: FileCursor | null) => Generator<ReadBatch>,
  voidOnRestart: boolean,
): Generator<FileBatch> {
  const batches = read(file, cursor);
  let last: FileCursor | null = null;
  for (;;) {
    let next: IteratorResult<ReadBatch>;
    try {
      next = batches.next();
    } catch (error) {
      const message = `${path.basename(file)} ${problemOf(error)}`;
      if (last) {
        // Failed part-way: what was read stands, the next read resumes after it.
        yield { file, records: [warning(message)], cursor: last, fromStart: false };
      } else if (isMissing(error)) {
        // Gone: nothing to read. A problem reported about it before no longer holds.
        if (problemIn(cursor) !== null) yield { file, records: [], cursor: { ...problemCursor(file, '', cursor?.byteOffset ?? 0), state: null }, fromStart: true };
      } else {
        const batch = problemBatch(file, message, cursor);
        if (batch) yield batch;
      }
      return;
    }
    if (next.done) return;
    const batch = next.value;
    const fromStart = last === null && (cursor === null || batch.restarted);
    const records = batch.restarted && voidOnRestart ? [{ kind: 'voidMetrics', keys: 'all' } as RunRecord, ...batch.records] : batch.records;
    yield { file, records, cursor: batch.cursor, fromStart };
    last = batch.cursor;
  }
}

/** run.json's batch when it changed: its header, or a warning saying why there is none (the rest of the run is read all the same). */
function* headerBatches(runFolder: string, file: string, before: FileCursor | null): Generator<FileBatch> {
  const problem = (message: string) => problemBatch(file, `run.json ${message}`, before);
  let stat;
  try {
    stat = statOrNull(file);
  } catch (error) {
    const batch = problem(problemOf(error));
    if (batch) yield batch;
    return;
  }
  if (stat && !wholeFileChanged(before, fileIdentity(stat))) return;
  let read: ReturnType<typeof readHeaderFile> | null = null;
  if (stat) {
    try {
      read = readHeaderFile(file);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  if (!read) {
    // ENOENT of the run folder itself propagates: the run was deleted.
    fs.statSync(runFolder);
    const batch = problem('is missing: the header is not read');
    if (batch) yield batch;
    return;
  }
  if (!read.stat) {
    // Not readable as a file (a FIFO, too large, no permission): looked at again on every read.
    const message = (read.records![0] as Extract<RunRecord, { kind: 'warning' }>).message;
    const batch = problemBatch(file, message, before);
    if (batch) yield batch;
    return;
  }
  const records = read.records ?? [warning('run.json no longer says "format": "runlens.run": not read as this run\'s header')];
  const identity = fileIdentity(read.stat);
  yield { file, records, cursor: { path: file, ...identity, byteOffset: identity.size, lineNumber: 0 }, fromStart: true };
}

export function* readNativeRun(runFolder: string, cursors: CursorLookup): Generator<FileBatch> {
  const headerFile = path.join(runFolder, nativeFiles.header);
  yield* headerBatches(runFolder, headerFile, cursors.cursorFor(headerFile));
  const metricsFile = path.join(runFolder, nativeFiles.metrics);
  yield* lineFileBatches(metricsFile, cursors.cursorFor(metricsFile), readNativeMetrics, true);
  const eventsFile = path.join(runFolder, nativeFiles.events);
  yield* lineFileBatches(eventsFile, cursors.cursorFor(eventsFile), readNativeEvents, false);
  // The heartbeat carries no records (it is never opened); its cursor's mtime is the run's last sign of life.
  const heartbeatFile = path.join(runFolder, nativeFiles.heartbeat);
  let heartbeat;
  try {
    heartbeat = statOrNull(heartbeatFile);
  } catch (error) {
    const batch = problemBatch(heartbeatFile, `heartbeat ${problemOf(error)}`, cursors.cursorFor(heartbeatFile));
    if (batch) yield batch;
    return;
  }
  if (heartbeat) {
    const now = fileIdentity(heartbeat);
    const before = cursors.cursorFor(heartbeatFile);
    if (wholeFileChanged(before, now)) {
      // After a problem (fromStart): its warning no longer holds.
      yield { file: heartbeatFile, records: [], cursor: { path: heartbeatFile, ...now, byteOffset: 0, lineNumber: 0 }, fromStart: problemIn(before) !== null };
    }
  }
}

export const nativeFormat: RunFolderFormat = {
  source: 'native',
  isRunFolder: isNativeRunFolder,
  readRun: readNativeRun,
};
