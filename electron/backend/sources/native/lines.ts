// metrics.jsonl and events.jsonl: the line files the logger appends to.
import path from 'node:path';
import { runStatuses, type RunStatus } from '../../../../shared/domain';
import { binaryTailWhy, readNewLines, type LineChunk } from '../lineReader';
import { addPoint, type FileCursor, type MetricPoints, type ReadBatch, type RunRecord } from '../records';
import { SkippedLines } from '../skippedLines';
import { warning } from '../fileProblems';
import { maxValueChars, stringRecord } from './header';
import { parseJsonLine, toNumber } from './jsonLine';

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


