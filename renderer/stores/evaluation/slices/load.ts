// The load slice: follows the ui store's target, lists the run's sets (or
// looks up the scoring job whose output is evaluated), and reads the chosen
// table with its progress, a Cancel and its error.
import { samePredictionSet, type PredictionSet, type PredictionSetKey } from '../../../../shared/evaluation/predictionSets';
import type { Evaluation } from '../../../../shared/evaluation/types';
import { createRequestCounter } from '../../latest';
import type { EvaluationTarget } from '../../ui/store';
import { jobProblem, jobSetKey } from '../jobTarget';
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

/** What another target starts from: no sets, no job, no name. */
const noSource = {
  set: null,
  setKey: null,
  predictions: null,
  setsStatus: 'idle',
  setsError: null,
  runName: null,
  job: null,
  jobStatus: 'idle',
  jobError: null,
} as const;

function startThreshold(evaluation: Evaluation): number | null {
  return evaluation.kind === 'binary' ? startingThreshold(evaluation.table) : null;
}

/** The key in view kept as the same object when it names the same table, so views depending on it do not refetch. */
const keep = (current: PredictionSetKey | null, next: PredictionSetKey): PredictionSetKey =>
  current !== null && samePredictionSet(current, next) ? current : next;

export function createLoadSlice(ctx: SliceContext): LoadSlice {
  const { set, get, deps } = ctx;
  const setsRequests = createRequestCounter();
  const jobRequests = createRequestCounter();
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
    set({ set: chosen, setKey: runId === undefined ? null : keep(state.setKey, { runId, path }) });
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

  /** Looks the job up; a finished one with a label column is then read with its own mapping. */
  const fetchJob = async (jobId: number): Promise<void> => {
    const id = jobRequests.next();
    set({ jobStatus: 'loading', jobError: null });
    const result = await deps.scoringJob(jobId);
    if (!jobRequests.isLatest(id) || get().target?.jobId !== jobId) return;
    if (!result.ok) return set({ jobStatus: 'error', jobError: result.error });
    const job = result.value;
    const problem = jobProblem(jobId, job);
    if (problem || !job) return set({ job, jobStatus: 'error', jobError: problem });
    set({ job, jobStatus: 'ready', set: null, setKey: keep(get().setKey, jobSetKey(job)) });
    void ctx.load();
  };

  const follow = (target: EvaluationTarget | null): void => {
    const previous = get().target;
    if (target === previous) return;
    set({ target });
    if (!target) {
      abandon();
      return set({ ...cleared, ...noSource, status: 'idle' });
    }
    if (target.jobId !== undefined) {
      if (previous?.jobId === target.jobId) return;
      abandon();
      set({ ...cleared, ...noSource, status: 'idle' });
      return void fetchJob(target.jobId);
    }
    if (previous?.runId !== target.runId) {
      abandon();
      set({ ...cleared, ...noSource, status: 'idle' });
      return void fetchSets(target.runId, false);
    }
    // The same run: its sets are known, or on their way (and will choose when they come).
    const { setsStatus } = get();
    if (setsStatus === 'ready') choose(target.setPath, false);
    else if (setsStatus !== 'loading') void fetchSets(target.runId, false);
  };

  return {
    target: null,
    ...noSource,
    status: 'idle',
    ...cleared,
    reload() {
      const { target } = get();
      if (target?.jobId !== undefined) void fetchJob(target.jobId);
      else if (target) void fetchSets(target.runId, true);
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
