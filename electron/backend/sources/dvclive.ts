// Reader of DVCLive output folders (`Live(dir="dvclive")`): the metric
// histories in plots/metrics/**.tsv read incrementally, metrics.json for the
// metrics that have no history, params.yaml, and the evaluation plots in
// plots/sklearn and plots/custom as artifacts. The file formats are parsed in
// dvcliveFiles.ts; this module decides what to read and what it means.
//
// What a run remembers between reads (the TSV keys it saw, the keys it took
// from metrics.json, the start time it reported) lives in the state of one
// host file's cursor: metrics.json, or params.yaml when there is none.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { flattenParams, parseJsonTolerant, parseTsvState, readTsv, summaryValues } from './dvcliveFiles';
import { fileIdentity } from './lineReader';
import {
  addPoint,
  wholeFileChanged,
  type CursorLookup,
  type FileBatch,
  type FileCursor,
  type MetricPoints,
  type RunFolderFormat,
  type RunRecord,
} from './records';

export const dvcliveNames = {
  summary: 'metrics.json',
  params: 'params.yaml',
  dvcYaml: 'dvc.yaml',
  plots: 'plots',
  defaultFolder: 'dvclive',
} as const;

/** The evaluation plots DVCLive writes (log_sklearn_plot, log_plot), listed as artifacts for evaluation views. */
const evaluationPlotFolders = ['sklearn', 'custom'] as const;
const maxParentDvcYamlBytes = 1024 * 1024;
/** Whole files (metrics.json, params.yaml) larger than this are not DVCLive's: skipped with a warning. */
const maxWholeFileBytes = 16 * 1024 * 1024;

// ------------------------------------------------------------------ detection

/** Whether a folder below `dir` (to depth 3) holds a .tsv; bounded, for detection. */
function holdsTsv(dir: string, depth = 0): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.some((entry) => entry.name.endsWith('.tsv') && !entry.isDirectory())) return true;
  if (depth >= 3) return false;
  return entries.slice(0, 200).some((entry) => !entry.isFile() && holdsTsv(path.join(dir, entry.name), depth + 1));
}

/**
 * A DVCLive output folder: metric histories in plots/metrics (the files
 * DVCLive alone writes there), or a metrics.json in a folder with DVCLive's
 * default name. A lone metrics.json elsewhere is too common to claim (DVC
 * pipelines write their own), and so are other trackers' run folders.
 */
export function isDvcliveRunFolder(folder: string, names: ReadonlySet<string>): boolean {
  const hasSummary = names.has(dvcliveNames.summary);
  const hasPlots = names.has(dvcliveNames.plots);
  if (!hasSummary && !hasPlots) return false;
  if (names.has('run.json') || names.has('meta.yaml') || names.has('MLmodel')) return false;
  for (const name of names) if (name.startsWith('events.out.tfevents.')) return false;
  if (hasPlots && holdsTsv(path.join(folder, dvcliveNames.plots, 'metrics'))) return true;
  return hasSummary && path.basename(folder) === dvcliveNames.defaultFolder;
}

// ------------------------------------------------------------------ files of the folder

type WholeFile = { text: string; identity: ReturnType<typeof fileIdentity> } | { tooLarge: number; identity: ReturnType<typeof fileIdentity> };

/** Reads a small file whole through one descriptor, so identity and text agree. Throws ENOENT if it vanished. */
function readWholeFile(file: string, limit = maxWholeFileBytes): WholeFile {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const identity = fileIdentity(stat);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    if (stat.size > limit) return { tooLarge: stat.size, identity };
    return { text: fs.readFileSync(fd, 'utf8'), identity };
  } finally {
    fs.closeSync(fd);
  }
}

interface ListedFile {
  file: string;
  /** Path below the walked folder, `/`-separated. */
  rel: string;
}

interface ListingProblem {
  file: string;
  message: string;
}

const maxWalkDepth = 16;

/**
 * Files ending in `ext` below `base`, sorted. Follows symlinks (DVC's cache
 * may link files into the workspace) but enters no folder twice, so a
 * symlink loop ends (`seen`, real paths, may be shared by several walks);
 * loops, unreadable folders and links that cannot be resolved are problems.
 */
function listFiles(base: string, ext: string, problems: ListingProblem[], seen = new Set<string>()): ListedFile[] {
  const out: ListedFile[] = [];
  try {
    seen.add(fs.realpathSync(base));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ file: base, message: `cannot read folder: ${(error as Error).message}` });
    return out;
  }
  const visit = (dir: string, rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ file: dir, message: `cannot read folder: ${(error as Error).message}` });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (!isDir && !isFile) {
        try {
          const stat = fs.statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') problems.push({ file: full, message: 'symlink loop skipped' });
          else if (code !== 'ENOENT') problems.push({ file: full, message: `cannot follow link: ${(error as Error).message}` });
          continue;
        }
      }
      if (isFile) {
        if (entry.name.endsWith(ext) && entry.name.length > ext.length) out.push({ file: full, rel: childRel });
        continue;
      }
      if (!isDir) continue;
      let real: string;
      try {
        real = fs.realpathSync(full);
      } catch {
        continue;
      }
      if (seen.has(real)) {
        problems.push({ file: full, message: 'symlink loop skipped: the folder was already read' });
        continue;
      }
      if (depth + 1 >= maxWalkDepth) {
        problems.push({ file: full, message: `folder nested deeper than ${maxWalkDepth} levels skipped` });
        continue;
      }
      seen.add(real);
      visit(full, childRel, depth + 1);
    }
  };
  visit(base, '', 0);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

// ------------------------------------------------------------------ run state

interface RunState {
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
}

function initialRunState(): RunState {
  return { summary: [], tsvKeys: [], header: false, startTime: null, fallback: null, fallbackInode: null, tags: '{}', parentDvcYaml: null };
}

function parseState(cursor: FileCursor | null): Record<string, unknown> {
  if (!cursor?.state) return {};
  try {
    const parsed = JSON.parse(cursor.state) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function runStateOf(cursor: FileCursor | null): RunState | null {
  const run = parseState(cursor).run as Partial<RunState> | undefined;
  if (!run || typeof run !== 'object' || !Array.isArray(run.summary) || !Array.isArray(run.tsvKeys)) return null;
  return { ...initialRunState(), ...run };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

// ------------------------------------------------------------------ tags from dvc.yaml

/** Paths a dvc.yaml section lists: plain strings, or the keys of `{path: options}` entries. */
function listedPaths(section: unknown): string[] {
  if (!Array.isArray(section)) return [];
  return section.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry && typeof entry === 'object' ? Object.keys(entry) : []));
}

/**
 * Which dvc.yaml declares this folder's outputs. DVCLive 2.x (and 3.x with
 * `dvcyaml=True` before 3.? moved it) writes `<dir>/dvc.yaml`; later 3.x
 * writes the project's root dvc.yaml, and a DVC pipeline stage may list the
 * folder among its outputs. The parent's dvc.yaml is the one file outside the
 * run folder read, only when the folder has none of its own, only to name the
 * layout and the stage, and only again when it changes.
 */
function dvcYamlTags(runFolder: string, names: ReadonlySet<string>, run: RunState): { tags: Record<string, string>; parentId: string | null } {
  if (names.has(dvcliveNames.dvcYaml)) return { tags: { 'dvclive.dvcyaml': 'dvc.yaml' }, parentId: null };
  const parentFile = path.join(path.dirname(runFolder), dvcliveNames.dvcYaml);
  let parentId: string;
  try {
    const stat = fs.statSync(parentFile);
    parentId = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (parentId === run.parentDvcYaml) return { tags: JSON.parse(run.tags) as Record<string, string>, parentId };
    if (!stat.isFile() || stat.size > maxParentDvcYamlBytes) return { tags: {}, parentId };
  } catch {
    return { tags: {}, parentId: null };
  }
  const base = path.basename(runFolder);
  const refersHere = (paths: string[]) =>
    paths.some((p) => {
      const clean = p.replace(/^\.\//, '').replace(/\/+$/, '');
      return clean === base || clean.startsWith(`${base}/`);
    });
  try {
    const doc = parseYaml(fs.readFileSync(parentFile, 'utf8'), { uniqueKeys: false, maxAliasCount: 100 }) as Record<string, unknown> | null;
    if (!doc || typeof doc !== 'object') return { tags: {}, parentId };
    const stages = doc.stages && typeof doc.stages === 'object' ? Object.entries(doc.stages as Record<string, unknown>) : [];
    for (const [name, stage] of stages) {
      if (!stage || typeof stage !== 'object') continue;
      const s = stage as Record<string, unknown>;
      if (refersHere([...listedPaths(s.outs), ...listedPaths(s.metrics), ...listedPaths(s.plots)])) {
        return { tags: { 'dvclive.dvcyaml': '../dvc.yaml', 'dvclive.stage': name }, parentId };
      }
    }
    if (refersHere([...listedPaths(doc.metrics), ...listedPaths(doc.plots), ...listedPaths(doc.params)])) {
      return { tags: { 'dvclive.dvcyaml': '../dvc.yaml' }, parentId };
    }
  } catch {
    // The project's pipeline file is not ours to judge: an unreadable one only means no layout tag.
  }
  return { tags: {}, parentId };
}

// ------------------------------------------------------------------ reading

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

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
          if (Object.keys(values).length > 0) records.push({ kind: 'params', values });
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
  if (tagsChanged && Object.keys(tags).length > 0) records.push({ kind: 'tags', values: tags });
  Object.assign(run, { header: true, startTime, tags: tagsJson, parentDvcYaml: parentId, tsvKeys });
  yield batch(host, records, hostCursor, false);
}

export const dvcliveFormat: RunFolderFormat = {
  source: 'dvclive',
  isRunFolder: isDvcliveRunFolder,
  readRun: readDvcliveRun,
};
