// The importance chart's data: the job shown (picked, else the model's newest
// with a result), the frame's state for it, and the features drawn (the top
// ones, or all of them up to a cap that keeps the page responsive).
import { useMemo, useState } from 'react';
import type { ImportanceResult, ScoringJob } from '../../../../shared/scoring/jobs';
import type { ChartFrameState, ExportRows } from '../../../charts/ChartFrame';
import { shownJob } from '../../../stores/importance/selectors';
import { useImportanceStore } from '../../../stores/importance/store';
import type { FeatureBar } from './barLayout';

/** Features drawn until "Show all": enough to compare, few enough to read at once. */
export const TOP_FEATURES = 20;
/** The most rows drawn even with "Show all"; the CSV export has every feature. */
export const MAX_DRAWN_FEATURES = 1000;

export interface ImportanceChartData {
  state: ChartFrameState;
  job: ScoringJob | null;
  result: ImportanceResult | null;
  bars: FeatureBar[];
  total: number;
  showAll: boolean;
  setShowAll(showAll: boolean): void;
  exportRows(): ExportRows;
}

function frameState(job: ScoringJob | null, jobsStatus: string, jobsError: string | null, retry: () => void): ChartFrameState {
  if (!job) {
    if (jobsError) return { status: 'error', error: { code: 'internal', message: jobsError }, onRetry: retry };
    if (jobsStatus === 'loading' || jobsStatus === 'idle') return { status: 'loading', label: 'Loading the recorded jobs…' };
    return { status: 'empty', title: 'No importance measured yet', description: 'Start a job above: each feature is shuffled in turn and the drop in the score is its importance.' };
  }
  if (job.status === 'failed') return { status: 'error', error: { code: 'internal', message: job.error ?? 'The job failed and gave no reason.' } };
  if (job.status === 'cancelled') return { status: 'empty', title: 'Cancelled', description: 'This job was cancelled before it finished.' };
  if (job.status === 'running') return { status: 'loading', label: 'Measuring…' };
  if (!job.importance) return { status: 'empty', title: 'No result recorded', description: 'This job finished without a result.' };
  if (job.importance.features.length === 0) return { status: 'empty', title: 'No features', description: 'The model took no features to shuffle.' };
  return { status: 'ready' };
}

export function useImportanceChart(): ImportanceChartData {
  const jobs = useImportanceStore((s) => s.jobs);
  const model = useImportanceStore((s) => s.model);
  const selectedJobId = useImportanceStore((s) => s.selectedJobId);
  const jobsStatus = useImportanceStore((s) => s.jobsStatus);
  const jobsError = useImportanceStore((s) => s.jobsError);
  const loadJobs = useImportanceStore((s) => s.loadJobs);
  const [showAll, setShowAll] = useState(false);

  const job = useMemo(() => shownJob(jobs, model, selectedJobId), [jobs, model, selectedJobId]);
  const result = job?.status === 'finished' ? job.importance : null;
  const features = result?.features;
  const bars = useMemo(() => (features ?? []).slice(0, showAll ? MAX_DRAWN_FEATURES : TOP_FEATURES), [features, showAll]);

  return {
    state: frameState(job, jobsStatus, jobsError, () => void loadJobs()),
    job,
    result,
    bars,
    total: features?.length ?? 0,
    showAll,
    setShowAll,
    exportRows: () => {
      const all = features ?? [];
      const repeats = all.reduce((most, f) => Math.max(most, f.importances.length), 0);
      return {
        columns: ['feature', 'mean', 'std', ...Array.from({ length: repeats }, (_, i) => `repeat_${i + 1}`)],
        rows: all.map((f) => [f.name, f.mean, f.std, ...f.importances]),
      };
    },
  };
}
