// The Scoring area's state: the model the user named and its inspection (with
// a 2-D input's feature order, confirmed once when the model names none), the
// batch job form with the input's label column, the job running (from
// `scoring/progress`; a finished one with labels opens its evaluation), the
// recorded jobs (refetched when a job ends), and the what-if form over a
// reference dataset.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { DatasetSummary, ModelInspection, ModelSource, WhatIfPrediction } from '../../../shared/scoring/inspection';
import type { ScoringJob } from '../../../shared/scoring/jobs';
import { scoringClient, type ScoringClient, type ScoringProgress } from '../../api/scoringClient';
import { createCoalescer, createRequestCounter, debounce, type LoadStatus } from '../latest';
import { uiStore } from '../ui/store';
import { guessLabelColumn } from '../../../shared/evaluation/labelColumn';
import { orderReady, proposalIssue } from './featureOrder';
import { fieldsOf, referenceValues, whatIfFeatures, type FieldValue, type WhatIfField } from './helpers';
import { evaluable, selectFeatureOrder } from './selectors';

export type MissingPolicy = 'fail' | 'nan';

export interface JobForm {
  input: string;
  output: string;
  missing: MissingPolicy;
  /** Worker threads; null leaves it to the backend. */
  threads: number | null;
  /** The input's column of true classes (kept in the output, which can then be evaluated); null: none. */
  labelColumn: string | null;
}

/** The job this window started: its id, when, and the newest progress. */
export interface RunningJob {
  jobId: number;
  startedAt: number;
  progress: ScoringProgress | null;
}

export interface ScoringState {
  modelPath: string;
  inspection: ModelInspection | null;
  inspectStatus: LoadStatus;
  inspectError: ApiError | null;
  setModelPath(path: string): void;
  inspect(): Promise<void>;

  /** The order just confirmed, sent with requests until the re-inspection shows it remembered. */
  confirmedOrder: string[] | null;
  /** Columns the user unticked in the proposed order. */
  orderLeftOut: string[];
  orderSaving: boolean;
  orderError: ApiError | null;
  setOrderColumn(column: string, included: boolean): void;
  /** Remembers the proposed order for this model, then inspects it again. */
  confirmFeatureOrder(): Promise<void>;
  /** Forgets the remembered order: it is asked for again. */
  forgetFeatureOrder(): Promise<void>;

  form: JobForm;
  setForm(patch: Partial<JobForm>): void;
  /** The input's header, once read for the input typed; null before (the backend then guesses the label column). */
  inputColumns: { path: string; columns: string[] } | null;
  inputColumnsStatus: LoadStatus;
  inputColumnsError: ApiError | null;
  /** Reads the input's header now (the form also does so shortly after the input is typed). */
  loadInputColumns(): Promise<void>;
  job: RunningJob | null;
  starting: boolean;
  startError: ApiError | null;
  start(): Promise<void>;
  cancel(): Promise<void>;

  jobs: ScoringJob[];
  jobsStatus: LoadStatus;
  jobsError: ApiError | null;
  loadJobs(): Promise<void>;

  datasetPath: string;
  dataset: DatasetSummary | null;
  datasetStatus: LoadStatus;
  datasetError: ApiError | null;
  setDatasetPath(path: string): void;
  loadDataset(): Promise<void>;
  /** The what-if form's features (model order) and their fields. */
  fields: WhatIfField[];
  referenceRow: number | null;
  values: Record<string, FieldValue>;
  prediction: WhatIfPrediction | null;
  predictStatus: LoadStatus;
  predictError: ApiError | null;
  pickReference(row: number): void;
  setValue(feature: string, value: FieldValue): void;
  resetToReference(): void;

  /** Follows the progress events and lists the jobs; returns the function that stops. */
  startSync(): () => void;
}

export interface ScoringDeps {
  client: ScoringClient;
  now?: () => number;
  /** How long the input path must rest before its header is read; 300 ms by default. */
  columnsDelayMs?: number;
  /** Opens a finished job's evaluation (the app goes to `#/evaluation?job=<id>`). */
  openEvaluation?: (jobId: number) => void;
}

export const JOBS_LIMIT = 100;
const ended = (status: ScoringProgress['status']) => status !== 'running';

export function createScoringStore(deps: ScoringDeps): StoreApi<ScoringState> {
  const { client } = deps;
  const now = deps.now ?? Date.now;
  const inspects = createRequestCounter();
  const jobLists = createRequestCounter();
  const datasets = createRequestCounter();
  const predictions = createRequestCounter();
  const headers = createRequestCounter();
  let explicitFeatures: string[] | null = null;
  /** Progress that came while a start waited for its job id. */
  let early = new Map<number, ScoringProgress>();
  /** This window's job that just ended: its evaluation opens once the list says it kept labels. */
  let toOpen: number | null = null;

  return createStore<ScoringState>()((set, get) => {
    const model = (): ModelSource | null => {
      const { inspection } = get();
      return inspection && !inspection.unscorable ? inspection.source : null;
    };

    const predictNow = async (): Promise<void> => {
      const source = model();
      const { fields, values } = get();
      if (!source || fields.length === 0) return;
      const id = predictions.next();
      set({ predictStatus: 'loading' });
      const row: Record<string, FieldValue> = {};
      for (const field of fields) row[field.feature] = values[field.feature];
      const result = await client.predict(source, [row], explicitFeatures ?? undefined);
      if (!predictions.isLatest(id)) return; // a newer value was sent meanwhile
      if (!result.ok) return set({ predictStatus: 'error', predictError: result.error });
      set({ predictStatus: 'ready', prediction: result.value, predictError: null });
    };
    const predictSoon = createCoalescer(predictNow);
    const headerSoon = debounce(() => void get().loadInputColumns(), deps.columnsDelayMs ?? 300);

    /** The form's fields again, after a new model, dataset or order; values from the reference row. */
    const rebuildForm = (): void => {
      const { inspection, dataset, confirmedOrder } = get();
      const { features, explicit } = whatIfFeatures(inspection, confirmedOrder);
      explicitFeatures = explicit ? features : null;
      const fields = fieldsOf(features, dataset);
      const referenceRow = dataset && dataset.rows.length > 0 ? (get().referenceRow ?? 0) : null;
      predictions.next();
      set({ fields, referenceRow, values: referenceValues(fields, dataset, referenceRow), prediction: null, predictStatus: 'idle', predictError: null });
      predictSoon.call();
    };

    const inspectSource = async (source: ModelSource): Promise<void> => {
      const id = inspects.next();
      set({ inspectStatus: 'loading', inspectError: null, startError: null });
      const result = await client.inspect(source);
      if (!inspects.isLatest(id)) return;
      if (!result.ok) return set({ inspectStatus: 'error', inspectError: result.error, inspection: null, confirmedOrder: null });
      // The re-inspection landed: the backend now knows the order, no need to send it.
      set({ inspectStatus: 'ready', inspection: result.value, confirmedOrder: null, orderError: null });
      rebuildForm();
    };

    /** Remembers (or forgets) the model's order, then inspects the same model again, unless another was opened meanwhile. */
    const rememberOrder = async (features: string[] | null): Promise<void> => {
      const source = model();
      if (!source || get().orderSaving) return;
      const before = inspects.latest();
      set({ orderSaving: true, orderError: null });
      const result = await client.setFeatureOrder(source, features);
      if (inspects.latest() !== before) return set({ orderSaving: false });
      if (!result.ok) return set({ orderSaving: false, orderError: result.error });
      set({ orderSaving: false, confirmedOrder: features, orderLeftOut: [] });
      rebuildForm();
      await inspectSource(source);
    };

    /** After a job list: opens the evaluation of this window's job that just ended, if it kept labels. */
    const openIfEvaluable = (jobs: ScoringJob[]): void => {
      const done = toOpen === null ? undefined : jobs.find((job) => job.id === toOpen);
      if (!done || done.status === 'running') return;
      toOpen = null;
      if (evaluable(done)) (deps.openEvaluation ?? (() => undefined))(done.id);
    };

    return {
      modelPath: '',
      inspection: null,
      inspectStatus: 'idle',
      inspectError: null,
      setModelPath: (modelPath) => set({ modelPath }),
      async inspect() {
        const path = get().modelPath.trim();
        if (!path) return;
        set({ orderLeftOut: [], orderError: null });
        await inspectSource({ kind: 'file', path });
      },

      confirmedOrder: null,
      orderLeftOut: [],
      orderSaving: false,
      orderError: null,
      setOrderColumn(column, included) {
        const rest = get().orderLeftOut.filter((name) => name !== column);
        set({ orderLeftOut: included ? rest : [...rest, column], orderError: null });
      },
      async confirmFeatureOrder() {
        const view = selectFeatureOrder(get());
        if (view.kind !== 'proposed' || proposalIssue(view) !== null) return;
        await rememberOrder(view.features);
      },
      async forgetFeatureOrder() {
        const view = selectFeatureOrder(get());
        if (view.kind !== 'known' || view.source !== 'remembered') return;
        await rememberOrder(null);
      },

      form: { input: '', output: '', missing: 'fail', threads: null, labelColumn: null },
      setForm(patch) {
        const inputChanged = patch.input !== undefined && patch.input.trim() !== get().form.input.trim();
        set({ form: { ...get().form, ...patch }, startError: null });
        if (!inputChanged) return;
        headers.next(); // an answer for the path typed before is stale
        set({ inputColumns: null, inputColumnsStatus: 'idle', inputColumnsError: null, form: { ...get().form, labelColumn: null }, orderLeftOut: [] });
        if (get().form.input.trim()) headerSoon.call();
        else headerSoon.cancel();
      },
      inputColumns: null,
      inputColumnsStatus: 'idle',
      inputColumnsError: null,
      async loadInputColumns() {
        headerSoon.cancel();
        const path = get().form.input.trim();
        if (!path || get().inputColumns?.path === path) return;
        const id = headers.next();
        set({ inputColumnsStatus: 'loading', inputColumnsError: null });
        const result = await client.columns(path);
        if (!headers.isLatest(id) || get().form.input.trim() !== path) return;
        if (!result.ok) return set({ inputColumnsStatus: 'error', inputColumnsError: result.error, inputColumns: null });
        const { columns } = result.value;
        set({ inputColumns: { path, columns }, inputColumnsStatus: 'ready', form: { ...get().form, labelColumn: guessLabelColumn(columns, whatIfFeatures(get().inspection, get().confirmedOrder).features) }, orderLeftOut: [] });
      },
      job: null,
      starting: false,
      startError: null,
      async start() {
        const source = model();
        const state = get();
        const { form, job } = state;
        const running = job !== null && (job.progress === null || job.progress.status === 'running');
        if (!source || !form.input.trim() || !form.output.trim() || running || state.starting || !orderReady(selectFeatureOrder(state))) return;
        const input = form.input.trim();
        // The label column as the user saw it picked; before the header is read, the backend guesses it.
        const header = state.inputColumns?.path === input;
        set({ starting: true, startError: null });
        const result = await client.score({
          model: source,
          input,
          output: form.output.trim(),
          missing: form.missing,
          ...(form.threads === null ? {} : { threads: form.threads }),
          ...(header ? { labelColumn: form.labelColumn } : {}),
          ...(state.confirmedOrder ? { features: state.confirmedOrder } : {}),
        });
        const seen = early;
        early = new Map();
        if (!result.ok) return set({ starting: false, startError: result.error });
        const { jobId } = result.value;
        // A fast job's events may have come before the answer: keep the newest seen.
        const progress = seen.get(jobId) ?? null;
        if (progress?.status === 'finished') toOpen = jobId;
        set({ starting: false, job: { jobId, startedAt: now(), progress } });
        void get().loadJobs();
      },
      async cancel() {
        const { job } = get();
        if (!job) return;
        await client.cancel(job.jobId);
      },

      jobs: [],
      jobsStatus: 'idle',
      jobsError: null,
      async loadJobs() {
        const id = jobLists.next();
        set({ jobsStatus: 'loading' });
        const result = await client.jobs(JOBS_LIMIT);
        if (!jobLists.isLatest(id)) return;
        if (!result.ok) return set({ jobsStatus: 'error', jobsError: result.error });
        set({ jobsStatus: 'ready', jobs: result.value, jobsError: null });
        openIfEvaluable(result.value);
      },

      datasetPath: '',
      dataset: null,
      datasetStatus: 'idle',
      datasetError: null,
      setDatasetPath: (datasetPath) => set({ datasetPath }),
      async loadDataset() {
        const path = get().datasetPath.trim();
        if (!path) return;
        const id = datasets.next();
        set({ datasetStatus: 'loading', datasetError: null });
        const result = await client.dataset(path);
        if (!datasets.isLatest(id)) return;
        if (!result.ok) return set({ datasetStatus: 'error', datasetError: result.error });
        set({ datasetStatus: 'ready', dataset: result.value, referenceRow: null, ...(get().inputColumns ? {} : { orderLeftOut: [] }) });
        rebuildForm();
      },
      fields: [],
      referenceRow: null,
      values: {},
      prediction: null,
      predictStatus: 'idle',
      predictError: null,
      pickReference(row) {
        const { fields, dataset } = get();
        set({ referenceRow: row, values: referenceValues(fields, dataset, row) });
        predictSoon.call();
      },
      setValue(feature, value) {
        set({ values: { ...get().values, [feature]: value } });
        predictSoon.call();
      },
      resetToReference() {
        get().pickReference(get().referenceRow ?? 0);
      },

      startSync() {
        const off = client.onProgress((progress) => {
          const { job, starting } = get();
          const ours = job !== null && job.jobId === progress.jobId;
          // Before the list is asked for again, so its answer can open this job's evaluation.
          if (ours && progress.status === 'finished') toOpen = progress.jobId;
          if (ended(progress.status)) void get().loadJobs();
          if (starting && !ours) return void early.set(progress.jobId, progress);
          if (ours) set({ job: { ...job, progress } });
        });
        void get().loadJobs();
        return () => {
          off();
          // Gone from the area: a job ending now must not pull the user back to its evaluation.
          toOpen = null;
          predictSoon.cancel();
          headerSoon.cancel();
        };
      },
    };
  });
}

export const scoringStore = createScoringStore({ client: scoringClient, openEvaluation: (jobId) => uiStore.getState().openEvaluation({ jobId }) });

export function useScoringStore<T>(selector: (state: ScoringState) => T): T {
  return useStore(scoringStore, selector);
}
