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
import type { Result } from './errors';
import { boolean, fields, integer, noArgs, number, optional, projectId, runId, text, type v } from './schema';

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
  /** A series downsampled to at most `maxPoints` (LTTB), over steps [fromStep, toStep] when given. */
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
  'warnings/list': { args: fields({ projectId: optional(projectId) }), result: returns<IngestWarning[]>() },
  'registry/models': { args: fields({ projectId: optional(projectId) }), result: returns<RegisteredModel[]>() },
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
