// Reader of DVCLive output folders (`Live(dir="dvclive")`): the metric
// histories in plots/metrics/**.tsv read incrementally, metrics.json for the
// metrics that have no history, params.yaml, and the evaluation plots in
// plots/sklearn and plots/custom as artifacts. The file formats are parsed in
// tsvFile.ts (with tsvParser.ts), metricsJson.ts and params.ts; this module
// decides what to read and what it means. What a run remembers between reads
// is in runState.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileIdentity } from '../lineReader';
import {
  addPoint,
  wholeFileChanged,
  type CursorLookup,
  type FileBatch,
  type FileCursor,
  type MetricPoints,
  type RunFolderFormat,
  type RunRecord,
} from '../records';
import { dvcliveNames, isDvcliveRunFolder } from './detect';
import { dvcYamlTags } from './dvcYaml';
import { errorCode, listFiles, readWholeFile, statOrNull, type ListingProblem, type WholeFile } from './files';
import { parseJsonTolerant, summaryValues } from './metricsJson';
import { flattenParams } from './params';
import { initialRunState, parseState, runStateOf, sameList, type RunState } from './runState';
import { readTsv } from './tsvFile';
import { parseTsvState } from './tsvParser';

/** The evaluation plots DVCLive writes (log_sklearn_plot, log_plot), listed as artifacts for evaluation views. */
const evaluationPlotFolders = ['sklearn', 'custom'] as const;

/** The file read whole when it changed since its cursor (or when forced); null when unchanged or gone. */
function readIfChanged(file: string, cursor: FileCursor | null, force: boolean): WholeFile | { error: Error } | null {
  try {
    const stat = fs.statSync(file);
    if (!force && !wholeFileChanged(cursor, fileIdentity(stat)) && !parseState(cursor).err) return null;
    return readWholeFile(file);
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? null : { error: error as Error };
  }
}

function wholeCursor(file: string, identity: ReturnType<typeof fileIdentity>): FileCursor {
  return { path: file, ...identity, byteOffset: identity.size, lineNumber: 0 };
}

export function* readDvcliveRun(runFolder: string, cursors: CursorLookup): Generator<FileBatch> {
  // ENOENT here (the run folder itself vanished) propagates: ingest removes the run.
  const names = new Set(fs.readdirSync(runFolder));
  const label = (file: string) => path.relative(runFolder, file).split(path.sep).join('/');
  const summaryFile = path.join(runFolder, dvcliveNames.summary);
  const paramsFile = path.join(runFolder, dvcliveNames.params);
  const host = names.has(dvcliveNames.summary) ? summaryFile : names.has(dvcliveNames.params) ? paramsFile : null;
  const prev = host ? runStateOf(cursors.cursorFor(host)) : null;
  const run: RunState = prev ? { ...prev } : initialRunState();
  const latest = new Map<string, FileCursor>();

  /** A batch; the host's cursor carries the run state as it is now. */
  const batch = (file: string, records: RunRecord[], cursor: FileCursor, fromStart: boolean): FileBatch => {
    if (file === host) cursor = { ...cursor, state: JSON.stringify({ ...parseState(cursor), run }) };
    latest.set(file, cursor);
    return { file, records, cursor, fromStart };
  };
  /** A problem with a file, reported once until the file or the problem changes. */
  const problem = (file: string, message: string): FileBatch | null => {
    let identity = { size: 0, mtimeMs: 0, inode: '' };
    try {
      identity = fileIdentity(statOrNull(file) ?? fs.lstatSync(file));
    } catch {
      // reported with an empty identity
    }
    const before = cursors.cursorFor(file);
    if (before && !wholeFileChanged(before, identity) && parseState(before).err === message) return null;
    const cursor = { ...wholeCursor(file, identity), byteOffset: 0, state: JSON.stringify({ err: message }) };
    return batch(file, [{ kind: 'warning', message: `${label(file)}: ${message}`, count: 1 }], cursor, true);
  };

  const problems: ListingProblem[] = [];
  const seen = new Set<string>();
  const tsvs = listFiles(path.join(runFolder, dvcliveNames.plots, 'metrics'), '.tsv', problems, seen).map((f) => ({
    file: f.file,
    key: f.rel.slice(0, -'.tsv'.length),
  }));
  const plotFiles = evaluationPlotFolders.flatMap((folder) => listFiles(path.join(runFolder, dvcliveNames.plots, folder), '.json', problems, seen));
  for (const p of problems) {
    const b = problem(p.file, p.message);
    if (b) yield b;
  }
  const tsvKeys = tsvs.map((t) => t.key);
  const tsvKeySet = new Set(tsvKeys);
  const keysChanged = !sameList(run.tsvKeys, tsvKeys);
  // Series whose TSV vanished are void: DVCLive's `Live(resume=False)` deletes the folder's files first.
  let pendingVoid = run.tsvKeys.filter((key) => !tsvKeySet.has(key));

  // 1. metrics.json, before the TSVs: a key it fed that now has a TSV is voided before the TSV is read.
  if (names.has(dvcliveNames.summary)) {
    const before = cursors.cursorFor(summaryFile);
    const read = readIfChanged(summaryFile, before, keysChanged);
    if (read && 'error' in read) {
      const b = problem(summaryFile, `could not read: ${read.error.message}`);
      if (b) yield b;
    } else if (read) {
      const records: RunRecord[] = [];
      let summary: Map<string, number> | null = null;
      let step = 0;
      if ('tooLarge' in read) {
        records.push({ kind: 'warning', message: `${label(summaryFile)}: ${read.tooLarge} bytes, too large for a DVCLive summary; not read`, count: 1 });
      } else if (read.text.trim() !== '') {
        // (Empty: DVCLive truncates before it writes; the next write brings the content.)
        try {
          const parsed = parseJsonTolerant(read.text);
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
          summary = summaryValues(parsed as Record<string, unknown>);
          const rawStep = (parsed as Record<string, unknown>).step;
          step = typeof rawStep === 'number' && Number.isFinite(rawStep) ? rawStep : 0;
        } catch (error) {
          records.push({ kind: 'warning', message: `${label(summaryFile)}: not valid JSON (${(error as Error).message})`, count: 1 });
        }
      }
      const voidKeys = new Set(pendingVoid);
      const points: MetricPoints = new Map();
      if (summary) {
        for (const key of run.summary) voidKeys.add(key);
        const timestamp = Math.round(read.identity.mtimeMs);
        for (const [key, value] of summary) {
          if (tsvKeySet.has(key)) continue;
          voidKeys.add(key);
          addPoint(points, key, step, timestamp, value);
        }
        run.summary = [...points.keys()];
      }
      if (voidKeys.size > 0) records.unshift({ kind: 'voidMetrics', keys: [...voidKeys] });
      if (points.size > 0) records.push({ kind: 'metrics', points });
      pendingVoid = [];
      run.tsvKeys = tsvKeys;
      yield batch(summaryFile, records, wholeCursor(summaryFile, read.identity), true);
    }
  }

  // 2. The metric histories, each from where it stopped.
  let minTimestamp: number | null = null;
  for (const tsv of tsvs) {
    const cursor = cursors.cursorFor(tsv.file);
    let minTs = parseTsvState(cursor?.state)?.minTs ?? null;
    try {
      for (const b of readTsv(tsv.file, tsv.key, label(tsv.file), cursor)) {
        const records: RunRecord[] = b.restarted ? [{ kind: 'voidMetrics', keys: [tsv.key] }, ...b.records] : b.records;
        minTs = b.state.minTs;
        yield batch(tsv.file, records, b.cursor, b.fromStart);
      }
    } catch (error) {
      // Deleted between listing and reading: skipped; the next read sees it gone.
      if (errorCode(error) === 'ENOENT') continue;
      const b = problem(tsv.file, `could not read: ${(error as Error).message}`);
      if (b) yield b;
    }
    if (minTs !== null && (minTimestamp === null || minTs < minTimestamp)) minTimestamp = minTs;
  }

  // 3. params.yaml, flattened.
  if (names.has(dvcliveNames.params)) {
    const read = readIfChanged(paramsFile, cursors.cursorFor(paramsFile), false);
    if (read && 'error' in read) {
      const b = problem(paramsFile, `could not read: ${read.error.message}`);
      if (b) yield b;
    } else if (read) {
      const records: RunRecord[] = [];
      if ('tooLarge' in read) {
        records.push({ kind: 'warning', message: `${label(paramsFile)}: ${read.tooLarge} bytes, too large for params; not read`, count: 1 });
      } else {
        try {
          const { values, truncated } = flattenParams(read.text);
          records.push({ kind: 'params', values, complete: !truncated });
          if (truncated) records.push({ kind: 'warning', message: `${label(paramsFile)}: more than 10000 params; the rest not read`, count: 1 });
        } catch (error) {
          records.push({ kind: 'warning', message: `${label(paramsFile)}: not readable as params (${(error as Error).message})`, count: 1 });
        }
      }
      yield batch(paramsFile, records, wholeCursor(paramsFile, read.identity), true);
    }
  }

  // 4. Evaluation plots (confusion matrix, ROC, PR, calibration, DET, custom) as artifacts.
  for (const plot of plotFiles) {
    const stat = statOrNull(plot.file);
    if (!stat) continue;
    const identity = fileIdentity(stat);
    if (!wholeFileChanged(cursors.cursorFor(plot.file), identity)) continue;
    yield batch(plot.file, [{ kind: 'artifact', path: label(plot.file), size: stat.size }], wholeCursor(plot.file, identity), true);
  }

  // 5. The header, tags and leftover voids, on the host, when they changed.
  if (!host) return;
  const hostCursor = latest.get(host) ?? cursors.cursorFor(host);
  if (!hostCursor) return;
  let startTime = minTimestamp;
  if (startTime === null) {
    // No timestamps (DVCLive writes them only with `timestamp=True`): the earliest time a summary or params file was seen.
    const times = [summaryFile, paramsFile].map((f) => statOrNull(f)?.mtimeMs).filter((t): t is number => t !== undefined);
    if (run.fallback !== null && run.fallbackInode === hostCursor.inode) times.push(run.fallback);
    startTime = times.length ? Math.round(Math.min(...times)) : null;
    run.fallback = startTime;
    run.fallbackInode = hostCursor.inode;
  }
  const { tags, parentId } = dvcYamlTags(runFolder, names, run);
  const tagsJson = JSON.stringify(tags);
  const headerChanged = !run.header || run.startTime !== startTime;
  const tagsChanged = tagsJson !== run.tags;
  const stateChanged = !sameList(run.tsvKeys, tsvKeys) || parentId !== run.parentDvcYaml || (prev?.fallback ?? null) !== run.fallback;
  if (!headerChanged && !tagsChanged && !stateChanged && pendingVoid.length === 0) return;
  const records: RunRecord[] = [];
  if (pendingVoid.length > 0) records.push({ kind: 'voidMetrics', keys: pendingVoid });
  if (headerChanged) {
    // No run name (ingest names the run by its path) and no experiment: DVC groups runs only by repository, which is the project.
    records.push({ kind: 'header', sourceRunId: null, name: null, experiment: null, startTime, heartbeatIntervalMs: null });
  }
  if (tagsChanged) records.push({ kind: 'tags', values: tags, complete: true });
  Object.assign(run, { header: true, startTime, tags: tagsJson, parentDvcYaml: parentId, tsvKeys });
  yield batch(host, records, hostCursor, false);
}

export const dvcliveFormat: RunFolderFormat = {
  source: 'dvclive',
  isRunFolder: isDvcliveRunFolder,
  readRun: readDvcliveRun,
};
