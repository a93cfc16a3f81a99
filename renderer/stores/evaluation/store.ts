// The open evaluation: built from its slices (load, mapping, fairness, view)
// over the evaluation client, following the ui store's target itself (a run's
// prediction set, or a scoring job's output).
import { createStore, useStore, type StoreApi } from 'zustand';
import { evaluationClient } from '../../api/evaluationClient';
import { runsClient } from '../../api/runsClient';
import { scoringClient } from '../../api/scoringClient';
import { createRequestCounter } from '../latest';
import { uiStore } from '../ui/store';
import { createFairnessSlice } from './slices/fairness';
import { createLoadSlice } from './slices/load';
import { createMappingSlice } from './slices/mapping';
import { createViewSlice } from './slices/view';
import type { SliceContext, TargetSource } from './slices/context';
import type { EvaluationDeps, EvaluationState } from './state';
import { thresholdStore, type ThresholdState } from './threshold';

export type { EvaluationState, EvaluationDeps, EvaluationStatus } from './state';

export function createEvaluationStore(deps: EvaluationDeps, ui: TargetSource, threshold: StoreApi<ThresholdState>): StoreApi<EvaluationState> {
  return createStore<EvaluationState>()((set, get) => {
    const ctx: SliceContext = {
      set,
      get,
      deps,
      threshold,
      ui,
      loads: createRequestCounter(),
      groups: createRequestCounter(),
      load: () => Promise.resolve(),
    };
    return { ...createLoadSlice(ctx), ...createMappingSlice(ctx), ...createFairnessSlice(ctx), ...createViewSlice(ctx) };
  });
}

const runName: EvaluationDeps['runName'] = async (runId) => {
  const result = await runsClient.get(runId);
  return result.ok ? { ok: true, value: result.value.name || result.value.id } : result;
};

/** `scoring/jobs` lists newest first, up to this many: a job opened from a link may be an old one. */
const JOBS_SEARCHED = 10_000;

const scoringJob: EvaluationDeps['scoringJob'] = async (jobId) => {
  const result = await scoringClient.jobs(JOBS_SEARCHED);
  return result.ok ? { ok: true, value: result.value.find((job) => job.id === jobId) ?? null } : result;
};

export const evaluationStore = createEvaluationStore({ client: evaluationClient, runName, scoringJob }, uiStore, thresholdStore);

export function useEvaluationStore<T>(selector: (state: EvaluationState) => T): T {
  return useStore(evaluationStore, selector);
}
