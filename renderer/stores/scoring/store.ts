// The Scoring area's state: the model the user named and its inspection, the
// batch job form and the job running (from `scoring/progress`), the recorded
// jobs (refetched when a job ends), and the what-if form over a reference dataset.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { DatasetSummary, ModelInspection, ModelSource, WhatIfPrediction } from '../../../shared/scoring/inspection';
import type { ScoringJob } from '../../../shared/scoring/jobs';
import { scoringClient, type ScoringClient, type ScoringProgress } from '../../api/scoringClient';
import { createRequestCounter, debounce, type LoadStatus } from '../latest';
import { fieldsOf, referenceValues, whatIfFeatures, type FieldValue, type WhatIfField } from './helpers';

export type MissingPolicy = 'fail' | 'nan';

export interface JobForm {
  input: string;
  output: string;
  missing: MissingPolicy;
  /** Worker threads; null leaves it to the backend. */
  threads: number | null;
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

  form: JobForm;
  setForm(patch: Partial<JobForm>): void;
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
  /** The what-if debounce; 120 ms by default. */
  predictDelayMs?: number;
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
  let explicitFeatures: string[] | null = null;
  /** Progress that came while a start waited for its job id. */
  let early = new Map<number, ScoringProgress>();

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
    const predictSoon = debounce(() => void predictNow(), deps.predictDelayMs ?? 120);

    /** The form's fields again, after a new model or a new dataset; values from the reference row. */
    const rebuildForm = (): void => {
      const { inspection, dataset } = get();
      const { features, explicit } = whatIfFeatures(inspection, dataset);
      explicitFeatures = explicit ? features : null;
      const fields = fieldsOf(features, dataset);
      const referenceRow = dataset && dataset.rows.length > 0 ? (get().referenceRow ?? 0) : null;
      predictions.next();
      set({ fields, referenceRow, values: referenceValues(fields, dataset, referenceRow), prediction: null, predictStatus: 'idle', predictError: null });
      predictSoon.call();
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
        const id = inspects.next();
        set({ inspectStatus: 'loading', inspectError: null, startError: null });
        const result = await client.inspect({ kind: 'file', path });
        if (!inspects.isLatest(id)) return;
        if (!result.ok) return set({ inspectStatus: 'error', inspectError: result.error, inspection: null });
        set({ inspectStatus: 'ready', inspection: result.value });
        rebuildForm();
      },

      form: { input: '', output: '', missing: 'fail', threads: null },
      setForm: (patch) => set({ form: { ...get().form, ...patch }, startError: null }),
      job: null,
      starting: false,
      startError: null,
      async start() {
        const source = model();
        const { form, job } = get();
        const running = job !== null && (job.progress === null || job.progress.status === 'running');
        if (!source || !form.input.trim() || !form.output.trim() || running || get().starting) return;
        set({ starting: true, startError: null });
        const result = await client.score({
          model: source,
          input: form.input.trim(),
          output: form.output.trim(),
          missing: form.missing,
          ...(form.threads === null ? {} : { threads: form.threads }),
          ...(explicitFeatures ? { features: explicitFeatures } : {}),
        });
        const seen = early;
        early = new Map();
        if (!result.ok) return set({ starting: false, startError: result.error });
        const { jobId } = result.value;
        // A fast job's events may have come before the answer: keep the newest seen.
        set({ starting: false, job: { jobId, startedAt: now(), progress: seen.get(jobId) ?? null } });
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
        set({ datasetStatus: 'ready', dataset: result.value, referenceRow: null });
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
          if (ended(progress.status)) void get().loadJobs();
          if (starting && progress.jobId !== job?.jobId) return void early.set(progress.jobId, progress);
          if (!job || job.jobId !== progress.jobId) return;
          set({ job: { ...job, progress } });
        });
        void get().loadJobs();
        return () => {
          off();
          predictSoon.cancel();
        };
      },
    };
  });
}

export const scoringStore = createScoringStore({ client: scoringClient });

export function useScoringStore<T>(selector: (state: ScoringState) => T): T {
  return useStore(scoringStore, selector);
}
