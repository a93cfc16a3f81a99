// Reader of MLflow's file store (`mlruns/`), learnt from MLflow's
// mlflow/store/tracking/file_store.py:
//
//   mlruns/<experiment id>/meta.yaml               name, lifecycle_stage, artifact_location
//   mlruns/<experiment id>/<run id>/meta.yaml      run_id, run_name (2.x), status (a code), times, lifecycle_stage, artifact_uri
//   .../<run id>/params/<key>, tags/<key>          one file per key, the whole file is the value ('/' in a key: folders)
//   .../<run id>/metrics/<key>                     `timestamp value step` lines, appended
//   .../<run id>/artifacts/                        files, when artifact_uri is this folder
//   .../<run id>/inputs/<input id>/meta.yaml       a dataset input: source_id, tags (mlflow.data.context)
//   mlruns/<experiment id>/datasets/<id>/meta.yaml name, digest, source_type
//   mlruns/.trash/<experiment id>/<run id>/        runs of a deleted experiment
//
// Small whole files are re-read only when they changed: meta.yaml through its
// own cursor, and each of params/, tags/, artifacts/, inputs/ through one
// cursor for the whole folder whose identity is a digest of its files' names,
// sizes, mtimes and inodes (a run with 105 params is one cursor and one
// batch, not 105). Metric files are read incrementally, one cursor each.
import fs from 'node:fs';
import path from 'node:path';
import { fileIdentity } from '../lineReader';
import { wholeFileChanged, type CursorLookup, type FileBatch, type FileCursor, type RunFolderFormat, type RunRecord } from '../records';
import { listArtifacts, localArtifactFolder } from './artifacts';
import { readDatasets } from './datasets';
import { describeValue, identityOf, intOf, isMissing, listKeyFiles, maxValueBytes, nonEmptyText, readKeyValues, readMetaYaml, textOf, type YamlMapping } from './meta';
import { readRunMetrics } from './metricFiles';
import { mlflowRunStatus } from './status';
import { problemBatch } from '../fileProblems';
import { problemOf, readTextCapped, statOrNull } from '../safeFile';

const runChildren = ['metrics', 'params', 'tags', 'artifacts'] as const;

/**
 * A run folder of an MLflow file store: a meta.yaml beside at least one of
 * metrics/, params/, tags/, artifacts/, in a folder that holds an experiment's
 * meta.yaml. Registry versions (models/<name>/version-N) look alike and are not runs.
 */
export function isMlflowRunFolder(folder: string, names: ReadonlySet<string>): boolean {
  if (!names.has('meta.yaml') || !runChildren.some((name) => names.has(name))) return false;
  const parent = path.dirname(folder);
  if (/^version-\d+$/.test(path.basename(folder)) && path.basename(path.dirname(parent)) === 'models') return false;
  // Is there, as an entry: an experiment meta.yaml that cannot be read (a loop, a FIFO) is said by the reader, not hidden.
  try {
    fs.lstatSync(path.join(parent, 'meta.yaml'));
    return true;
  } catch {
    return false;
  }
}


/** A file's identity as text, for noticing that it changed ('none' when it cannot be seen). */
function identityText(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch (error) {
    return `none:${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
}

/** What the header batch keeps in its cursor's state: the other files it read, and the run's artifact URI. */
interface HeaderState {
  inputs: string;
  artifactUri: string | null;
}

function parseHeaderState(cursor: FileCursor | null): HeaderState | null {
  if (!cursor?.state) return null;
  try {
    const state = JSON.parse(cursor.state) as HeaderState | null;
    return state && typeof state.inputs === 'string' ? state : null;
  } catch {
    return null;
  }
}

function warning(message: string): RunRecord {
  return { kind: 'warning', message, count: 1 };
}

/** The run's name: run_name (2.x), the 1.x `name` field, else the mlflow.runName tag. */
function runName(meta: YamlMapping | null, runFolder: string): string | null {
  const fromMeta = meta ? (nonEmptyText(meta.run_name) ?? nonEmptyText(meta.name)) : null;
  if (fromMeta) return fromMeta;
  try {
    return readTextCapped(path.join(runFolder, 'tags', 'mlflow.runName'), maxValueBytes, { cut: true }).text || null;
  } catch {
    // Gone or unreadable: the tags/ batch says why.
    return null;
  }
}

/** Header and status from meta.yaml (with the experiment's meta.yaml), when any of the files they come from changed. */
function* readHeader(runFolder: string, cursors: CursorLookup, state: { artifactUri: string | null }): Generator<FileBatch> {
  const metaFile = path.join(runFolder, 'meta.yaml');
  const before = cursors.cursorFor(metaFile);
  let stat: fs.Stats | null;
  try {
    stat = statOrNull(metaFile);
  } catch (error) {
    // A symlink loop, a dangling link: said once, looked at again on every read.
    const batch = problemBatch(metaFile, `meta.yaml ${problemOf(error)}`, before);
    if (batch) yield batch;
    return;
  }
  if (!stat) {
    // The whole run went away (ENOENT propagates), or only its meta.yaml did: nothing to read.
    fs.statSync(runFolder);
    return;
  }
  const experimentFolder = path.dirname(runFolder);
  const experimentMetaFile = path.join(experimentFolder, 'meta.yaml');
  // The experiment's tags go with every run's header: a run read alone (the watcher) still brings them.
  const experimentTagFiles = listKeyFiles(path.join(experimentFolder, 'tags'));
  const experimentTagsIdentity = experimentTagFiles ? identityOf(experimentTagFiles.files).inode : 'none';
  const inputs = `${identityText(experimentMetaFile)}|${identityText(path.join(runFolder, 'tags', 'mlflow.runName'))}|${experimentTagsIdentity}`;
  const identity = fileIdentity(stat);
  const previous = parseHeaderState(before);
  if (!wholeFileChanged(before, identity) && previous?.inputs === inputs) {
    state.artifactUri = previous.artifactUri;
    return;
  }
  const records: RunRecord[] = [];
  let run: ReturnType<typeof readMetaYaml>;
  try {
    run = readMetaYaml(metaFile);
  } catch (error) {
    // Deleted since it was seen: the run (or its meta.yaml) is gone; the next read sees which.
    if (isMissing(error)) return;
    throw error;
  }
  if (run.problem) records.push(warning(`meta.yaml ${run.problem}`));
  if (run.note) records.push(warning(`meta.yaml ${run.note}`));
  let experiment: YamlMapping | null = null;
  try {
    const read = readMetaYaml(experimentMetaFile);
    if (read.problem) records.push(warning(`the experiment's ../meta.yaml ${read.problem}`));
    if (read.note) records.push(warning(`the experiment's ../meta.yaml ${read.note}`));
    experiment = read.data;
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const meta = run.data;
  const experimentId = textOf(meta?.experiment_id) ?? textOf(experiment?.experiment_id) ?? path.basename(experimentFolder);
  if (meta && textOf(meta.experiment_id) !== null && textOf(meta.experiment_id) !== path.basename(experimentFolder)) {
    records.push(warning(`meta.yaml: experiment_id ${textOf(meta.experiment_id)} is not its folder's ${path.basename(experimentFolder)} (MLflow ignores such a run)`));
  }
  const inTrash = path.basename(path.dirname(experimentFolder)) === '.trash';
  const experimentTags = experimentTagFiles ? readKeyValues(experimentTagFiles.files, 'experiment tag') : null;
  records.unshift({
    kind: 'header',
    sourceRunId: nonEmptyText(meta?.run_id) ?? nonEmptyText(meta?.run_uuid) ?? path.basename(runFolder),
    name: runName(meta, runFolder),
    experiment: nonEmptyText(experiment?.name) ?? experimentId,
    // The mlruns folder (for a run in .trash, the one above .trash).
    experimentLocation: inTrash ? path.dirname(path.dirname(experimentFolder)) : path.dirname(experimentFolder),
    startTime: intOf(meta?.start_time),
    heartbeatIntervalMs: null,
    deleted: meta?.lifecycle_stage === 'deleted' || experiment?.lifecycle_stage === 'deleted' || inTrash,
    experimentTags: experimentTags?.values ?? {},
  });
  for (const problem of experimentTags?.problems ?? []) records.push(warning(`the experiment's tags/: ${problem}`));
  if (meta) {
    // A meta.yaml without a status is RUNNING, as MLflow reads it.
    const status = mlflowRunStatus(meta.status ?? 1);
    if (status) records.push({ kind: 'status', status, endTime: intOf(meta.end_time), reason: null });
    else records.push(warning(`meta.yaml: unknown status ${describeValue(meta.status)}`));
  }
  state.artifactUri = meta ? textOf(meta.artifact_uri) : null;
  const cursorState: HeaderState = { inputs, artifactUri: state.artifactUri };
  const cursor: FileCursor = { path: metaFile, ...identity, byteOffset: identity.size, lineNumber: 0, state: JSON.stringify(cursorState) };
  yield { file: metaFile, records, cursor, fromStart: true };
}

/** params/ or tags/ as one record, when any file in the folder changed. */
function* readValueFolder(runFolder: string, kind: 'params' | 'tags', cursors: CursorLookup): Generator<FileBatch> {
  const folder = path.join(runFolder, kind);
  const listing = listKeyFiles(folder);
  if (!listing) return;
  const identity = identityOf(listing.files, listing.problems.join('\n'));
  if (!wholeFileChanged(cursors.cursorFor(folder), identity)) return;
  const { values, problems, allRead } = readKeyValues(listing.files, kind === 'params' ? 'param' : 'tag');
  // All of them only when every file was read: a key whose file cannot be read now keeps its stored value.
  const records: RunRecord[] = [{ kind, values, complete: allRead && listing.complete && listing.unreadKeys.length === 0 }];
  for (const problem of [...listing.problems.map((p) => `${kind}/${p}`), ...problems]) records.push(warning(problem));
  const cursor: FileCursor = { path: folder, ...identity, byteOffset: identity.size, lineNumber: listing.files.length };
  yield { file: folder, records, cursor, fromStart: true };
}

/** The artifact files in the run folder, when the listing changed. Its cursor is keyed by `<run>/artifacts`. */
function* readArtifacts(runFolder: string, artifactUri: string | null, cursors: CursorLookup): Generator<FileBatch> {
  const folder = localArtifactFolder(runFolder, artifactUri);
  if (!folder) return;
  const listing = listArtifacts(runFolder, folder);
  if (!listing) return;
  const identity = identityOf(listing.entries, listing.problems.join('\n'));
  const cursorPath = path.join(runFolder, 'artifacts');
  if (!wholeFileChanged(cursors.cursorFor(cursorPath), identity)) return;
  const records: RunRecord[] = listing.entries.map((entry) => ({ kind: 'artifact', path: entry.key, size: entry.size }));
  for (const problem of listing.problems) records.push(warning(problem));
  const cursor: FileCursor = { path: cursorPath, ...identity, byteOffset: identity.size, lineNumber: listing.entries.length };
  yield { file: cursorPath, records, cursor, fromStart: true };
}

export function* readMlflowRun(runFolder: string, cursors: CursorLookup): Generator<FileBatch> {
  const state = { artifactUri: null as string | null };
  yield* readHeader(runFolder, cursors, state);
  yield* readValueFolder(runFolder, 'params', cursors);
  yield* readValueFolder(runFolder, 'tags', cursors);
  yield* readRunMetrics(runFolder, cursors);
  yield* readArtifacts(runFolder, state.artifactUri, cursors);
  yield* readDatasets(runFolder, cursors);
}

export const mlflowFileStoreFormat: RunFolderFormat = {
  source: 'mlflow',
  isRunFolder: isMlflowRunFolder,
  readRun: readMlflowRun,
};
