// Pure helpers and selectors of the permutation importance panel: the label
// column's guess, which recorded jobs belong to the inspected model, the job
// whose result is shown, why Start is disabled, and the result in words.
import type { ModelInspection, ModelSource } from '../../../shared/scoring/inspection';
import type { ImportanceResult, ImportanceScorer, ScoringJob } from '../../../shared/scoring/jobs';
import { formatMetric } from '../../format/number';
import type { ImportanceProgress } from '../../api/importanceClient';
import { whatIfFeatures } from '../scoring/helpers';

/** The model the panel works on: the source to send, and what identifies its recorded jobs. */
export interface ImportanceModel {
  source: ModelSource;
  /** The .onnx file's SHA-256: the same bytes are the same model, wherever they were opened from. */
  sha256: string | null;
  /** The .onnx file scored (an MLflow folder's model file, not the folder). */
  file: string | null;
  /** The features it takes, where it names them (so the one other column can be guessed as the label). */
  features: string[];
}

export interface ImportanceForm {
  data: string;
  label: string | null;
  scorer: ImportanceScorer;
  repeats: number;
  /** Null lets the backend pick one (the job records it). */
  seed: number | null;
}

/** The job this window started: its id, the model it measures, when, and the newest progress. */
export interface RunningImportance {
  jobId: number;
  model: ImportanceModel;
  startedAt: number;
  /** When its ending progress came, so the elapsed time stops there. */
  endedAt: number | null;
  progress: ImportanceProgress | null;
}

export const REPEATS_MAX = 1000;
export const SEED_MAX = 2 ** 32 - 1;

/** The inspected model when Runlens can score it, else null (nothing to measure). */
export function modelOf(inspection: ModelInspection | null): ImportanceModel | null {
  if (!inspection || inspection.unscorable !== null) return null;
  return { source: inspection.source, sha256: inspection.info?.sha256 ?? null, file: inspection.file, features: whatIfFeatures(inspection, null).features };
}

function sameSource(a: ModelSource, b: ModelSource): boolean {
  if (a.kind === 'file' && b.kind === 'file') return a.path === b.path;
  if (a.kind === 'artifact' && b.kind === 'artifact') return a.runId === b.runId && a.artifactPath === b.artifactPath;
  return false;
}

/** Two inspections of one model: the same bytes when both hashes are known, else the same source. */
export function sameModel(a: ImportanceModel | null, b: ImportanceModel | null): boolean {
  if (!a || !b) return a === b;
  if (a.sha256 && b.sha256) return a.sha256 === b.sha256;
  return sameSource(a.source, b.source);
}

/** Whether a recorded job measured this model: by hash, else by its file or its run's artifact. */
export function isJobOf(job: ScoringJob, model: ImportanceModel): boolean {
  if (job.kind !== 'importance') return false;
  if (job.model.sha256 && model.sha256) return job.model.sha256 === model.sha256;
  if (model.source.kind === 'artifact') return job.model.runId === model.source.runId && job.model.artifactPath === model.source.artifactPath;
  return job.model.path === (model.file ?? model.source.path);
}

/** The model's importance jobs, newest first. O(n log n). */
export function modelJobs(jobs: readonly ScoringJob[], model: ImportanceModel | null): ScoringJob[] {
  if (!model) return [];
  return jobs.filter((job) => isJobOf(job, model)).sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
}

/** The job whose result the panel shows: the one picked, else the newest with a result. */
export function shownJob(jobs: readonly ScoringJob[], model: ImportanceModel | null, selectedJobId: number | null): ScoringJob | null {
  const mine = modelJobs(jobs, model);
  const picked = selectedJobId === null ? undefined : mine.find((job) => job.id === selectedJobId);
  return picked ?? mine.find((job) => job.importance !== null) ?? null;
}

export const isRunning = (job: RunningImportance | null): boolean => job !== null && (job.progress === null || job.progress.status === 'running');

/** How long the job ran (or has been running at `now`), in ms. */
export const elapsedMs = (job: RunningImportance, now: number): number => Math.max(0, (job.endedAt ?? now) - job.startedAt);

/**
 * Why the form cannot start a job yet, in words, or null when it can.
 * `columns` is the data's header once read (null before).
 */
export function formIssue(form: ImportanceForm, columns: readonly string[] | null, model: ImportanceModel | null): string | null {
  if (!model) return 'Inspect a model that Runlens can score first.';
  if (!form.data.trim()) return 'Name a CSV file with the true classes.';
  if (!form.label) return 'Pick the column of true classes.';
  if (columns && !columns.includes(form.label)) return `The file has no column “${form.label}”.`;
  if (!Number.isInteger(form.repeats) || form.repeats < 1 || form.repeats > REPEATS_MAX) return `Repeats must be a whole number from 1 to ${REPEATS_MAX}.`;
  if (form.seed !== null && (!Number.isInteger(form.seed) || form.seed < 0 || form.seed > SEED_MAX)) return `The seed must be a whole number from 0 to ${SEED_MAX}.`;
  return null;
}

/** The scorers as people read them, and which way is better (all three: higher). */
export const scorerLabels: Record<ImportanceScorer, string> = {
  accuracy: 'accuracy',
  roc_auc: 'ROC AUC',
  neg_log_loss: 'negative log loss',
};

/**
 * The result's frame in one sentence:
 * "baseline accuracy 0.965 on 114 rows; importance = drop in accuracy".
 */
export function baselineText(result: Pick<ImportanceResult, 'scorer' | 'baselineScore' | 'rows'>): string {
  const name = scorerLabels[result.scorer];
  return `baseline ${name} ${formatMetric(result.baselineScore)} on ${result.rows.toLocaleString('en-US')} rows; importance = drop in ${name}`;
}

/** A recorded job in a picker: when, the scorer, the data, and how it ended. */
export function jobLabel(job: ScoringJob, when: (ms: number) => string): string {
  const scorer = job.importance?.scorer ?? (typeof job.settings.scorer === 'string' ? job.settings.scorer : null);
  const file = job.input.path.split(/[\\/]/).pop() || job.input.path;
  return [when(job.startedAt), scorer && scorer in scorerLabels ? scorerLabels[scorer as ImportanceScorer] : null, file, job.status].filter(Boolean).join(' · ');
}
