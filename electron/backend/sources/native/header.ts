// run.json: the run's header (name, experiment, params, tags, system facts),
// written once by the logger, read whole (capped).
import fs from 'node:fs';
import { type RunRecord } from '../records';
import { warning } from '../fileProblems';
import { isMissing, problemOf, readTextCapped } from '../safeFile';

/** A run.json is a few KB; past this it is not one (and holding it would cost memory): not read. */
export const maxHeaderBytes = 1024 * 1024;
/** Params and tags per record, and the length of one value (longer values are cut). */
export const maxValuesPerRecord = 10_000;
export const maxValueChars = 64 * 1024;

/**
 * An object's entries as strings (non-strings as JSON), at most
 * maxValuesPerRecord of them and each cut at maxValueChars; null when it is
 * not an object. What was dropped or cut is described in `problems`.
 */
export function stringRecord(value: unknown, what: string, problems: string[]): Record<string, string> | null {
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

export function readHeaderFile(file: string): { records: RunRecord[] | null; stat: fs.Stats | null } {
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
