// Builds the whole backend for a host (Electron main, the HTTP server, the
// CLI). The backend knows its data folder and where to send events, nothing
// more about who runs it.
import type { AppInfo, ArgsOf, Events, RequestName, ResultOf } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { dispatch, mergeHandlers } from './api';
import { driftHandlers } from './drift/handlers';
import { DriftService } from './drift/driftService';
import { RequestFailed, type Handlers } from './handlerTypes';
import { inProcessIngestRunner, workerIngestRunner } from './ingest/ingestRunner';
import { annotationHandlers } from './annotations/handlers';
import { artifactHandlers } from './artifacts/handlers';
import { EvaluationService } from './evaluation/evaluationService';
import { evaluationHandlers } from './evaluation/handlers';
import { scoringHandlers } from './scoring/handlers';
import { ScoringService } from './scoring/scoringService';
import { projectHandlers } from './projects/handlers';
import { ProjectService } from './projects/projectService';
import { registryHandlers } from './registry/handlers';
import { runHandlers } from './runs/handlers';
import { acquireWatcherLock, watchDataVersion } from './store/coordination';
import { setSqliteBinding } from './sources/sqliteBinding';
import { openDatabase, type Db } from './store/database';
import { warningHandlers } from './warnings/handlers';

export interface BackendHost {
  dataDir: string;
  mode: AppInfo['mode'] | 'cli';
  version: string;
  emit<E extends keyof Events>(name: E, payload: Events[E]): void;
  /** The OS folder picker, where there is one. */
  pickFolder?: () => Promise<string | null>;
  /** better-sqlite3 built for Electron's ABI (see DESIGN.md). */
  nativeBinding?: string;
  /** Long-lived hosts watch project folders; the one-shot CLI does not. */
  watch: boolean;
  /**
   * The bundled ingest worker (dist/electron/ingestWorker.cjs): full project
   * reads run there, off the main thread. Without it they run in this thread.
   */
  ingestWorker?: string;
  /** The bundled evaluation worker (dist/electron/evaluationWorker.cjs): predictions tables are read there. */
  evaluationWorker?: string;
  /** The bundled scoring worker (dist/electron/scoringWorker.cjs): onnxruntime's run() blocks its thread. */
  scoringWorker?: string;
  /** Poll known runs instead of OS file events (default: RUNLENS_WATCH=poll). */
  polling?: { enabled: boolean; rescanMs?: number };
  /** How long a request, or a write, keeps trying while another process holds the store locked (default 30 s). */
  storeBusyRetryMs?: number;
  /** How long a full read keeps asking for an MLflow store another program holds locked, before it warns (default 10 s). */
  lockWaitMs?: number;
}

export interface Backend {
  readonly db: Db;
  readonly projects: ProjectService;
  /** Settles when every project was brought up to date after start. */
  readonly ready: Promise<void>;
  handle(name: unknown, args: unknown): Promise<Result<unknown>>;
  send<K extends RequestName>(name: K, args: ArgsOf<K>): Promise<Result<ResultOf<K>>>;
  close(): Promise<void>;
}

export async function createBackend(host: BackendHost): Promise<Backend> {
  // With the reads in workers, this connection only answers requests and
  // records small facts: it waits briefly for another writer's lock, and a
  // request that meets a longer one is retried without blocking (dispatch).
  const db = openDatabase(host.dataDir, {
    nativeBinding: host.nativeBinding,
    busyTimeoutMs: host.ingestWorker ? 250 : 5000,
    busyRetryMs: host.storeBusyRetryMs,
  });
  setSqliteBinding(host.nativeBinding);
  const releaseLock = host.watch ? acquireWatcherLock(host.dataDir) : null;
  const polling = host.polling ?? { enabled: process.env.RUNLENS_WATCH === 'poll' };
  const ingestRunner = host.ingestWorker
    ? workerIngestRunner({ script: host.ingestWorker, dataDir: host.dataDir, nativeBinding: host.nativeBinding, lockWaitMs: host.lockWaitMs })
    : inProcessIngestRunner(db, host.lockWaitMs);
  const projects = new ProjectService(db, host.emit, ingestRunner, releaseLock !== null, polling);
  const evaluations = new EvaluationService(db, host.emit, host.evaluationWorker);
  // The what-if and importance workers are bundled beside the scoring worker.
  const besideScoring = (name: string) => host.scoringWorker?.replace(/scoringWorker\.cjs$/, name);
  const scoring = new ScoringService(db, host.emit, { scoring: host.scoringWorker, whatIf: besideScoring('whatIfWorker.cjs'), importance: besideScoring('importanceWorker.cjs') });
  const drift = new DriftService(db, host.emit, { watch: releaseLock !== null, worker: besideScoring('driftWorker.cjs') });

  const appHandlers = {
    'app/info': async () => ({
      version: host.version,
      mode: host.mode === 'electron' ? ('electron' as const) : ('browser' as const),
      dataDir: host.dataDir,
      canPickFolder: Boolean(host.pickFolder),
    }),
    'app/pickFolder': async () => {
      if (!host.pickFolder) throw new RequestFailed('bad-request', 'There is no folder picker in browser mode; type the folder path.');
      return { path: await host.pickFolder() };
    },
  } satisfies Partial<Handlers>;
  // Typed as the whole API: a request without a handler here does not compile.
  const handlers: Handlers = mergeHandlers(appHandlers, projectHandlers(projects), runHandlers(db), annotationHandlers(db, { changed: (runIds) => host.emit('runs/changed', { projectId: null, runIds }) }), artifactHandlers(db), evaluationHandlers(db, evaluations), scoringHandlers(db, scoring), warningHandlers(db), registryHandlers(db, { dataDir: host.dataDir, changed: (model) => host.emit('registry/changed', { model }), notify: (notice) => host.emit('registry/notify', notice) }), driftHandlers(db, drift));

  // Another process committed: tell clients, and pick up projects it added.
  let stopPolling = () => {};
  let lockTimer: NodeJS.Timeout | null = null;
  let release = releaseLock;
  if (host.watch) {
    stopPolling = watchDataVersion(db, () => {
      // Our own ingest worker commits too; the service announces its changes itself.
      if (projects.isReading()) return;
      host.emit('projects/changed', {});
      host.emit('runs/changed', { projectId: null, runIds: [] });
      void projects.reconcileWatchers();
      void drift.reconcile();
    });
    if (!release) {
      // Take over watching if the holder of the lock goes away.
      lockTimer = setInterval(() => {
        release = acquireWatcherLock(host.dataDir);
        if (release && lockTimer) {
          clearInterval(lockTimer);
          lockTimer = null;
          void projects.becomeWatcher();
          void drift.becomeWatcher();
        }
      }, 3000);
      lockTimer.unref();
    }
  }
  // Runs already in the store are served at once; the refresh goes on behind.
  const ready = host.watch ? projects.startAll() : Promise.resolve();
  ready.catch((error) => console.error('runlens: refreshing projects failed:', error));
  // Drift monitors: watch their folders and compute the batches added while the app was closed.
  drift.start().catch((error) => console.error('runlens: starting drift monitors failed:', error));

  return {
    db,
    projects,
    ready,
    handle: (name, args) => dispatch(handlers, name, args, { busyRetryMs: host.storeBusyRetryMs }),
    send: (name, args) => dispatch(handlers, name, args, { busyRetryMs: host.storeBusyRetryMs }) as never,
    async close() {
      // Cancel first: the start-up reads end at their next run instead of reading every project.
      const closing = projects.close();
      await ready.catch(() => {});
      await closing;
      stopPolling();
      if (lockTimer) clearInterval(lockTimer);
      await projects.close();
      await scoring.close();
      await drift.close();
      release?.();
      db.close();
    },
  };
}
