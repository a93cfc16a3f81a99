// One monitor batch computed against the prepared reference: the columns'
// drift (compareFrames, with distributions for the column view), and with a
// model the drift of its score, the performance measured on the batch's
// labels and CBPE's estimate. The reference is prepared once per run: read,
// scored, its performance measured and CBPE fitted on its labels.
import path from 'node:path';
import { fitCbpe, estimatePerformance, type CbpeReference } from '../../../shared/drift/cbpe';
import { compareFrames, type DriftFrame, type FrameColumn } from '../../../shared/drift/frame';
import type { ColumnDistribution, ColumnDriftRecord, DriftBatch, EstimatedPerformance, MonitorSettings, PerformanceValues } from '../../../shared/drift/monitor';
import { guessLabelColumn } from '../../../shared/evaluation/labelColumn';
import { featuresOf } from '../scoring/batchModel';
import type { FeatureSpec } from '../scoring/batchScore';
import { openScoringModel, type ScoringModel } from '../scoring/onnx/session';
import { FrameReadError, readCsvFrame } from './frameCsv';
import { BatchInputError, labeledRows, performanceOn, predictionColumn, scoreFrame, type FrameScores } from './frameScoring';
import type { BatchDetails, ReferenceSummary } from './queries';

/** Why a run cannot compute any batch (the reference unreadable, the model not loadable): the monitor's error. */
export class MonitorInputError extends Error {}

export interface ModelJob {
  file: string;
  /** A matrix model's feature order (its own or the one the user confirmed), or null. */
  featureOrder: string[] | null;
}

export interface PreparedReference {
  frame: DriftFrame;
  summary: ReferenceSummary;
  /** Left out of drift: the label and the time column. */
  exclude: string[];
  model: { scoring: ScoringModel; features: FeatureSpec[]; prediction: FrameColumn; twoClasses: boolean } | null;
  cbpe: CbpeReference | null;
}

async function openModel(job: ModelJob): Promise<{ scoring: ScoringModel; features: FeatureSpec[] }> {
  let scoring: ScoringModel;
  try {
    scoring = await openScoringModel(job.file, { threads: 2 });
  } catch (error) {
    throw new MonitorInputError(`The model ${path.basename(job.file)} cannot be loaded: ${(error as Error).message}`);
  }
  try {
    return { scoring, features: featuresOf(scoring, job.featureOrder).features };
  } catch (error) {
    await scoring.close();
    throw new MonitorInputError((error as Error).message);
  }
}

function labelColumnOf(settings: MonitorSettings, columns: string[], features: FeatureSpec[]): string | null {
  const set = settings.labelColumn;
  if (set !== null && !columns.includes(set)) throw new MonitorInputError(`The label column "${set}" is not in the reference (its columns: ${columns.slice(0, 40).join(', ')})`);
  return set ?? guessLabelColumn(columns, features.map((f) => f.column));
}

/** Reads and scores the reference; throws MonitorInputError for anything that stops the run. */
export async function prepareReference(file: string, settings: MonitorSettings, modelJob: ModelJob | null): Promise<PreparedReference> {
  let read;
  try {
    read = await readCsvFrame(file);
  } catch (error) {
    throw new MonitorInputError(error instanceof FrameReadError ? `The reference: ${error.message}` : `The reference ${file} cannot be read: ${(error as Error).message}`);
  }
  if (read.frame.rows === 0) throw new MonitorInputError(`The reference ${path.basename(file)} has no rows`);
  const opened = modelJob ? await openModel(modelJob) : null;
  try {
    const labelColumn = labelColumnOf(settings, read.columns, opened?.features ?? []);
    const exclude = [labelColumn, settings.batchBy.kind === 'period' ? settings.batchBy.column : null].filter((c): c is string => c !== null);
    const summary: ReferenceSummary = { rows: read.frame.rows, columns: read.columns, performance: null, labelColumn, estimates: false };
    if (!opened) return { frame: read.frame, summary, exclude, model: null, cbpe: null };
    const scores = await scoreFrame(opened.scoring, opened.features, read.frame).catch((error: unknown) => {
      throw new MonitorInputError(`The model cannot score the reference: ${(error as Error).message}`);
    });
    const twoClasses = scores.classLabels.length === 2 && scores.probabilities.length === 2;
    let cbpe: CbpeReference | null = null;
    const labels = labelColumn === null ? undefined : read.frame.columns.get(labelColumn);
    if (labels) {
      const labeled = labeledRows(labels, scores);
      if (labeled.rows.length > 0) {
        summary.performance = performanceOn(labeled, scores);
        if (twoClasses) cbpe = fitCbpe(Uint8Array.from(labeled.truth, (k) => (k === 1 ? 1 : 0)), Float64Array.from(labeled.rows, (r) => scores.probabilities[1][r]));
      }
    }
    summary.estimates = cbpe !== null;
    return { frame: read.frame, summary, exclude, model: { ...opened, prediction: predictionColumn(scores), twoClasses }, cbpe };
  } catch (error) {
    await opened?.scoring.close();
    throw error;
  }
}

export interface BatchInput {
  key: string;
  label: string;
  startAt: number;
  frame: DriftFrame;
  problems: string[];
  skippedLines: number;
  skippedExamples: number[];
}

interface ModelOutcome {
  prediction: ColumnDriftRecord | null;
  predictionDistribution: ColumnDistribution | null;
  performance: PerformanceValues | null;
  labeledRows: number;
  estimate: EstimatedPerformance | null;
}

const none: ModelOutcome = { prediction: null, predictionDistribution: null, performance: null, labeledRows: 0, estimate: null };

function predictionDrift(reference: PreparedReference, scores: FrameScores, settings: MonitorSettings): Pick<ModelOutcome, 'prediction' | 'predictionDistribution'> {
  const name = reference.model!.twoClasses ? `P(${scores.classLabels[1]})` : 'predicted class';
  const side = (column: FrameColumn, rows: number): DriftFrame => ({ rows, columns: new Map([[name, column]]) });
  const report = compareFrames(side(reference.model!.prediction, reference.frame.rows), side(predictionColumn(scores), scores.predicted.length), { driftShare: settings.driftShare }, { distributions: true });
  return { prediction: report.columns[0] ?? null, predictionDistribution: report.distributions[0] ?? null };
}

async function modelOutcome(reference: PreparedReference, input: BatchInput, settings: MonitorSettings, problems: string[]): Promise<ModelOutcome> {
  const model = reference.model!;
  if (input.frame.rows === 0) return none;
  const scores = await scoreFrame(model.scoring, model.features, input.frame);
  const outcome: ModelOutcome = { ...none, ...predictionDrift(reference, scores, settings) };
  const labelColumn = reference.summary.labelColumn;
  const labels = labelColumn === null ? undefined : input.frame.columns.get(labelColumn);
  if (labels) {
    const labeled = labeledRows(labels, scores);
    if (labeled.unknown) problems.push(`${labeled.unknown} label${labeled.unknown === 1 ? '' : 's'} in "${labelColumn}" ${labeled.unknown === 1 ? 'is' : 'are'} no class of the model (such as "${labeled.unknownExample!.slice(0, 40)}"): not counted`);
    if (labeled.rows.length > 0) {
      outcome.performance = performanceOn(labeled, scores);
      outcome.labeledRows = labeled.rows.length;
    }
  }
  if (reference.cbpe) outcome.estimate = estimatePerformance(reference.cbpe, scores.probabilities[1].filter((p) => Number.isFinite(p)));
  return outcome;
}

/** Columns on one side only, named for the batch's notes (the report says it per column too). */
function columnNotes(notCompared: { column: string; reason: string }[]): string[] {
  const named = (reason: string) => notCompared.filter((n) => n.reason === reason).map((n) => `"${n.column}"`);
  const missing = named('missing in current');
  const extra = named('missing in reference');
  return [
    ...(missing.length ? [`${missing.length === 1 ? 'Column' : 'Columns'} ${missing.join(', ')} of the reference ${missing.length === 1 ? 'is' : 'are'} missing in this batch`] : []),
    ...(extra.length ? [`${extra.length === 1 ? 'Column' : 'Columns'} ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not in the reference: not compared`] : []),
  ];
}

/** The batch's record and details; a batch the model cannot score keeps its column drift and says why in `error`. */
export async function computeBatch(reference: PreparedReference, input: BatchInput, settings: MonitorSettings): Promise<{ batch: DriftBatch; details: BatchDetails }> {
  const { distributions, ...report } = compareFrames(reference.frame, input.frame, { columns: settings.columns, driftShare: settings.driftShare }, { exclude: reference.exclude, distributions: true });
  const problems = [...input.problems];
  if (input.frame.rows === 0) problems.push('The batch has no rows: nothing to compare');
  else problems.push(...columnNotes(report.notCompared));
  let outcome = none;
  let error: string | null = null;
  if (reference.model) {
    try {
      outcome = await modelOutcome(reference, input, settings, problems);
    } catch (caught) {
      // A missing feature column, a cell the model's input type cannot take: this batch's error.
      error = `The model cannot score this batch: ${caught instanceof BatchInputError ? caught.message : (caught as Error).message}`;
    }
  }
  const batch: DriftBatch = {
    key: input.key,
    label: input.label,
    startAt: input.startAt,
    rows: input.frame.rows,
    skippedLines: input.skippedLines,
    skippedExamples: input.skippedExamples,
    problems,
    report,
    prediction: outcome.prediction,
    performance: outcome.performance,
    labeledRows: outcome.labeledRows,
    estimate: outcome.estimate,
    computedAt: Date.now(),
    error,
  };
  return { batch, details: { distributions, prediction: outcome.predictionDistribution } };
}

/** A batch that could not be read at all: stored with its error, so the user sees it. */
export function unreadableBatch(input: Omit<BatchInput, 'frame'>, message: string): DriftBatch {
  return { ...input, rows: 0, report: null, prediction: null, performance: null, labeledRows: 0, estimate: null, computedAt: Date.now(), error: message };
}
