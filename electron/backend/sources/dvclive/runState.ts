// What a DVCLive run remembers between reads (the TSV keys it saw, the keys
// it took from metrics.json, the start time and tags it reported). It lives
// in the state of one host file's cursor: metrics.json, or params.yaml when
// there is none. A file with a problem keeps it in its own cursor's state, so
// the problem is reported once.
import type { FileCursor } from '../records';

export interface RunState {
  /** Metric keys last taken from metrics.json (one point each). */
  summary: string[];
  /** Metric keys that had a TSV at the last read. */
  tsvKeys: string[];
  /** Whether a header was reported, and with which start time. */
  header: boolean;
  startTime: number | null;
  /** Earliest file time seen, the start time when no TSV has timestamps; with the host's inode it belongs to. */
  fallback: number | null;
  fallbackInode: string | null;
  /** Tags last reported (JSON), and the parent dvc.yaml's identity they were read from. */
  tags: string;
  parentDvcYaml: string | null;
  /** Why the parent dvc.yaml could not be read, as last reported (null: no problem). */
  parentProblem?: string | null;
}

export function initialRunState(): RunState {
  return { summary: [], tsvKeys: [], header: false, startTime: null, fallback: null, fallbackInode: null, tags: '{}', parentDvcYaml: null, parentProblem: null };
}

/** The JSON object a cursor state holds ({} when none or unreadable): `run` on the host, `err` on a file with a problem. */
export function parseState(cursor: FileCursor | null): Record<string, unknown> {
  if (!cursor?.state) return {};
  try {
    const parsed = JSON.parse(cursor.state) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function runStateOf(cursor: FileCursor | null): RunState | null {
  const run = parseState(cursor).run as Partial<RunState> | undefined;
  if (!run || typeof run !== 'object' || !Array.isArray(run.summary) || !Array.isArray(run.tsvKeys)) return null;
  return { ...initialRunState(), ...run };
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
