// The compare view's Evaluation section: the compared runs' prediction sets,
// the set name chosen among those they share, and each run's evaluation of
// it, a few loads at a time. Follows the comparison it is given (the section
// passes the compared runs in), and drops answers for an older choice.
import { createStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { RunPredictions } from '../../../shared/evaluation/predictionSets';
import type { Evaluation } from '../../../shared/evaluation/types';
import type { EvaluationClient } from '../../api/evaluationClient';
import type { LoadStatus } from '../../stores/latest';
import { setNamed, sharedSets, type SharedSet } from './compareEvaluation';

/** Curves of more runs than this on one plot stop being readable, and each load reads a whole file. */
export const MAX_EVALUATED_RUNS = 12;
const SET_REQUESTS_AT_ONCE = 4;
const LOADS_AT_ONCE = 2;

export type RunEvaluation = { status: 'loading' } | { status: 'ready'; evaluation: Evaluation } | { status: 'error'; error: ApiError };

export interface CompareEvaluationState {
  runIds: string[];
  /** Each compared run's sets (fetched once per run). */
  predictions: Record<string, RunPredictions>;
  setsStatus: LoadStatus;
  setsError: ApiError | null;
  shared: SharedSet[];
  /** The set name compared; null when the runs share none. */
  setName: string | null;
  /** The evaluated runs (at most MAX_EVALUATED_RUNS of those with the set), in compared order. */
  evaluatedRunIds: string[];
  evaluations: Record<string, RunEvaluation>;
  /** Follows another comparison: fetches the sets of runs not seen yet, keeps the choice when it is still shared. */
  follow(runIds: string[]): Promise<void>;
  chooseSet(name: string): void;
}

export type CompareEvaluationClient = Pick<EvaluationClient, 'sets' | 'load'>;

/** Runs `task` over `items`, at most `limit` at a time. */
async function inBatches<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function createCompareEvaluationStore(client: CompareEvaluationClient): StoreApi<CompareEvaluationState> {
  return createStore<CompareEvaluationState>()((set, get) => {
    /** Bumped by every new choice of set or comparison: older loads stop being applied. */
    let generation = 0;

    const loadAll = (): void => {
      const gen = ++generation;
      const { setName, shared, evaluations: previous } = get();
      const runIds = (shared.find((s) => s.name === setName)?.runIds ?? []).slice(0, MAX_EVALUATED_RUNS);
      // A run already evaluated for this set keeps its answer.
      const kept: Record<string, RunEvaluation> = {};
      for (const id of runIds) if (previous[id]?.status === 'ready') kept[id] = previous[id];
      set({ evaluatedRunIds: runIds, evaluations: kept });
      const missing = runIds.filter((id) => !kept[id]);
      void inBatches(missing, LOADS_AT_ONCE, async (runId) => {
        const chosen = setName === null ? null : setNamed(get().predictions[runId], setName);
        if (gen !== generation || !chosen) return;
        set({ evaluations: { ...get().evaluations, [runId]: { status: 'loading' } } });
        const result = await client.load({ runId, path: chosen.path });
        if (gen !== generation) return;
        const answer: RunEvaluation = result.ok ? { status: 'ready', evaluation: result.value } : { status: 'error', error: result.error };
        set({ evaluations: { ...get().evaluations, [runId]: answer } });
      });
    };

    return {
      runIds: [],
      predictions: {},
      setsStatus: 'idle',
      setsError: null,
      shared: [],
      setName: null,
      evaluatedRunIds: [],
      evaluations: {},
      async follow(runIds) {
        const gen = ++generation;
        set({ runIds, setsStatus: 'loading', setsError: null });
        const unseen = runIds.filter((id) => !get().predictions[id]);
        let failure: ApiError | null = null;
        await inBatches(unseen, SET_REQUESTS_AT_ONCE, async (runId) => {
          const result = await client.sets(runId);
          if (result.ok) set({ predictions: { ...get().predictions, [runId]: result.value } });
          else failure = result.error;
        });
        if (gen !== generation) return;
        const shared = sharedSets(get().predictions, runIds);
        const current = get().setName;
        const setName = shared.some((s) => s.name === current) ? current : (shared[0]?.name ?? null);
        set({ shared, setName, setsStatus: failure ? 'error' : 'ready', setsError: failure });
        loadAll();
      },
      chooseSet(name) {
        if (name === get().setName) return;
        set({ setName: name, evaluations: {} });
        loadAll();
      },
    };
  });
}
