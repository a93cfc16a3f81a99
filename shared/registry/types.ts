// Runlens's own model registry, as every side sees it: registered models,
// their versions with lineage, stages and aliases, promotion gates, and the
// append-only audit trail. Declared once; the backend's tables (migration 10),
// the API (shared/api.ts), the CLI and the views all use these words.

/** MLflow's stage words, in the order the stage lanes show them. */
export const stages = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof stages)[number];

/** A registered model's name: any text but control characters, at most 256 characters. */
export const MODEL_NAME_MAX = 256;
/** An alias (`champion`, `challenger`, …): at most 256 bytes in UTF-8, as MLflow allows. */
export const ALIAS_MAX_BYTES = 256;

/** Whether the registered file is still the one that was registered. */
export type FileState = 'ok' | 'changed' | 'missing';

/** A dataset the source run recorded (MLflow dataset inputs, native dataset records). */
export interface VersionDataset {
  name: string;
  digest: string | null;
  /** Where it came from, as the run recorded it (a path or URI), when known. */
  source: string | null;
  /** "training", "evaluation", …, as the run tagged it. */
  context: string | null;
  rows: number | null;
}

/** One input or output of the model, from the ONNX graph or the MLmodel signature. */
export interface SchemaField {
  name: string;
  type: string;
  shape: string | null;
}

export interface VersionSchema {
  /** 'onnx': read from the graph; 'mlmodel': the MLflow signature; null: neither was found. */
  from: 'onnx' | 'mlmodel' | null;
  inputs: SchemaField[];
  outputs: SchemaField[];
}

/** Where a version came from when it was not registered here from a run. */
export type VersionOrigin =
  | { kind: 'run' }
  | { kind: 'mlflow'; location: string; name: string; version: number }
  | { kind: 'import'; archive: string };

export interface ModelVersionRecord {
  model: string;
  version: number;
  stage: Stage;
  aliases: string[];
  /** The Runlens run it was registered from, when known (it may since have gone). */
  runId: string | null;
  runName: string | null;
  experiment: string | null;
  /** The path inside the run's artifacts (a file or an MLflow model folder). */
  artifactPath: string;
  /** The file that was hashed and is scored: absolute. */
  filePath: string;
  sha256: string;
  size: number;
  /** The copy kept in Runlens's data folder, when asked for. */
  copyPath: string | null;
  fileState: FileState;
  schema: VersionSchema;
  datasets: VersionDataset[];
  gitCommit: string | null;
  /** The run's params and metrics (last values) at registration: a snapshot, not a link. */
  params: Record<string, string>;
  metrics: Record<string, number>;
  description: string | null;
  tags: Record<string, string>;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  origin: VersionOrigin;
}

export interface RegistryModel {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  latestVersion: number | null;
  /** Which versions hold each stage now (Production may hold several when not archived). */
  stageHolders: Record<Stage, number[]>;
  aliases: Record<string, number>;
  gates: GateRule[];
  hooks: TransitionHook[];
}

export interface RegistryModelDetail extends RegistryModel {
  versions: ModelVersionRecord[];
}

/** Where a gate applies: entering a stage, or taking an alias. */
export type GateTarget = { kind: 'stage'; stage: Exclude<Stage, 'None' | 'Archived'> } | { kind: 'alias'; alias: string };

/** MLflow's MetricThreshold (mlflow.models.MetricThreshold), field for field. */
export interface MetricThreshold {
  threshold: number | null;
  minAbsoluteChange: number | null;
  minRelativeChange: number | null;
  greaterIsBetter: boolean;
}

/** A frozen evaluation set both models are scored on: a labeled CSV. */
export interface EvaluationSet {
  path: string;
  labelColumn: string;
}

/** The metrics a re-score can compute (shared/evaluation's, against scikit-learn). */
export const rescoreMetrics = ['accuracy', 'balanced_accuracy', 'f1', 'precision', 'recall', 'roc_auc', 'log_loss'] as const;
export type RescoreMetric = (typeof rescoreMetrics)[number];

export type GateRule = { id: string; targets: GateTarget[] } & (
  | { kind: 'description' }
  | { kind: 'tags'; tags: string[] }
  /** In the runs filter syntax, on the version's metrics and params: `metrics.f1 >= 0.85`. */
  | { kind: 'expression'; expression: string }
  /** Beats the version holding `champion` on a metric; re-scored on `evaluationSet` when given, else the recorded metrics. */
  | { kind: 'beatsChampion'; metric: string; champion: string; evaluationSet: EvaluationSet | null } & MetricThreshold
  /** The source run recorded this dataset (by name or digest). */
  | { kind: 'evaluatedOn'; dataset: string }
);
export type GateKind = GateRule['kind'];

export interface GateResult {
  ruleId: string;
  kind: GateKind;
  passed: boolean;
  /** One sentence with the numbers: "f1 0.912 ≥ 0.85", "no description". */
  detail: string;
  /** The numbers compared, when there are any (NaN and ±Infinity cross unchanged). */
  candidate?: number | null;
  baseline?: number | null;
  /** The re-score's frozen set, when the rule re-scored. */
  evaluationSetSha256?: string | null;
}

/** A command the user configured in Runlens to run after a transition (never from project data). */
export interface TransitionHook {
  id: string;
  command: string;
  /** Run on these moves: entering a stage, or an alias set. */
  targets: GateTarget[];
  notify: boolean;
}

export interface HookRun {
  command: string;
  exitCode: number | null;
  /** The end of its output (stdout and stderr), bounded. */
  output: string;
  error: string | null;
}

export const auditKinds = ['registered', 'stage', 'alias-set', 'alias-removed', 'gate-failed', 'override', 'edited', 'gates-changed', 'hook', 'copied', 'imported'] as const;
export type AuditKind = (typeof auditKinds)[number];

/** One append-only event of the audit trail. */
export interface AuditEvent {
  id: number;
  model: string;
  version: number | null;
  kind: AuditKind;
  at: number;
  actor: string;
  /** A stage or alias before and after, a field's old and new value. */
  from: string | null;
  to: string | null;
  comment: string | null;
  gates: GateResult[] | null;
  hook: HookRun | null;
}

/** What held each stage and alias of a model at one moment. */
export interface AsOf {
  model: string;
  at: number;
  stages: Record<Stage, number[]>;
  aliases: Record<string, number>;
  /** The last event at or before `at`, or null when the model did not exist yet. */
  lastEvent: AuditEvent | null;
}

/** The answer to a transition or alias move: done, or blocked by the gates (then nothing changed). */
export interface TransitionOutcome {
  done: boolean;
  gates: GateResult[];
  /** The versions moved to Archived by `archiveExisting`. */
  archived: number[];
  hook: HookRun | null;
  version: ModelVersionRecord;
}

/** A version's lineage: the data and code behind it, and what used it since. */
export interface VersionLineage {
  version: ModelVersionRecord;
  run: { id: string; name: string; experiment: string; exists: boolean } | null;
  datasets: VersionDataset[];
  gitCommit: string | null;
  /** Scoring and importance jobs that scored this model's file (matched by SHA-256). */
  scoringJobs: { id: number; kind: string; inputPath: string; startedAt: number; status: string }[];
}

/** What an import did: a second import of the same archive adds nothing. */
export interface ImportOutcome {
  model: string;
  versionsAdded: number;
  eventsAdded: number;
  unchanged: boolean;
}

/** What a notifying hook tells the user after a move. */
export interface RegistryNotice {
  model: string;
  version: number;
  target: GateTarget;
  /** One sentence: "churn version 3 entered Production" (+ how the hook's command ended). */
  text: string;
  hook: HookRun | null;
}
