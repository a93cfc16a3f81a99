// The permutation importance panel's state: the model the scoring view
// inspected (followed, not owned), the form (a labeled CSV, its header read to
// offer and guess the label column, the scorer, repeats, seed), the job this
// window started (from `importance/progress`), and the model's recorded
// importance jobs, one of which is shown. Errors are kept as the backend's words.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ScoringJob } from '../../../shared/scoring/jobs';
import { importanceClient, type ImportanceClient, type ImportanceProgress } from '../../api/importanceClient';
import { createRequestCounter, debounce, type LoadStatus } from '../latest';
import { scoringStore } from '../scoring/store';
import { guessLabelColumn } from '../../../shared/evaluation/labelColumn';
import { formIssue, isRunning, modelOf, sameModel, type ImportanceForm, type ImportanceModel, type RunningImportance } from './selectors';

export type { ImportanceForm, ImportanceModel, RunningImportance } from './selectors';

export interface ImportanceState {
  /** The inspected model when it can be scored; null hides the panel's work. */
  model: ImportanceModel | null;

  form: ImportanceForm;
  /** The label shown is the guess from the header, not the user's pick. */
  labelGuessed: boolean;
  /** The data file's header once read; null before, or when it could not be read. */
  columns: string[] | null;
  columnsStatus: LoadStatus;
  columnsError: string | null;
  setData(path: string): void;
  /** Reads the header now (on Enter or leaving the field) instead of after the pause. */
  loadColumns(): Promise<void>;
  setLabel(label: string | null): void;
  setForm(patch: Partial<Pick<ImportanceForm, 'scorer' | 'repeats' | 'seed'>>): void;

  job: RunningImportance | null;
  starting: boolean;
  startError: string | null;
  cancelError: string | null;
  start(): Promise<void>;
  cancel(): Promise<void>;

  /** Every recorded importance job (views filter to the model with modelJobs). */
  jobs: ScoringJob[];
  jobsStatus: LoadStatus;
  jobsError: string | null;
  loadJobs(): Promise<void>;
  /** The recorded job picked to show; null shows the newest with a result. */
  selectedJobId: number | null;
  select(jobId: number | null): void;

  /** Follows the model, the progress events and lists the jobs; returns the function that stops. */
  startSync(): () => void;
}

/** Where the model comes from: the scoring store in the app, a stub in tests. */
export interface ModelTarget {
  current(): ImportanceModel | null;
  subscribe(listener: () => void): () => void;
}

export interface ImportanceDeps {
  client: ImportanceClient;
  model: ModelTarget;
  now?: () => number;
  /** The pause after typing a data path before its header is read; 300 ms by default. */
  columnsDelayMs?: number;
}

export const IMPORTANCE_JOBS_LIMIT = 200;

export const DEFAULT_FORM: ImportanceForm = { data: '', label: null, scorer: 'accuracy', repeats: 5, seed: null };

const ended = (status: ImportanceProgress['status']) => status !== 'running';

export function createImportanceStore(deps: ImportanceDeps): StoreApi<ImportanceState> {
  const { client } = deps;
  const now = deps.now ?? Date.now;
  const headers = createRequestCounter();
  const jobLists = createRequestCounter();
  /** Progress that came while a start waited for its job id. */
  let early = new Map<number, ImportanceProgress>();

  return createStore<ImportanceState>()((set, get) => {
    const readColumns = async (): Promise<void> => {
      const path = get().form.data.trim();
      if (!path) return;
      const id = headers.next();
      set({ columnsStatus: 'loading', columnsError: null });
      const result = await client.columns(path);
      // A newer path was typed meanwhile: its own read answers.
      if (!headers.isLatest(id) || get().form.data.trim() !== path) return;
      if (!result.ok) return set({ columnsStatus: 'error', columnsError: result.error.message, columns: null });
      const columns = result.value.columns;
      const { form, labelGuessed } = get();
      // Keep a label the user picked if this file has it too; otherwise guess again.
      const keep = form.label !== null && columns.includes(form.label) && !labelGuessed;
      const label = keep ? form.label : guessLabelColumn(columns, deps.model.current()?.features);
      set({ columnsStatus: 'ready', columns, form: { ...form, label }, labelGuessed: !keep && label !== null });
    };
    const readSoon = debounce(() => void readColumns(), deps.columnsDelayMs ?? 300);

    /** A progress event for the job this window follows; an ending one freezes the clock and shows its result. */
    const follow = (job: RunningImportance, progress: ImportanceProgress): void => {
      // An ending is final: a late 'running' must not bring the Cancel back.
      if (job.progress && ended(job.progress.status)) return;
      const done = ended(progress.status);
      set({ job: { ...job, progress, endedAt: done ? now() : null } });
      if (progress.status === 'finished' && sameModel(job.model, get().model)) set({ selectedJobId: job.jobId });
    };

    const modelChanged = (): void => {
      const next = deps.model.current();
      const { model, job } = get();
      if (sameModel(model, next)) return set({ model: next });
      // Another model: its own jobs; a job still running stays in view so it can be cancelled.
      set({ model: next, selectedJobId: null, job: isRunning(job) ? job : null, startError: null, cancelError: null });
    };

    return {
      model: deps.model.current(),

      form: DEFAULT_FORM,
      labelGuessed: false,
      columns: null,
      columnsStatus: 'idle',
      columnsError: null,
      setData(data) {
        headers.next(); // an answer for the old path is stale now
        set({ form: { ...get().form, data }, columns: null, columnsStatus: 'idle', columnsError: null, startError: null });
        if (data.trim()) readSoon.call();
        else readSoon.cancel();
      },
      async loadColumns() {
        readSoon.cancel();
        const { columns, columnsStatus } = get();
        if (columns !== null || columnsStatus === 'loading') return;
        await readColumns();
      },
      setLabel: (label) => set({ form: { ...get().form, label }, labelGuessed: false, startError: null }),
      setForm: (patch) => set({ form: { ...get().form, ...patch }, startError: null }),

      job: null,
      starting: false,
      startError: null,
      cancelError: null,
      async start() {
        const { model, form, columns, job, starting } = get();
        if (!model || starting || isRunning(job) || formIssue(form, columns, model) !== null || form.label === null) return;
        set({ starting: true, startError: null, cancelError: null });
        const result = await client.start({
          model: model.source,
          data: form.data.trim(),
          label: form.label,
          scorer: form.scorer,
          repeats: form.repeats,
          ...(form.seed === null ? {} : { seed: form.seed }),
        });
        const seen = early;
        early = new Map();
        if (!result.ok) return set({ starting: false, startError: result.error.message });
        const { jobId } = result.value;
        const started: RunningImportance = { jobId, model, startedAt: now(), endedAt: null, progress: null };
        set({ starting: false, job: started });
        // A fast job's events may have come before the answer: apply the newest seen.
        const first = seen.get(jobId);
        if (first) follow(started, first);
        void get().loadJobs();
      },
      async cancel() {
        const { job } = get();
        if (!job || !isRunning(job)) return;
        const result = await client.cancel(job.jobId);
        set({ cancelError: result.ok ? null : result.error.message });
      },

      jobs: [],
      jobsStatus: 'idle',
      jobsError: null,
      async loadJobs() {
        const id = jobLists.next();
        set({ jobsStatus: 'loading' });
        const result = await client.jobs(IMPORTANCE_JOBS_LIMIT);
        if (!jobLists.isLatest(id)) return;
        if (!result.ok) return set({ jobsStatus: 'error', jobsError: result.error.message });
        set({ jobsStatus: 'ready', jobs: result.value, jobsError: null });
      },
      selectedJobId: null,
      select: (selectedJobId) => set({ selectedJobId }),

      startSync() {
        const offProgress = client.onProgress((progress) => {
          const { job, starting } = get();
          if (ended(progress.status)) void get().loadJobs();
          if (starting && progress.jobId !== job?.jobId) return void early.set(progress.jobId, progress);
          if (job && job.jobId === progress.jobId) follow(job, progress);
        });
        const offModel = deps.model.subscribe(modelChanged);
        modelChanged();
        void get().loadJobs();
        return () => {
          offProgress();
          offModel();
          readSoon.cancel();
        };
      },
    };
  });
}

/** The scoring view's inspected model, when it can be scored. */
const inspectedModel: ModelTarget = {
  current: () => modelOf(scoringStore.getState().inspection),
  subscribe: (listener) =>
    scoringStore.subscribe((state, previous) => {
      if (state.inspection !== previous.inspection) listener();
    }),
};

export const importanceStore = createImportanceStore({ client: importanceClient, model: inspectedModel });

export function useImportanceStore<T>(selector: (state: ImportanceState) => T): T {
  return useStore(importanceStore, selector);
}
