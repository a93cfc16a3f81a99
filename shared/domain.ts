// Domain types shared by the backend, the renderer, the CLI and the tests.

/** MLflow's run status words, used everywhere Runlens names a status. */
export const runStatuses = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED', 'SCHEDULED'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** Where a run was read from: one of shared/sources.ts. */
export { runSources, type RunSource } from './sources';
import type { RunSource } from './sources';

export interface Project {
  id: number;
  path: string;
  addedAt: number;
  runCount: number;
  /** False when the folder vanished or cannot be read; `problem` says why. */
  available: boolean;
  problem: string | null;
  /** How changes are noticed: OS events, or polling when the OS watcher limit was hit. */
  watchMode: 'events' | 'polling' | 'none';
}

/** What a table or filter needs of one metric series, kept up to date on ingest. */
export interface MetricSummary {
  last: number;
  min: number;
  max: number;
  lastStep: number;
  count: number;
}

export interface Run {
  id: string;
  projectId: number;
  source: RunSource;
  experiment: string;
  name: string;
  path: string;
  status: RunStatus;
  /** Why a run has the status it has, when Runlens inferred it (a lost heartbeat). */
  statusReason: string | null;
  startTime: number | null;
  endTime: number | null;
  /** Last time anything of the run changed on disk (ms since epoch). */
  lastActivity: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, MetricSummary>;
  warningCount: number;
  /** Deleted in its source (MLflow's lifecycle_stage "deleted"); hidden by default. */
  deleted: boolean;
}

export interface MetricSeries {
  key: string;
  steps: number[];
  timestamps: number[];
  values: number[];
}

export interface Artifact {
  path: string;
  size: number;
}

export interface RunDetail extends Run {
  /** Tags of the run's experiment, where its source has them (MLflow); `mlflow.note.content` is its description. */
  experimentTags: Record<string, string>;
  artifacts: Artifact[];
  warnings: IngestWarning[];
}

/** A problem met while reading a file: skipped, counted, never fatal. */
export interface IngestWarning {
  path: string;
  runId: string | null;
  message: string;
  /** How many times it happened (for example malformed lines in one file). */
  count: number;
  at: number;
}

export interface IngestSummary {
  projectPath: string;
  runsFound: number;
  filesRead: number;
  pointsAdded: number;
  linesSkipped: number;
  /** The user stopped the read: what was read so far is kept, the rest is read at the next start or when the folder is added again. */
  cancelled: boolean;
  warnings: IngestWarning[];
}

/** How far a full read of a project folder has come (a read runs off the main thread). */
export interface IngestProgress {
  projectId: number;
  projectPath: string;
  runsDone: number;
  runsTotal: number;
  pointsAdded: number;
  done: boolean;
  cancelled: boolean;
}

/** A model in a registry Runlens read (MLflow's, for now). */
export interface RegisteredModel {
  name: string;
  projectId: number;
  source: RunSource;
  /** The folder or file the registry was read from. */
  location: string;
  description: string | null;
  createdTime: number | null;
  updatedTime: number | null;
  tags: Record<string, string>;
  aliases: Record<string, number>;
  versions: ModelVersion[];
}

export interface ModelVersion {
  version: number;
  /** MLflow's stage words: None, Staging, Production, Archived. */
  stage: string | null;
  status: string | null;
  sourceUri: string | null;
  /** The run id in the source (MLflow run_uuid). */
  sourceRunId: string | null;
  /** The Runlens run id, when that run was read too. */
  runId: string | null;
  description: string | null;
  createdTime: number | null;
  updatedTime: number | null;
  tags: Record<string, string>;
  aliases: string[];
}
