// The prediction tables a run offers, found only among the artifacts its
// reader recorded: the Python logger's sets (a `runlens.predictions`
// manifest beside its CSV), any other CSV, TSV, JSON-lines or Parquet artifact (mapped
// by the user), and DVCLive's plots/sklearn files shown as logged.
import path from 'node:path';
import type { ColumnMapping, LoggedPlot, PredictionSet, PredictionSetKey, RunPredictions } from '../../../shared/evaluation/predictionSets';
import { locateArtifact, type ArtifactTarget } from '../artifacts/artifactFiles';
import { artifactRunOf, artifactsUnder } from '../artifacts/queries';
import { RequestFailed } from '../handlerTypes';
import { parseJsonTolerant } from '../sources/dvclive/metricsJson';
import { readTextCapped } from '../sources/safeFile';
import type { Db } from '../store/database';
import { sortLabels } from './labels';
import { tableFormatOf, type TableFormat } from './predictionTable';
import { jobPredictionSet, type ResolvedTable } from './jobPredictions';
import { mappingsOf } from './queries';

const maxListedArtifacts = 20_000;
const maxManifestBytes = 256 * 1024;
const maxPlotBytes = 32 * 1024 * 1024;

interface Manifest {
  file: string;
  split: string;
  mapping: ColumnMapping;
  rows: number | null;
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;
}

/** A manifest's fields, or null when the JSON is not a predictions manifest. */
export function parseManifest(text: string): Manifest | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  const m = doc as Record<string, unknown>;
  if (m.format !== 'runlens.predictions' || typeof m.file !== 'string' || typeof m.label_column !== 'string') return null;
  const scores = stringList(m.score_columns);
  const classes = stringList(m.classes);
  if (!scores || !classes || scores.length === 0) return null;
  const positive = typeof m.positive === 'string' ? m.positive : null;
  const scoreClasses = scores.length === 1 ? [positive ?? classes[classes.length - 1]] : classes;
  if (scoreClasses.length !== scores.length) return null;
  return {
    file: m.file,
    split: typeof m.split === 'string' ? m.split : path.basename(m.file).replace(/\.[^.]+$/, ''),
    mapping: { label: m.label_column, scores, scoreClasses, positive: positive ?? (scores.length === 1 ? scoreClasses[0] : null) },
    rows: typeof m.rows === 'number' && Number.isSafeInteger(m.rows) ? m.rows : null,
  };
}

function readSmallText(target: ArtifactTarget, maxBytes: number): string | null {
  if (target.kind !== 'file') return null;
  try {
    return readTextCapped(target.file, maxBytes).text;
  } catch {
    return null;
  }
}

/** The run's artifacts (throws not-found for an unknown run). */
function artifactsOf(db: Db, runId: string): { path: string; size: number }[] {
  const run = artifactRunOf(db, runId);
  if (!run) throw new RequestFailed('not-found', 'No run with this id');
  return artifactsUnder(db, run.key, '', maxListedArtifacts);
}

/** The logged sets of a run, by the path of their table. */
function manifestsOf(db: Db, runId: string, artifacts: { path: string }[]): Map<string, Manifest> {
  const found = new Map<string, Manifest>();
  for (const artifact of artifacts) {
    if (!artifact.path.endsWith('.json') || path.posix.basename(path.posix.dirname(artifact.path)) !== 'predictions') continue;
    const text = readSmallText(locateArtifact(db, runId, artifact.path), maxManifestBytes);
    const manifest = text === null ? null : parseManifest(text);
    if (!manifest || manifest.file.includes('/') || manifest.file.includes('\\')) continue;
    found.set(path.posix.join(path.posix.dirname(artifact.path), manifest.file), manifest);
  }
  return found;
}

export function predictionSetsOf(db: Db, runId: string): RunPredictions {
  const artifacts = artifactsOf(db, runId);
  const manifests = manifestsOf(db, runId, artifacts);
  const mappings = mappingsOf(db, runId);
  const sets: PredictionSet[] = [];
  const loggedPlots: LoggedPlot[] = [];
  for (const artifact of artifacts) {
    const manifest = manifests.get(artifact.path);
    if (manifest) {
      sets.push({ path: artifact.path, origin: 'logged', name: manifest.split, mapping: mappings.get(artifact.path) ?? manifest.mapping, rows: manifest.rows, size: artifact.size });
    } else if (tableFormatOf(artifact.path)) {
      sets.push({ path: artifact.path, origin: 'artifact', name: path.posix.basename(artifact.path), mapping: mappings.get(artifact.path) ?? null, rows: null, size: artifact.size });
    } else if (/(^|\/)plots\/sklearn\/[^/]+\.json$/.test(artifact.path)) {
      loggedPlots.push(loggedPlotOf(artifact.path, readSmallText(locateArtifact(db, runId, artifact.path), maxPlotBytes)));
    }
  }
  return { sets, loggedPlots };
}

/** The table file, its format and the mapping in use for one set (a run's table or a job's output); throws a clear error when there is none yet. */
export function resolvePredictionSet(db: Db, key: PredictionSetKey): ResolvedTable {
  return key.jobId !== undefined ? jobPredictionSet(db, key.jobId, key.path) : resolveRunTable(db, key.runId, key.path);
}

function resolveRunTable(db: Db, runId: string, artifactPath: string): ResolvedTable {
  const format = tableFormatOf(artifactPath);
  if (!format) throw new RequestFailed('bad-request', `"${artifactPath}" is not a CSV, TSV, JSON-lines or Parquet file`);
  const target = locateArtifact(db, runId, artifactPath);
  if (target.kind === 'folder') throw new RequestFailed('bad-request', `"${artifactPath}" is a folder, not a predictions table`);
  if (target.kind === 'missing') throw new RequestFailed('not-found', `"${artifactPath}" is no longer on disk`);
  // Only this table's mapping: the user's, else a manifest beside it. Every load, page of rows and
  // group request comes through here, so the run's other manifests and plots are not read.
  const run = artifactRunOf(db, runId)!;
  const folder = path.posix.dirname(artifactPath);
  const siblings = artifactsUnder(db, run.key, folder === '.' ? '' : folder, maxListedArtifacts);
  const mapping = mappingsOf(db, runId).get(artifactPath) ?? manifestsOf(db, runId, siblings).get(artifactPath)?.mapping;
  if (!mapping) throw new RequestFailed('bad-request', `Say which columns of "${artifactPath}" hold the label and the scores first`);
  return { file: target.file, format, mapping, size: target.recordedSize };
}

const finite = (value: unknown): number => (typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN);

/** One DVCLive plots/sklearn file as logged (its JSON names what it holds, whatever the file's name). */
export function loggedPlotOf(artifactPath: string, text: string | null): LoggedPlot {
  if (text === null) return { kind: 'unreadable', path: artifactPath, message: 'The file could not be read' };
  let doc: unknown;
  try {
    doc = parseJsonTolerant(text);
  } catch (error) {
    return { kind: 'unreadable', path: artifactPath, message: `Not JSON: ${(error as Error).message}` };
  }
  const points = (key: string): Record<string, unknown>[] | null => {
    const list = (doc as Record<string, unknown> | null)?.[key];
    return Array.isArray(list) ? (list.filter((p) => typeof p === 'object' && p !== null) as Record<string, unknown>[]) : null;
  };
  const roc = points('roc');
  if (roc) return { kind: 'roc', path: artifactPath, points: roc.map((p) => ({ fpr: finite(p.fpr), tpr: finite(p.tpr), threshold: finite(p.threshold) })) };
  const pr = points('precision_recall') ?? points('prc');
  if (pr) return { kind: 'precision_recall', path: artifactPath, points: pr.map((p) => ({ precision: finite(p.precision), recall: finite(p.recall), threshold: finite(p.threshold) })) };
  const calibration = points('calibration');
  if (calibration) return { kind: 'calibration', path: artifactPath, points: calibration.map((p) => ({ meanPredicted: finite(p.prob_pred), fractionPositive: finite(p.prob_true) })) };
  if (Array.isArray(doc) && doc.every((p) => typeof p === 'object' && p !== null && 'actual' in p && 'predicted' in p)) {
    const pairs = doc as { actual: unknown; predicted: unknown }[];
    const labels = sortLabels(pairs.flatMap((p) => [String(p.actual), String(p.predicted)]));
    const index = new Map(labels.map((label, i) => [label, i]));
    const counts = labels.map(() => labels.map(() => 0));
    for (const p of pairs) counts[index.get(String(p.actual))!][index.get(String(p.predicted))!] += 1;
    return { kind: 'confusion_matrix', path: artifactPath, labels, counts };
  }
  return { kind: 'unreadable', path: artifactPath, message: 'Not a plot Runlens knows (roc, precision_recall, calibration, confusion_matrix)' };
}
