// Permutation importance of an ONNX model on a labeled CSV, recorded as a job
// (kind 'importance') in scoring_jobs. The file is read whole into memory: the
// algorithm scores every row once per feature and repeat, so it needs all rows
// at hand anyway; rows are capped (maxImportanceRows) with a clear error rather
// than running out of memory. Cells are cast by the kinds featuresOf gives, an
// error naming the line and the column, and rows go to the model in batches.
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import type { ImportanceResult, ScoringJob } from '../../../shared/scoring/jobs';
import {
  type ClassPredictions,
  type FeatureColumn,
  type ImportanceScorer,
  permutationImportance,
  PermutationImportanceCancelled,
  PermutationImportanceError,
} from '../../../shared/scoring/permutationImportance';
import { readFileCapped } from '../sources/safeFile';
import type { Db } from '../store/database';
import { castNumber, columnIndex, delimiterOf, type FeatureSpec, ScoringInputError } from './batchScore';
import type { ScoringModel, ScoringResult } from './onnx/session';
import { endJob, startJob } from './queries';

/** The most data rows read: every one is held in memory and scored features × repeats times. */
export const maxImportanceRows = 1_000_000;
/** The largest file read: a JavaScript string cannot hold much more than 512 MiB. */
export const maxImportanceBytes = 512 * 1024 ** 2;
const defaultBatchRows = 4096;

export interface ImportanceRequest {
  model: ScoringModel;
  modelInfo: ScoringJob['model'];
  /** The features in the model's order, from featuresOf. */
  features: FeatureSpec[];
  input: string;
  /** The column of true classes. */
  label: string;
  scorer?: ImportanceScorer;
  repeats?: number;
  seed?: number;
  /** Explicit row orders, permutations[feature][repeat] (to match sklearn); seed and repeats are then unused. */
  permutations?: Int32Array[][];
  batchRows?: number;
  maxRows?: number;
  signal?: AbortSignal;
  onProgress?: (featuresDone: number, featureCount: number) => void;
  /** Recorded with the job beside the scorer, repeats and seed (threads, feature order). */
  settings?: Record<string, unknown>;
}

export type FeatureImportance = ImportanceResult['features'][number];

export interface ImportanceSummary extends ImportanceResult {
  inputSha256: string;
  seconds: number;
  jobId: number;
}

export interface LabeledRows {
  columns: FeatureColumn[];
  labels: string[];
  /** The line each row starts on, for messages. */
  lines: number[];
  sha256: string;
}


function parseRecords(text: string, maxRows: number): { records: string[][]; lines: number[] } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  let parsed: string[][];
  try {
    // `to` stops after the cap (+ the header, + one to tell that there were more).
    parsed = parse(text, { delimiter: delimiterOf(firstLine), bom: true, relax_column_count: true, to: maxRows + 2 }) as string[][];
  } catch (error) {
    throw new ScoringInputError(`The input is not a CSV Runlens can read: ${(error as Error).message}`);
  }
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 0;
  for (const values of parsed) {
    const start = line + 1; // a quoted field may hold newlines: count them, as batchScore does
    line = start;
    for (const value of values) for (let at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) line += 1;
    if (values.length === 1 && values[0] === '') continue; // an empty line
    records.push(values);
    lines.push(start);
  }
  if (records.length - 1 > maxRows) throw new ScoringInputError(`The input has more than ${maxRows.toLocaleString('en')} rows, the most permutation importance reads into memory; take a sample`);
  return { records, lines };
}

/** Reads the CSV whole: the features cast by kind, the label column as text. */
export function readLabeledCsv(file: string, features: FeatureSpec[], label: string, maxRows = maxImportanceRows): LabeledRows {
  const data = readFileCapped(file, maxImportanceBytes).data;
  const { records, lines } = parseRecords(data.toString('utf8'), maxRows);
  if (records.length === 0) throw new ScoringInputError('The input file is empty: it has no header line');
  const header = records[0].map((name) => name.trim());
  const indexes = features.map((f) => columnIndex(header, f.column));
  const missing = features.filter((_, i) => indexes[i] < 0).map((f) => `"${f.column}"`);
  if (missing.length) throw new ScoringInputError(`The input has no column ${missing.join(', ')} that the model needs (its columns: ${header.join(', ')})`);
  const labelIndex = header.indexOf(label);
  if (labelIndex < 0) throw new ScoringInputError(`The input has no label column "${label}" (its columns: ${header.join(', ')})`);
  const rows = records.slice(1);
  const rowLines = lines.slice(1);
  rows.forEach((values, r) => {
    if (values.length !== header.length) throw new ScoringInputError(`Line ${rowLines[r]} has ${values.length} fields where the header has ${header.length}`);
  });
  const columns = features.map((spec, f): FeatureColumn => {
    const index = indexes[f];
    if (spec.kind === 'string') return rows.map((values) => values[index]);
    return Float64Array.from(rows, (values, r) => castNumber(values[index], spec, rowLines[r], 'fail'));
  });
  const labels = rows.map((values, r) => {
    const value = values[labelIndex].trim();
    if (value === '') throw new ScoringInputError(`Line ${rowLines[r]}, column "${label}": the label is empty`);
    return value;
  });
  return { columns, labels, lines: rowLines, sha256: createHash('sha256').update(data).digest('hex') };
}

/** The model's predictions for every row, scored batchRows at a time and joined. */
function predictor(model: ScoringModel, batchRows: number): (columns: FeatureColumn[]) => Promise<ClassPredictions> {
  return async (columns) => {
    const rows = columns[0]?.length ?? 0;
    const parts: ScoringResult[] = [];
    // At least one call, so that an empty input still learns the model's classes.
    for (let start = 0; start === 0 || start < rows; start += batchRows) {
      parts.push(await model.score({ columns: columns.map((column) => column.slice(start, start + batchRows)) }));
    }
    const classLabels = parts[0].classLabels;
    const probabilities = parts[0].probabilities.map((_, c) => {
      const joined = new Float64Array(rows);
      let at = 0;
      for (const part of parts) {
        joined.set(part.probabilities[c], at);
        at += part.probabilities[c].length;
      }
      return joined;
    });
    return { classLabels, probabilities, labels: parts.flatMap((part) => part.labels) };
  };
}

function sortedFeatures(features: FeatureSpec[], result: Awaited<ReturnType<typeof permutationImportance>>): FeatureImportance[] {
  const named = features.map((spec, f) => ({ name: spec.column, mean: result.means[f], std: result.stds[f], importances: Array.from(result.importances[f]) }));
  // Array.prototype.sort is stable: equal means keep the model's order.
  return named.sort((a, b) => b.mean - a.mean);
}

/** Turns an error about a row into one naming its line. */
function withLine(error: unknown, lines: number[], label: string): unknown {
  if (!(error instanceof PermutationImportanceError)) return error;
  return new ScoringInputError(error.row === null ? error.message : `Line ${lines[error.row]}, column "${label}": ${error.message}`);
}

export type ImportanceComputation = Omit<ImportanceRequest, 'modelInfo' | 'settings'>;

/** The result and what the job's record needs: the input's SHA-256 and how many rows were predicted. */
export interface ComputedImportance {
  result: ImportanceResult;
  inputSha256: string;
  predictedRows: number;
}

/** Reads the labeled CSV and computes the importances (in whichever thread calls it: a worker in the app). */
export async function computeImportance(request: ImportanceComputation): Promise<ComputedImportance> {
  const scorer = request.scorer ?? 'accuracy';
  const seed = request.permutations ? null : (request.seed ?? 0);
  const read = readLabeledCsv(request.input, request.features, request.label, request.maxRows);
  const result = await permutationImportance({
    columns: read.columns,
    labels: read.labels,
    predict: predictor(request.model, request.batchRows ?? defaultBatchRows),
    scorer,
    repeats: request.repeats,
    seed: seed ?? undefined,
    permutations: request.permutations,
    onProgress: request.onProgress,
    signal: request.signal,
  }).catch((error: unknown) => Promise.reject(withLine(error, read.lines, request.label)));
  const rows = read.labels.length;
  const repeats = result.importances[0]?.length ?? request.permutations?.[0]?.length ?? request.repeats ?? 5;
  return {
    result: { scorer, baselineScore: result.baselineScore, features: sortedFeatures(request.features, result), repeats, seed, rows },
    inputSha256: read.sha256,
    // Every row is predicted once for the baseline and once per feature and repeat.
    predictedRows: rows * (1 + request.features.length * repeats),
  };
}

export interface RecordedImportance {
  modelInfo: ScoringJob['model'];
  input: string;
  label: string;
  scorer: ImportanceScorer;
  repeats: number;
  /** null when the permutations were given. */
  seed: number | null;
  /** Threads, feature order. */
  settings?: Record<string, unknown>;
}

/**
 * Records permutation importance as a job around `work`: a 'running' row in
 * scoring_jobs first, finished (rows, duration, predicted rows per second,
 * the result), failed with its reason, or cancelled at the end.
 */
export async function recordImportanceJob(db: Db, job: RecordedImportance, work: () => Promise<ComputedImportance>, onStart?: (jobId: number) => void): Promise<ImportanceSummary> {
  const startedAt = Date.now();
  const settings = { scorer: job.scorer, repeats: job.repeats, seed: job.seed, label: job.label, permutations: job.seed === null ? 'given' : 'seeded', ...job.settings };
  const jobId = startJob(db, { kind: 'importance', model: job.modelInfo, inputPath: job.input, outputPath: null, settings, startedAt });
  onStart?.(jobId);
  try {
    const computed = await work();
    const durationMs = Date.now() - startedAt;
    const { result } = computed;
    endJob(db, jobId, { status: 'finished', inputSha256: computed.inputSha256, inputRows: result.rows, durationMs, rowsPerSecond: durationMs > 0 ? (computed.predictedRows * 1000) / durationMs : null, error: null, importance: result });
    return { ...result, inputSha256: computed.inputSha256, seconds: durationMs / 1000, jobId };
  } catch (error) {
    const cancelled = error instanceof PermutationImportanceCancelled || (error as { cancelled?: boolean }).cancelled === true;
    endJob(db, jobId, { status: cancelled ? 'cancelled' : 'failed', inputSha256: null, inputRows: null, durationMs: Date.now() - startedAt, rowsPerSecond: null, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/** A recorded importance job computed in this thread (the CLI, tests). Bad input throws ScoringInputError; a cancel PermutationImportanceCancelled. */
export function runImportanceJob(db: Db, request: ImportanceRequest): Promise<ImportanceSummary> {
  const recorded: RecordedImportance = {
    modelInfo: request.modelInfo,
    input: request.input,
    label: request.label,
    scorer: request.scorer ?? 'accuracy',
    repeats: request.permutations?.[0]?.length ?? request.repeats ?? 5,
    seed: request.permutations ? null : (request.seed ?? 0),
    settings: request.settings,
  };
  return recordImportanceJob(db, recorded, () => computeImportance(request));
}
