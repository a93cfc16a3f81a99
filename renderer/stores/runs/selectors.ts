// Named pure selectors over the runs store. Derived lists are cached on the
// identity of their input so React sees a stable value until the runs change.
import type { Run, RunSource } from '../../../shared/domain';
import { sourceOrder } from '../../format/source';
import type { RunsState } from './store';

export const selectRuns = (s: RunsState): Run[] => s.runs;
export const selectRunsStatus = (s: RunsState): RunsState['status'] => s.status;
export const selectRunsError = (s: RunsState): RunsState['error'] => s.error;
export const selectShownProjectId = (s: RunsState): number | null => s.projectId;
export const selectIncludeDeleted = (s: RunsState): boolean => s.includeDeleted;

const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true });

function cachedOnRuns<T>(compute: (runs: Run[]) => T): (runs: Run[]) => T {
  const cache = new WeakMap<Run[], T>();
  return (runs) => {
    let value = cache.get(runs);
    if (value === undefined) {
      value = compute(runs);
      cache.set(runs, value);
    }
    return value;
  };
}

/** The ids of the runs, for "is this run one we show?". */
export const runIdsOf = cachedOnRuns((runs) => new Set(runs.map((run) => run.id)));

/** The runs by id, to name a run met elsewhere (a warning). */
export const runsByIdOf = cachedOnRuns((runs) => new Map(runs.map((run) => [run.id, run])));

/** How many of the runs were deleted in their source (listed only when asked for). */
export const deletedCountOf = cachedOnRuns((runs) => runs.reduce((n, run) => n + (run.deleted ? 1 : 0), 0));

/** The sources the runs were read from, each once, in the order the source filter offers them. */
export const sourcesOf = cachedOnRuns((runs): RunSource[] => {
  const present = new Set<RunSource>(runs.map((run) => run.source));
  const known = sourceOrder.filter((source) => present.has(source));
  // A source a newer backend names still gets its segment, after the known ones.
  const unknown = [...present].filter((source) => !sourceOrder.includes(source)).sort(byName);
  return [...known, ...unknown];
});

/** The source filter that applies: a source none of the runs has lists them all. */
export function effectiveSource(runs: Run[], source: RunSource | null): RunSource | null {
  return source !== null && sourcesOf(runs).includes(source) ? source : null;
}

const bySource = new WeakMap<Run[], Map<RunSource, Run[]>>();

/** The runs read from one source; all of them (the same array) for null or a source none has. */
export function runsOfSource(runs: Run[], source: RunSource | null): Run[] {
  const applied = effectiveSource(runs, source);
  if (applied === null) return runs;
  let cache = bySource.get(runs);
  if (!cache) {
    cache = new Map();
    bySource.set(runs, cache);
  }
  let result = cache.get(applied);
  if (!result) {
    result = runs.filter((run) => run.source === applied);
    cache.set(applied, result);
  }
  return result;
}

/** Every param name any of the runs has, sorted: one table column each. */
export const paramNamesOf = cachedOnRuns((runs) => {
  const names = new Set<string>();
  for (const run of runs) for (const name of Object.keys(run.params)) names.add(name);
  return [...names].sort(byName);
});

/** Every metric key any of the runs has, sorted. */
export const metricKeysOf = cachedOnRuns((runs) => {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.metrics)) keys.add(key);
  return [...keys].sort(byName);
});

const haystacks = new WeakMap<Run, string>();

/** The text a filter looks in: name, experiment and `name=value` for each param. */
function haystackOf(run: Run): string {
  let text = haystacks.get(run);
  if (text === undefined) {
    const params = Object.entries(run.params).map(([name, value]) => `${name}=${value}`);
    text = [run.name, run.experiment, ...params].join('\n').toLowerCase();
    haystacks.set(run, text);
  }
  return text;
}

/** Splits filter text into lower-case terms; every term must match. */
export function filterTerms(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter(Boolean);
}

export function runMatches(run: Run, terms: string[]): boolean {
  const text = haystackOf(run);
  return terms.every((term) => text.includes(term));
}

let lastFilter: { runs: Run[]; filter: string; result: Run[] } | null = null;

/** Runs whose name, experiment or params contain every word of the filter. */
export function filterRuns(runs: Run[], filter: string): Run[] {
  if (lastFilter && lastFilter.runs === runs && lastFilter.filter === filter) return lastFilter.result;
  const terms = filterTerms(filter);
  const result = terms.length === 0 ? runs : runs.filter((run) => runMatches(run, terms));
  lastFilter = { runs, filter, result };
  return result;
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Orders param values: numerically when both look like numbers, else as text with numeric runs. */
export function compareParamValues(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const aTrim = a.trim();
  const bTrim = b.trim();
  if (numberPattern.test(aTrim) && numberPattern.test(bTrim)) return Number(aTrim) - Number(bTrim);
  return byName(a, b);
}

/** The rows of the table: runs of the chosen source whose text matches the filter. */
export function shownRuns(runs: Run[], source: RunSource | null, filter: string): Run[] {
  return filterRuns(runsOfSource(runs, source), filter);
}

/** How many runs are shown against how many exist, for the filter's hint. */
export function filterCounts(runs: Run[], filter: string, source: RunSource | null = null): { shown: number; total: number } {
  return { shown: shownRuns(runs, source, filter).length, total: runs.length };
}

/** Orders metric values with NaN after every number (Infinity included). */
export function compareMetricValues(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return a === b ? 0 : a < b ? -1 : 1;
}
