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
import { problemCursor } from '../fileProblems';
import { isMissing, problemOf, readTextCapped, statOrNull } from '../safeFile';
import { dvcliveNames, isDvcliveRunFolder } from './detect';
import { dvcYamlTags } from './dvcYaml';
import { errorCode, listFiles, maxParamsBytes, maxSummaryBytes, type ListingProblem } from './files';
import { maxSummaryKeys, parseJsonTolerant, summaryValues } from './metricsJson';
import { flattenParams, maxParams, maxParamValueChars } from './params';
import { initialRunState, parseState, runStateOf, sameList, type RunState } from './runState';
import { readTsv } from './tsvFile';
import { parseTsvState } from './tsvParser';

/** The evaluation plots DVCLive writes (log_sklearn_plot, log_plot), listed as artifacts for evaluation views. */
const evaluationPlotFolders = ['sklearn', 'custom'] as const;

type Identity = ReturnType<typeof fileIdentity>;
/** A small file read whole: its text, or too large to read (a warning, not a problem: its identity says when to look again). */
type WholeFile = { text: string; invalidUtf8: boolean; identity: Identity } | { tooLarge: number; identity: Identity };

/**
 * The file read whole (up to `maxBytes`) when it changed since its cursor (or
 * when forced, or after a problem); null when unchanged or gone; `problem`
 * when it cannot be read (not a regular file, a symlink loop, no permission).
 */
function readIfChanged(file: string, cursor: FileCursor | null, force: boolean, maxBytes: number): WholeFile | { problem: string } | null {
  let stat: fs.Stats | null;
  try {
    stat = statOrNull(file);
  } catch (error) {
    return { problem: problemOf(error) };
  }
  if (!stat) return null;
  if (!force && !wholeFileChanged(cursor, fileIdentity(stat)) && !parseState(cursor).err) return null;
  try {
    const read = readTextCapped(file, maxBytes);
    return { text: read.text, invalidUtf8: read.invalidUtf8, identity: fileIdentity(read.stat) };
  } catch (error) {
    if (isMissing(error)) return null;
    if (errorCode(error) === 'ETOOLARGE') return { tooLarge: maxBytes, identity: fileIdentity(stat) };
    return { problem: problemOf(error) };
  }
}

function wholeCursor(file: string, identity: Identity): FileCursor {
  return { path: file, ...identity, byteOffset: identity.size, lineNumber: 0 };
}

/** The file's mtime, or null when it cannot be seen. */
function mtimeOrNull(file: string): number | null {
  try {
    return statOrNull(file)?.mtimeMs ?? null;
  } catch {
    return null;
  }
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
  /** The host's warnings were cleared in this read (it was read from its start). */
  let hostFromStart = false;

  /** A batch; the host's cursor carries the run state as it is now. */
  const batch = (file: string, records: RunRecord[], cursor: FileCursor, fromStart: boolean): FileBatch => {
    if (file === host) {
      cursor = { ...cursor, state: JSON.stringify({ ...parseState(cursor), run }) };
      if (fromStart) hostFromStart = true;
    }
    latest.set(file, cursor);
    return { file, records, cursor, fromStart };
  };
  /**
   * A problem with a file, reported once until the problem changes. Its
   * cursor resumes nothing: once the file can be read it is read from its
   * first byte (a TSV's series voided first), never resumed at a stale offset.
   */
  const problem = (file: string, message: string): FileBatch | null => {
    const before = cursors.cursorFor(file);
    if (before && parseState(before).err === message) return null;
    return batch(file, [{ kind: 'warning', message: `${label(file)}: ${message}`, count: 1 }], problemCursor(file, message, before?.byteOffset ?? 0), true);
  };

  const problems: ListingProblem[] = [];
  const seen = new Set<string>();
  const tsvListing = listFiles(path.join(runFolder, dvcliveNames.plots, 'metrics'), '.tsv', problems, seen);
  const keyOf = (rel: string) => rel.slice(0, -'.tsv'.length);
  const tsvs = tsvListing.files.map((f) => ({ file: f.file, key: keyOf(f.rel) }));
  const plotFiles = evaluationPlotFolders.flatMap((folder) => listFiles(path.join(runFolder, dvcliveNames.plots, folder), '.json', problems, seen).files);
  for (const p of problems) {
    const b = problem(p.file, p.message);
    if (b) yield b;
  }
  // Keys with a TSV: those read, those there but unreadable (a FIFO, a loop: not gone), and
  // after a partial listing (a folder that cannot be read) those known before too.
  let tsvKeys = [...tsvs.map((t) => t.key), ...tsvListing.unread.map((f) => keyOf(f.rel))].sort();
  if (tsvListing.incomplete) tsvKeys = [...new Set([...run.tsvKeys, ...tsvKeys])].sort();
  const tsvKeySet = new Set(tsvKeys);
  const keysChanged = !sameList(run.tsvKeys, tsvKeys);
  // Series whose TSV vanished are void: DVCLive's `Live(resume=False)` deletes the folder's files first.
  // Only a TSV that is really gone counts (ENOENT): one that cannot be read keeps its series.
  let pendingVoid = run.tsvKeys.filter((key) => !tsvKeySet.has(key));

  // 1. metrics.json, before the TSVs: a key it fed that now has a TSV is voided before the TSV is read.
  if (names.has(dvcliveNames.summary)) {
    const before = cursors.cursorFor(summaryFile);
    const read = readIfChanged(summaryFile, before, keysChanged, maxSummaryBytes);
    if (read && 'problem' in read) {
      const b = problem(summaryFile, read.problem);
      if (b) yield b;
    } else if (read) {
      const records: RunRecord[] = [];
      let summary: Map<string, number> | null = null;
      let step = 0;
      if ('tooLarge' in read) {
        records.push({ kind: 'warning', message: `${label(summaryFile)}: is larger than ${read.tooLarge} bytes: not read (too large for a DVCLive summary)`, count: 1 });
      } else if (read.text.trim() !== '') {
        // (Empty: DVCLive truncates before it writes; the next write brings the content.)
        if (read.invalidUtf8) records.push({ kind: 'warning', message: `${label(summaryFile)}: not valid UTF-8: the bytes that are not were read as U+FFFD`, count: 1 });
        try {
          const parsed = parseJsonTolerant(read.text);
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
          const values = summaryValues(parsed as Record<string, unknown>);
          summary = values.summary;
          if (values.truncated) records.push({ kind: 'warning', message: `${label(summaryFile)}: more than ${maxSummaryKeys} metrics; the rest not read`, count: 1 });
          const rawStep = (parsed as Record<string, unknown>).step;
          step = typeof rawStep === 'number' && Number.isFinite(rawStep) ? rawStep : 0;
        } catch (error) {
          records.push({ kind: 'warning', message: `${label(summaryFile)}: not valid JSON (${(error as Error).message.slice(0, 200)})`, count: 1 });
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
      if (isMissing(error)) continue;
      // Anything else (a FIFO swapped in, no permission): a warning; the series stands.
      const b = problem(tsv.file, problemOf(error));
      if (b) yield b;
    }
    if (minTs !== null && (minTimestamp === null || minTs < minTimestamp)) minTimestamp = minTs;
  }

  // 3. params.yaml, flattened. Not parsed past its cap, nor when it is not a mapping: the params read before stay.
  if (names.has(dvcliveNames.params)) {
    const read = readIfChanged(paramsFile, cursors.cursorFor(paramsFile), false, maxParamsBytes);
    if (read && 'problem' in read) {
      const b = problem(paramsFile, read.problem);
      if (b) yield b;
    } else if (read) {
      const records: RunRecord[] = [];
      if ('tooLarge' in read) {
        records.push({ kind: 'warning', message: `${label(paramsFile)}: is larger than ${read.tooLarge} bytes: not read (the params read before stay)`, count: 1 });
      } else if (read.text.trim() !== '') {
        // (Empty: DVCLive truncates before it writes; the next write brings the params.)
        if (read.invalidUtf8) records.push({ kind: 'warning', message: `${label(paramsFile)}: not valid UTF-8: the bytes that are not were read as U+FFFD`, count: 1 });
        try {
          const { values, truncated, cut } = flattenParams(read.text);
          records.push({ kind: 'params', values, complete: !truncated });
          if (truncated) records.push({ kind: 'warning', message: `${label(paramsFile)}: more than ${maxParams} params; the rest not read`, count: 1 });
          if (cut > 0) records.push({ kind: 'warning', message: `${label(paramsFile)}: values longer than ${maxParamValueChars} characters were cut`, count: cut });
        } catch (error) {
          records.push({ kind: 'warning', message: `${label(paramsFile)}: not readable as params (${(error as Error).message.slice(0, 200)})`, count: 1 });
        }
      }
      yield batch(paramsFile, records, wholeCursor(paramsFile, read.identity), true);
    }
  }

  // 4. Evaluation plots (confusion matrix, ROC, PR, calibration, DET, custom) as artifacts.
  for (const plot of plotFiles) {
    let stat: fs.Stats | null;
    try {
      stat = statOrNull(plot.file);
    } catch {
      continue; // the listing said why
    }
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
    const times = [summaryFile, paramsFile].map(mtimeOrNull).filter((t): t is number => t !== null);
    if (run.fallback !== null && run.fallbackInode === hostCursor.inode) times.push(run.fallback);
    startTime = times.length ? Math.round(Math.min(...times)) : null;
    run.fallback = startTime;
    run.fallbackInode = hostCursor.inode;
  }
  const { tags, parentId, problem: parentProblem } = dvcYamlTags(runFolder, names, run);
  const tagsJson = JSON.stringify(tags);
  const headerChanged = !run.header || run.startTime !== startTime;
  const tagsChanged = tagsJson !== run.tags;
  const problemChanged = parentProblem !== (run.parentProblem ?? null);
  const stateChanged = !sameList(run.tsvKeys, tsvKeys) || parentId !== run.parentDvcYaml || (prev?.fallback ?? null) !== run.fallback || problemChanged;
  // The parent dvc.yaml's problem is kept with the host's warnings: said again when those were cleared.
  const warnParent = parentProblem !== null && (problemChanged || parentId !== run.parentDvcYaml || hostFromStart);
  if (!headerChanged && !tagsChanged && !stateChanged && !warnParent && pendingVoid.length === 0) return;
  const records: RunRecord[] = [];
  if (pendingVoid.length > 0) records.push({ kind: 'voidMetrics', keys: pendingVoid });
  if (warnParent) records.push({ kind: 'warning', message: `../${dvcliveNames.dvcYaml}: ${parentProblem}`, count: 1 });
  if (headerChanged) {
    // No run name (ingest names the run by its path) and no experiment: DVC groups runs only by repository, which is the project.
    records.push({ kind: 'header', sourceRunId: null, name: null, experiment: null, startTime, heartbeatIntervalMs: null });
  }
  if (tagsChanged) records.push({ kind: 'tags', values: tags, complete: true });
  Object.assign(run, { header: true, startTime, tags: tagsJson, parentDvcYaml: parentId, parentProblem, tsvKeys });
  yield batch(host, records, hostCursor, false);
}

export const dvcliveFormat: RunFolderFormat = {
  source: 'dvclive',
  isRunFolder: isDvcliveRunFolder,
  readRun: readDvcliveRun,
  // DVCLive's default folder name says nothing: "exp1/dvclive" is the run "exp1".
  runName: (relative) => (relative.endsWith('/dvclive') ? relative.slice(0, -'/dvclive'.length) : relative),
};
