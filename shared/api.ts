// The one API between the renderer (or any client) and the backend, declared
// once: each request is a value with its argument schema and its result type.
// The list of names, the arguments a client may send, the backend's
// validation and the handlers' types are all derived from it, so a request
// without a handler, or a handler of the wrong type, does not compile.
// Electron IPC and the HTTP/WebSocket server both carry exactly this map.
import type {
  IngestProgress,
  IngestSummary,
  IngestWarning,
  MetricSeries,
  Project,
  RegisteredModel,
  Run,
  RunDetail,
} from './domain';
import type { ArtifactPreview } from './artifactPreview';
import type { EvaluationProgress, PredictionColumns, PredictionRows, RunPredictions, ColumnMapping } from './evaluation/predictionSets';
import type { Evaluation, GroupTable } from './evaluation/types';
import type { DatasetSummary, FeatureOrder, ImportanceProgress, ModelInspection, ScoringProgress, WhatIfPrediction } from './scoring/inspection';
import { importanceScorers } from './scoring/jobs';
import type { ScoringJob } from './scoring/jobs';
import { ALIAS_MAX_BYTES, MODEL_NAME_MAX, stages, type RegistryNotice, type AsOf, type AuditEvent, type GateResult, type ImportOutcome, type ModelVersionRecord, type RegistryModel, type RegistryModelDetail, type TransitionOutcome, type VersionLineage } from './registry/types';
import type { BatchDetail, DriftAlert, DriftMonitor, DriftProgress, DriftReport, MonitorDetail } from './drift/monitor';
import { addMonitorArgs, compareSettings, monitorId, monitorName, monitorSettings } from './drift/schemas';
import type { Result } from './errors';
import { columnKinds, metricSummaries, runAttributes, type RunAnnotation, type RunColumnsAvailable, type RunsPage } from './runQuery';
import { boolean, fields, integer, list, noArgs, number, oneOf, optional, projectId, runId, text, v } from './schema';

/** A column of the runs table, as a request names it (see RunColumn). */
const runColumn = v.variant(
  'kind',
  [
    v.strictObject({ kind: v.literal(columnKinds[0]), name: oneOf(runAttributes) }),
    v.strictObject({ kind: v.literal(columnKinds[1]), name: text(1024) }),
    v.strictObject({ kind: v.literal(columnKinds[2]), name: text(1024) }),
    v.strictObject({ kind: v.literal(columnKinds[3]), name: text(1024), summary: optional(oneOf(metricSummaries)) }),
  ],
  `must be a column: an object whose kind is ${columnKinds.join(', ')}`,
);

/**
 * A prediction set: a run's table (its artifact path), or a scoring job's
 * output (the job's id; `path` is then the output file's name). Exactly one
 * of runId and jobId.
 */
const predictionSet = { runId: optional(runId), jobId: optional(integer(1)), path: text() };

const columnMapping = fields({
  label: text(1024),
  scores: list(text(1024), 1000),
  scoreClasses: list(text(1024), 1000),
  positive: v.nullable(text(1024)),
});

/** A model to score: a file or MLflow model folder on disk, or a run's artifact. */
const modelSource = v.variant(
  'kind',
  [v.strictObject({ kind: v.literal('file'), path: text() }), v.strictObject({ kind: v.literal('artifact'), runId, artifactPath: text() })],
  'must be a model: {kind: "file", path} or {kind: "artifact", runId, artifactPath}',
);

/** A registered model's name: printable text, no control characters. */
const modelName = v.pipe(
  text(MODEL_NAME_MAX),
  v.minLength(1, 'must not be empty'),
  // eslint-disable-next-line no-control-regex
  v.check((value: string) => !/[\u0000-\u001f\u007f]/.test(value), 'must not hold control characters'),
  v.check((value: string) => value.trim() === value, 'must not start or end with spaces'),
);
/** An alias: letters, digits, `_` and `-`, at most 256 bytes (MLflow's rule). */
const aliasName = v.pipe(
  text(ALIAS_MAX_BYTES),
  v.regex(/^[\p{L}\p{N}_-]+$/u, 'must be letters, digits, _ or - (like champion)'),
  v.check((value: string) => new TextEncoder().encode(value).length <= ALIAS_MAX_BYTES, `must be at most ${ALIAS_MAX_BYTES} bytes`),
  v.check((value: string) => !/^v\d+$/i.test(value) && value.toLowerCase() !== 'latest', 'must not be "latest" or look like a version (v1)'),
);
const versionNumber = integer(1);
const tagMap = v.record(text(250), text(5000), 'must be an object of tag names and values');
const gateTarget = v.variant(
  'kind',
  [v.strictObject({ kind: v.literal('stage'), stage: oneOf(['Staging', 'Production']) }), v.strictObject({ kind: v.literal('alias'), alias: aliasName })],
  'must be a gate target: {kind: "stage", stage} or {kind: "alias", alias}',
);
const gateCommon = { id: text(100), targets: list(gateTarget, 20) };
const gateRule = v.variant(
  'kind',
  [
    v.strictObject({ ...gateCommon, kind: v.literal('description') }),
    v.strictObject({ ...gateCommon, kind: v.literal('tags'), tags: list(text(250), 100) }),
    v.strictObject({ ...gateCommon, kind: v.literal('expression'), expression: text(4096) }),
    v.strictObject({
      ...gateCommon,
      kind: v.literal('beatsChampion'),
      metric: text(1024),
      champion: aliasName,
      evaluationSet: v.nullable(v.strictObject({ path: text(), labelColumn: text(1024) })),
      threshold: v.nullable(number()),
      // As MLflow's MetricThreshold constructor refuses: an absolute change must be > 0, a relative one within [0, 1].
      minAbsoluteChange: v.nullable(v.pipe(number(), v.check((value: number) => value > 0, 'must be greater than 0'))),
      minRelativeChange: v.nullable(number(0, 1)),
      greaterIsBetter: boolean(),
    }),
    v.strictObject({ ...gateCommon, kind: v.literal('evaluatedOn'), dataset: text(1024) }),
  ],
  'must be a gate rule whose kind is description, tags, expression, beatsChampion or evaluatedOn',
);
const transitionHook = v.strictObject({ id: text(100), command: text(8192), targets: list(gateTarget, 20), notify: boolean() });
/** Who asks to pass a failed gate, and why: written into the audit trail. */
const override = optional(v.pipe(text(4096), v.minLength(1, 'must give a reason')));

/** Shown runs: one project or all, deleted-in-source and hidden ones only when asked. */
const runScope = {
  projectId: optional(projectId),
  includeDeleted: optional(boolean()),
  includeHidden: optional(boolean()),
};

/** A request's result type, carried by the declaration at no run-time cost. */
export interface Returns<T> {
  readonly result?: T;
}
const returns = <T>(): Returns<T> => ({});

interface RequestSpec {
  args: v.GenericSchema;
  result: Returns<unknown>;
}

export const requests = {
  'app/info': { args: noArgs, result: returns<AppInfo>() },
  /** Opens the OS folder picker (Electron only); null when the user cancels. */
  'app/pickFolder': { args: noArgs, result: returns<{ path: string | null }>() },
  'projects/list': { args: noArgs, result: returns<Project[]>() },
  'projects/add': { args: fields({ path: text() }), result: returns<{ project: Project; ingest: IngestSummary }>() },
  'projects/remove': { args: fields({ projectId }), result: returns<{ removed: boolean }>() },
  /** Stops a project's full read; what was read is kept. False when no read was going on. */
  'projects/cancelIngest': { args: fields({ projectId }), result: returns<{ cancelled: boolean }>() },
  /** Runs deleted in their source (MLflow's lifecycle_stage) are left out unless asked for. */
  'runs/list': { args: fields({ projectId: optional(projectId), includeDeleted: optional(boolean()) }), result: returns<Run[]>() },
  'runs/get': { args: fields({ runId }), result: returns<RunDetail>() },
  /**
   * A window of runs matching an MLflow-syntax filter (shared/runFilter), sorted,
   * with only the columns asked for; grouped by one column when asked. A filter
   * that does not parse fails with `bad-filter` and the position in its message.
   */
  'runs/query': {
    args: fields({
      ...runScope,
      filter: optional(text()),
      orderBy: optional(list(fields({ column: runColumn, descending: boolean() }), 8)),
      offset: integer(0),
      limit: integer(0, 2000),
      columns: list(runColumn, 500),
      groupBy: optional(runColumn),
      /** Metric keys whose mean, min and max each group carries. */
      aggregateMetrics: optional(list(text(1024), 50)),
      /** Only these runs (the compared ones), still filtered and sorted. */
      runIds: optional(list(runId, 1000)),
    }),
    result: returns<RunsPage>(),
  },
  /** Every param, tag and metric key the shown runs have: the columns the table can offer. */
  'runs/columns': { args: fields({ ...runScope, runIds: optional(list(runId, 1000)) }), result: returns<RunColumnsAvailable>() },
  /** Star, note, color, hide, or add tags to runs, in Runlens's own tables; fields left out are kept. */
  'runs/annotate': {
    args: fields({
      runIds: list(runId, 10_000),
      starred: optional(boolean()),
      note: optional(text(65_536)),
      color: optional(v.nullable(v.pipe(text(16), v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #1f77b4')))),
      hidden: optional(boolean()),
      /** Tags to set (a value) or remove (null). */
      tags: optional(v.record(text(250), v.nullable(text(5000)), 'must be an object of tag names to values (null removes a tag)')),
    }),
    result: returns<{ annotations: Record<string, RunAnnotation> }>(),
  },
  /** A preview of one artifact of a run: text, a table, an image, an ONNX model's summary. */
  'runs/artifact': { args: fields({ runId, path: text() }), result: returns<ArtifactPreview>() },
  /**
   * A series over steps [fromStep, toStep] (all when left out), downsampled in
   * the backend to at most `maxPoints` by M4 (each pixel column's first, last,
   * minimum and maximum), so a spike always survives; raw when it fits.
   */
  'runs/metricSeries': {
    args: fields({
      runId,
      key: text(),
      maxPoints: optional(integer(3, 100_000)),
      fromStep: optional(number()),
      toStep: optional(number()),
    }),
    result: returns<MetricSeries>(),
  },
  /** The prediction tables a run offers (logged ones, CSV/TSV/JSON-lines artifacts) and DVCLive's logged plots. */
  'evaluation/sets': { args: fields({ runId }), result: returns<RunPredictions>() },
  /** A table's header, a few rows and a guessed mapping, for the mapping dialog. */
  'evaluation/columns': { args: fields(predictionSet), result: returns<PredictionColumns>() },
  /** Remembers (or, with null, forgets) the user's mapping of a table's columns, in Runlens's own table. */
  'evaluation/setMapping': { args: fields({ ...predictionSet, mapping: v.nullable(columnMapping) }), result: returns<{ mapping: ColumnMapping | null }>() },
  /** Reads the whole table (off the main thread, with `evaluation/progress`) and computes every view's data. */
  'evaluation/load': { args: fields(predictionSet), result: returns<Evaluation>() },
  /** Stops a load in progress; false when none was going on. */
  'evaluation/cancel': { args: fields(predictionSet), result: returns<{ cancelled: boolean }>() },
  /** One cumulative table per value of a column (binary problems), for the fairness table at any threshold. */
  'evaluation/groups': { args: fields({ ...predictionSet, column: text(1024) }), result: returns<GroupTable[]>() },
  /** The rows behind one confusion-matrix cell (binary: at `threshold`), with every column of the file. */
  'evaluation/rows': {
    args: fields({
      ...predictionSet,
      trueClass: text(1024),
      predictedClass: text(1024),
      threshold: optional(number()),
      offset: integer(0),
      limit: integer(1, 1000),
    }),
    result: returns<PredictionRows>(),
  },
  /** A model's inputs, outputs, opsets, metadata, size and SHA-256, and whether (and how) Runlens can score it. */
  'scoring/inspect': { args: fields({ model: modelSource }), result: returns<ModelInspection>() },
  /**
   * Starts scoring a CSV into a new CSV in a worker (progress as `scoring/progress`); answers the job's id at once.
   * The output must be a new .csv file outside the project folders, in a folder that exists.
   */
  'scoring/score': {
    args: fields({
      model: modelSource,
      input: text(),
      output: text(),
      batchRows: optional(integer(1, 1_000_000)),
      threads: optional(integer(1, 64)),
      missing: optional(oneOf(['fail', 'nan'])),
      idColumn: optional(text(1024)),
      /** The column of true classes: kept in the output, whose evaluation then opens (default: guessed from the header). */
      labelColumn: optional(v.nullable(text(1024))),
      /** A 2-D input's feature columns in order, when the model names none (remembered for the model). */
      features: optional(list(text(1024), 100_000)),
    }),
    result: returns<{ jobId: number }>(),
  },
  /**
   * Starts permutation importance on a labeled CSV in a worker (progress as
   * `importance/progress`); answers the job's id at once. The result is the job's `importance`.
   */
  'scoring/importance': {
    args: fields({
      model: modelSource,
      data: text(),
      label: text(1024),
      scorer: optional(oneOf(importanceScorers)),
      repeats: optional(integer(1, 1000)),
      seed: optional(integer(0, 2 ** 32 - 1)),
      threads: optional(integer(1, 64)),
      features: optional(list(text(1024), 100_000)),
    }),
    result: returns<{ jobId: number }>(),
  },
  /** Remembers (or, with null, forgets) a 2-D input's feature order for this model (by its SHA-256), in Runlens's own table. */
  'scoring/setFeatureOrder': {
    args: fields({ model: modelSource, features: v.nullable(list(text(1024), 100_000)) }),
    result: returns<{ featureOrder: FeatureOrder | null }>(),
  },
  /** A CSV's header, for picking the label and id columns (nothing else is read). */
  'scoring/columns': { args: fields({ path: text() }), result: returns<{ path: string; columns: string[] }>() },
  /** Stops a scoring or importance job; false when it is not running. */
  'scoring/cancel': { args: fields({ jobId: integer(1) }), result: returns<{ cancelled: boolean }>() },
  /** The what-if form: a few rows of field values scored by the model (kept open in a worker of its own). */
  'scoring/predict': {
    args: fields({
      model: modelSource,
      rows: list(v.record(text(1024), v.union([number(), text(65_536), boolean()], 'must be a number, a text or true/false'), 'must be an object of field values'), 1000),
      features: optional(list(text(1024), 100_000)),
    }),
    result: returns<WhatIfPrediction>(),
  },
  /** A reference dataset's column ranges and categories and its first rows, for the what-if form. */
  'scoring/dataset': { args: fields({ path: text() }), result: returns<DatasetSummary>() },
  /** The recorded jobs, newest first: which model scored which data, when, and how it ended. */
  'scoring/jobs': { args: fields({ limit: optional(integer(1, 10_000)) }), result: returns<ScoringJob[]>() },
  'warnings/list': { args: fields({ projectId: optional(projectId) }), result: returns<IngestWarning[]>() },
  /** The MLflow registries Runlens read from project folders (read-only, marked with their source). */
  'registry/models': { args: fields({ projectId: optional(projectId) }), result: returns<RegisteredModel[]>() },
  /** Runlens's own registered models: latest version, what holds each stage and alias. */
  'registry/list': { args: noArgs, result: returns<RegistryModel[]>() },
  'registry/model': { args: fields({ name: modelName }), result: returns<RegistryModelDetail>() },
  /** Registers a run's model artifact as the model's next version (the model is created on its first version). */
  'registry/register': {
    args: fields({
      runId,
      artifactPath: text(),
      name: modelName,
      description: optional(text(65_536)),
      tags: optional(tagMap),
      /** Keep a copy of the file in Runlens's data folder (otherwise only its path and SHA-256 are kept). */
      keepCopy: optional(boolean()),
    }),
    result: returns<ModelVersionRecord>(),
  },
  /** Moves a version to a stage, checking the gates; `archiveExisting` archives the versions already there. */
  'registry/transition': {
    args: fields({ name: modelName, version: versionNumber, stage: oneOf(stages), archiveExisting: optional(boolean()), comment: optional(text(4096)), override }),
    result: returns<TransitionOutcome>(),
  },
  /** Points an alias at a version (moving it from another), checking the gates for that alias. */
  'registry/setAlias': {
    args: fields({ name: modelName, alias: aliasName, version: versionNumber, comment: optional(text(4096)), override }),
    result: returns<TransitionOutcome>(),
  },
  'registry/removeAlias': { args: fields({ name: modelName, alias: aliasName, comment: optional(text(4096)) }), result: returns<{ removed: boolean }>() },
  /** The gates a move would meet, checked now without moving anything. */
  'registry/checkGates': {
    args: fields({ name: modelName, version: versionNumber, target: gateTarget }),
    result: returns<GateResult[]>(),
  },
  'registry/editModel': { args: fields({ name: modelName, description: optional(v.nullable(text(65_536))), tags: optional(tagMap) }), result: returns<RegistryModel>() },
  'registry/editVersion': {
    args: fields({ name: modelName, version: versionNumber, description: optional(v.nullable(text(65_536))), tags: optional(tagMap) }),
    result: returns<ModelVersionRecord>(),
  },
  'registry/setGates': { args: fields({ name: modelName, gates: list(gateRule, 100) }), result: returns<RegistryModel>() },
  /** Commands to run after a transition: configured here only, never read from a project folder. */
  'registry/setHooks': { args: fields({ name: modelName, hooks: list(transitionHook, 20) }), result: returns<RegistryModel>() },
  /** The model's audit trail, oldest first. */
  'registry/audit': { args: fields({ name: modelName }), result: returns<AuditEvent[]>() },
  /** Which version held each stage and alias at `at` (ms since epoch). */
  'registry/asOf': { args: fields({ name: modelName, at: integer(0) }), result: returns<AsOf>() },
  'registry/lineage': { args: fields({ name: modelName, version: versionNumber }), result: returns<VersionLineage>() },
  /** Copies a version of an MLflow registry Runlens read (with its stage and aliases) into Runlens's registry. */
  'registry/copyFromMlflow': {
    args: fields({ location: text(), name: text(MODEL_NAME_MAX), version: versionNumber, as: optional(modelName) }),
    result: returns<ModelVersionRecord>(),
  },
  /** Writes one registered model (metadata, audit trail, and optionally its files) to a single archive. */
  'registry/export': { args: fields({ name: modelName, path: text(), includeFiles: optional(boolean()) }), result: returns<{ path: string; bytes: number }>() },
  'registry/import': { args: fields({ path: text() }), result: returns<ImportOutcome>() },
  /** Compares two CSV files column by column (in a worker): what `runlens drift` prints. */
  'drift/compare': { args: fields({ reference: text(), current: text(), settings: optional(compareSettings) }), result: returns<DriftReport>() },
  'drift/monitors': { args: noArgs, result: returns<DriftMonitor[]>() },
  /** A monitor with every batch computed so far and its alerts: no computing, so it opens at once. */
  'drift/monitor': { args: fields({ id: monitorId }), result: returns<MonitorDetail>() },
  /** Creates a monitor (its reference and current data must be readable) and starts computing its batches. */
  'drift/addMonitor': { args: addMonitorArgs, result: returns<DriftMonitor>() },
  /** Renames a monitor or changes its settings; changed settings recompute its batches. */
  'drift/editMonitor': { args: fields({ id: monitorId, name: optional(monitorName), settings: optional(monitorSettings) }), result: returns<DriftMonitor>() },
  'drift/removeMonitor': { args: fields({ id: monitorId }), result: returns<{ removed: boolean }>() },
  /** Computes the batches not computed yet (progress as `drift/progress`); false when a run is already going on. */
  'drift/run': { args: fields({ id: monitorId }), result: returns<{ started: boolean }>() },
  'drift/cancel': { args: fields({ id: monitorId }), result: returns<{ cancelled: boolean }>() },
  /** One batch with its per-column distributions. */
  'drift/batch': { args: fields({ id: monitorId, batch: text(1024) }), result: returns<BatchDetail>() },
  /** Alerts of one monitor or of all, newest first. */
  'drift/alerts': { args: fields({ id: optional(monitorId), limit: optional(integer(1, 10_000)) }), result: returns<DriftAlert[]>() },
  /** Marks a monitor's alerts (or all) seen: the badge clears. */
  'drift/markAlertsSeen': { args: fields({ id: optional(monitorId) }), result: returns<{ seen: number }>() },
} as const satisfies Record<string, RequestSpec>;

export interface AppInfo {
  version: string;
  /** 'electron' when in the desktop window, 'browser' when served by server.ts. */
  mode: 'electron' | 'browser';
  dataDir: string;
  /** Whether the folder picker of the OS is available (Electron only). */
  canPickFolder: boolean;
}

export interface Events {
  /** Runs were added, changed or removed; clients refetch what they show. */
  'runs/changed': { projectId: number | null; runIds: string[] };
  'projects/changed': Record<string, never>;
  'ingest/progress': IngestProgress;
  'evaluation/progress': EvaluationProgress;
  'scoring/progress': ScoringProgress;
  'importance/progress': ImportanceProgress;
  /** Runlens's registry changed (a registration, a move, an edit): views of that model refetch. */
  'registry/changed': { model: string };
  /** A move whose hook asks to notify: the app shows a desktop (or browser) notification with `text`. */
  'registry/notify': RegistryNotice;
  'drift/progress': DriftProgress;
  /** A monitor was added, edited, removed or got new batches: its views refetch. */
  'drift/changed': { monitorId: number };
  /** New alerts from a run: the app shows a desktop (or browser) notification and the badge. */
  'drift/alert': { alerts: DriftAlert[] };
}

export type Requests = typeof requests;
export type RequestName = keyof Requests;
/** What a caller sends (the schemas transform nothing: what is sent is what is checked). */
export type ArgsOf<K extends RequestName> = v.InferOutput<Requests[K]['args']>;
/** What a handler receives, once the schema has checked it. */
export type CheckedArgsOf<K extends RequestName> = v.InferOutput<Requests[K]['args']>;
export type ResultOf<K extends RequestName> = Requests[K]['result'] extends Returns<infer T> ? T : never;
export type EventName = keyof Events;

export const requestNames = Object.keys(requests) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

/** What a transport offers a client. */
export interface ApiClient {
  send<K extends RequestName>(name: K, args: ArgsOf<K>): Promise<Result<ResultOf<K>>>;
  subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}

/** The object the Electron preload exposes on `window.runlens`. */
export interface PreloadBridge {
  invoke(name: string, args: unknown): Promise<unknown>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}
