// The load slice: follows the ui store's target, lists the run's sets, and
// reads the chosen one with its progress, a Cancel and its error.
import type { PredictionSet } from '../../../../shared/evaluation/predictionSets';
import type { Evaluation } from '../../../../shared/evaluation/types';
import type { PredictionSetKey } from '../../../api/evaluationClient';
import { createRequestCounter } from '../../latest';
import type { EvaluationTarget } from '../../ui/store';
import { startingThreshold } from '../operatingPoint';
import type { LoadSlice } from '../state';
import { currentKey, sameKey, type SliceContext } from './context';

/** An artifact the sets list does not name (opened from the artifacts browser): its columns are still to be mapped. */
export function unlistedSet(path: string): PredictionSet {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '') || path;
  return { path, origin: 'artifact', name, mapping: null, rows: null, size: null };
}

/** What a fresh set starts from: nothing loaded, no groups. */
const cleared = {
  evaluation: null,
  error: null,
  progress: null,
  groupColumn: null,
  groupTables: null,
  groupsStatus: 'idle',
  groupsError: null,
} as const;

function startThreshold(evaluation: Evaluation): number | null {
  return evaluation.kind === 'binary' ? startingThreshold(evaluation.table) : null;
}

export function createLoadSlice(ctx: SliceContext): LoadSlice {
  const { set, get, deps } = ctx;
  const setsRequests = createRequestCounter();
  /** The load the backend is working on for us, to cancel it and to match progress events. */
  let inFlight: { id: number; key: PredictionSetKey } | null = null;

  const abandon = (): void => {
    if (!inFlight) return;
    const { key } = inFlight;
    inFlight = null;
    ctx.loads.next();
    // Nobody waits for it any more: free the backend's worker.
    void deps.client.cancel(key);
  };

  ctx.load = async () => {
    const key = currentKey(ctx);
    if (!key) return;
    if (inFlight && !sameKey(inFlight.key, key)) abandon();
    const id = ctx.loads.next();
    ctx.groups.next();
    inFlight = { id, key };
    set({ ...cleared, status: 'loading' });
    const result = await deps.client.load(key);
    if (!ctx.loads.isLatest(id)) return;
    inFlight = null;
    if (!result.ok) return set({ status: 'error', error: result.error, progress: null });
    const threshold = startThreshold(result.value);
    // Before the views see the evaluation, so they mount at its threshold.
    if (threshold !== null) ctx.threshold.setState({ threshold, preview: null });
    set({ status: 'ready', evaluation: result.value, progress: null });
  };

  const choose = (path: string | null, force: boolean): void => {
    const state = get();
    if (path === null) {
      abandon();
      return set({ ...cleared, set: null, setKey: null, status: 'idle' });
    }
    if (!force && state.set?.path === path && (state.status === 'ready' || state.status === 'loading')) return;
    const chosen = state.predictions?.sets.find((candidate) => candidate.path === path) ?? unlistedSet(path);
    const runId = state.target?.runId;
    set({ set: chosen, setKey: runId === undefined ? null : { runId, path } });
    if (chosen.mapping !== null) return void ctx.load();
    abandon();
    set({ ...cleared, status: 'needs-mapping' });
    get().openMapping();
  };

  const fetchSets = async (runId: string, force: boolean): Promise<void> => {
    const id = setsRequests.next();
    set({ setsStatus: 'loading', setsError: null });
    const [sets, name] = await Promise.all([deps.client.sets(runId), deps.runName(runId)]);
    if (!setsRequests.isLatest(id) || get().target?.runId !== runId) return;
    if (name.ok) set({ runName: name.value });
    if (!sets.ok) {
      abandon();
      return set({ setsStatus: 'error', setsError: sets.error, ...(get().target?.setPath ? { status: 'error', error: sets.error } : {}) });
    }
    set({ predictions: sets.value, setsStatus: 'ready' });
    choose(get().target?.setPath ?? null, force);
  };

  const follow = (target: EvaluationTarget | null): void => {
    const previous = get().target;
    if (target === previous) return;
    set({ target });
    if (!target) {
      abandon();
      return set({ ...cleared, set: null, setKey: null, status: 'idle', predictions: null, setsStatus: 'idle', runName: null });
    }
    if (previous?.runId !== target.runId) {
      abandon();
      set({ ...cleared, set: null, setKey: null, status: 'idle', predictions: null, runName: null });
      return void fetchSets(target.runId, false);
    }
    // The same run: its sets are known, or on their way (and will choose when they come).
    const { setsStatus } = get();
    if (setsStatus === 'ready') choose(target.setPath, false);
    else if (setsStatus !== 'loading') void fetchSets(target.runId, false);
  };

  return {
    target: null,
    runName: null,
    predictions: null,
    setsStatus: 'idle',
    setsError: null,
    set: null,
    setKey: null,
    status: 'idle',
    ...cleared,
    reload() {
      const { target } = get();
      if (target) void fetchSets(target.runId, true);
    },
    async cancel() {
      if (!inFlight) return;
      const { key } = inFlight;
      // Stop showing progress at once; a late answer for this load is dropped.
      inFlight = null;
      ctx.loads.next();
      set({ status: 'cancelled', progress: null });
      await deps.client.cancel(key);
    },
    startSync() {
      const offUi = ctx.ui.subscribe((state) => follow(state.evaluationTarget));
      const offProgress = deps.client.onProgress((progress) => {
        if (inFlight && sameKey(inFlight.key, progress)) set({ progress });
      });
      follow(ctx.ui.getState().evaluationTarget);
      return () => {
        offUi();
        offProgress();
      };
    },
  };
}
