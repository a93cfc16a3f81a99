// The one API between the renderer (or any client) and the backend.
// Electron IPC and the HTTP/WebSocket server both implement exactly this map.
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

export interface Requests {
  'app/info': { args: Record<string, never>; result: AppInfo };
  /** Opens the OS folder picker (Electron only); null when the user cancels. */
  'app/pickFolder': { args: Record<string, never>; result: { path: string | null } };
  'projects/list': { args: Record<string, never>; result: Project[] };
  'projects/add': { args: { path: string }; result: { project: Project; ingest: IngestSummary } };
  'projects/remove': { args: { projectId: number }; result: { removed: boolean } };
  /** Stops a project's full read; what was read is kept. False when no read was going on. */
  'projects/cancelIngest': { args: { projectId: number }; result: { cancelled: boolean } };
  /** Runs deleted in their source (MLflow's lifecycle_stage) are left out unless asked for. */
  'runs/list': { args: { projectId?: number; includeDeleted?: boolean }; result: Run[] };
  'runs/get': { args: { runId: string }; result: RunDetail };
  'runs/metricSeries': {
    args: { runId: string; key: string; maxPoints?: number };
    result: MetricSeries;
  };
  'warnings/list': { args: { projectId?: number }; result: IngestWarning[] };
  'registry/models': { args: { projectId?: number }; result: RegisteredModel[] };
}

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

export type RequestName = keyof Requests;
export type ArgsOf<K extends RequestName> = Requests[K]['args'];
export type ResultOf<K extends RequestName> = Requests[K]['result'];
export type EventName = keyof Events;

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

export const requestNames: readonly RequestName[] = [
  'app/info',
  'app/pickFolder',
  'projects/list',
  'projects/add',
  'projects/remove',
  'projects/cancelIngest',
  'runs/list',
  'runs/get',
  'runs/metricSeries',
  'warnings/list',
  'registry/models',
];
