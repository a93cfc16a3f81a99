// Holds the drift domain's state: the monitor runs going on (one per
// monitor, in the drift worker; each computed batch is stored here, its
// alerts raised, and the views told), the folder watchers of a long-lived
// host, and the runs asked for while one was going on. The monitored
// folders are only read.
import type { ArgsOf, Events } from '../../../shared/api';
import { defaultMonitorSettings, type DriftAlert, type DriftMonitor, type DriftProgress, type DriftReport, type MonitorDetail, type MonitorSettings } from '../../../shared/drift/monitor';
import { RequestFailed } from '../handlerTypes';
import type { RunningJob } from '../scoring/workerJob';
import type { Db } from '../store/database';
import { alertsFor } from './alerts';
import { QUIET_MS } from './batches';
import { runCompareJob, runMonitorJob } from './driftRunner';
import { checkCurrent, modelJobOf, referencePathOf } from './monitorSources';
import { MonitorWatcher } from './monitorWatcher';
import * as q from './queries';
import { MonitorCancelled, type MonitorJob, type MonitorOutcome, type MonitorProgress } from './runMonitor';
import { CBPE_ASSUMPTIONS } from '../../../shared/drift/cbpe';

export interface DriftServiceOptions {
  /** Long-lived hosts watch folder monitors and run every monitor at start. */
  watch: boolean;
  /** The bundled drift worker (dist/electron/driftWorker.cjs); without it runs go on in this thread. */
  worker?: string;
}

interface Run {
  job: RunningJob<MonitorOutcome>;
  /** Another run was asked for meanwhile: start it when this one ends. */
  again: boolean;
  alerts: DriftAlert[];
  done: Promise<void>;
}

type Emit = <E extends keyof Events>(name: E, payload: Events[E]) => void;

export class DriftService {
  private readonly runs = new Map<number, Run>();
  private readonly watchers = new Map<number, MonitorWatcher>();
  private readonly later = new Map<number, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly emit: Emit,
    private options: DriftServiceOptions,
  ) {}

  /** This process took over watching from one that went away (the data folder's watcher lock). */
  async becomeWatcher(): Promise<void> {
    this.options = { ...this.options, watch: true };
    await this.start();
  }

  /** Another process committed: watch (and bring up to date) the folder monitors it added. */
  async reconcile(): Promise<void> {
    if (!this.options.watch) return;
    for (const id of q.monitorIds(this.db)) {
      if (this.closed) return;
      if (this.watchers.has(id) || this.runs.has(id)) continue;
      const stored = q.storedMonitor(this.db, id);
      if (stored?.monitor.current.kind !== 'folder') continue;
      await this.watch(id);
      this.run(id);
    }
  }

  /** A long-lived host: watch every folder monitor and bring every monitor up to date (only new batches). */
  async start(): Promise<void> {
    if (!this.options.watch) return;
    for (const id of q.monitorIds(this.db)) {
      if (this.closed) return;
      await this.watch(id);
      if (this.closed) return;
      if (q.storedMonitor(this.db, id)) this.run(id);
    }
  }

  async add(args: ArgsOf<'drift/addMonitor'>): Promise<DriftMonitor> {
    referencePathOf(this.db, args.reference);
    checkCurrent(args.current);
    modelJobOf(this.db, args.model ?? null);
    const settings = args.settings ?? defaultMonitorSettings;
    checkSettings(settings);
    const id = q.insertMonitor(this.db, { name: args.name, reference: args.reference, current: args.current, model: args.model ?? null, settings, at: Date.now() });
    this.emit('drift/changed', { monitorId: id });
    await this.watch(id);
    this.run(id);
    return q.requireMonitor(this.db, id).monitor;
  }

  async edit(args: ArgsOf<'drift/editMonitor'>): Promise<DriftMonitor> {
    const { monitor } = q.requireMonitor(this.db, args.id);
    const at = Date.now();
    if (args.name !== undefined && args.name !== monitor.name) q.renameMonitor(this.db, args.id, args.name, at);
    if (args.settings !== undefined) {
      checkSettings(args.settings);
      // Batches computed with the old settings would be mixed with new ones: stop, forget them, recompute.
      // (A watcher's event may start a run while the last one ends: stop that too.)
      while (this.runs.has(args.id) || this.later.has(args.id)) await this.stop(args.id);
      q.changeSettings(this.db, args.id, args.settings, at);
      this.run(args.id);
    }
    this.emit('drift/changed', { monitorId: args.id });
    return q.requireMonitor(this.db, args.id).monitor;
  }

  async remove(id: number): Promise<boolean> {
    const watcher = this.watchers.get(id);
    this.watchers.delete(id);
    await watcher?.close();
    while (this.runs.has(id) || this.later.has(id)) await this.stop(id);
    const removed = q.deleteMonitor(this.db, id);
    if (removed) this.emit('drift/changed', { monitorId: id });
    return removed;
  }

  detail(id: number): MonitorDetail {
    const { monitor, summary } = q.requireMonitor(this.db, id);
    return {
      monitor,
      referenceRows: summary?.rows ?? 0,
      referenceColumns: summary?.columns ?? [],
      referencePerformance: summary?.performance ?? null,
      labelColumn: summary?.labelColumn ?? monitor.settings.labelColumn,
      batches: q.batchesOf(this.db, id),
      alerts: q.alertsOf(this.db, id, 1000),
      estimateAssumptions: summary?.estimates ? CBPE_ASSUMPTIONS : null,
    };
  }

  async compare(args: ArgsOf<'drift/compare'>): Promise<DriftReport> {
    try {
      return await runCompareJob(this.options.worker, args.reference, args.current, args.settings).result;
    } catch (error) {
      if (error instanceof RequestFailed) throw error;
      throw new RequestFailed('bad-request', (error as Error).message);
    }
  }

  /** Starts computing the monitor's new batches; false when a run is going on (it runs again after). */
  run(id: number): boolean {
    q.requireMonitor(this.db, id);
    if (this.closed) return false;
    const going = this.runs.get(id);
    if (going) {
      going.again = true;
      return false;
    }
    this.startRun(id);
    return true;
  }

  /** Settles when the monitor's run (and any asked for meanwhile) has ended. */
  async idle(id: number): Promise<void> {
    for (let run = this.runs.get(id); run; run = this.runs.get(id)) await run.done;
  }

  cancel(id: number): boolean {
    const run = this.runs.get(id);
    if (!run) return false;
    run.again = false;
    run.job.cancel();
    return true;
  }

  private async stop(id: number): Promise<void> {
    const timer = this.later.get(id);
    if (timer) clearTimeout(timer);
    this.later.delete(id);
    this.cancel(id);
    await this.runs.get(id)?.done;
  }

  private progress(p: DriftProgress): void {
    this.emit('drift/progress', p);
  }

  private jobOf(id: number): MonitorJob {
    const { monitor, summary } = q.requireMonitor(this.db, id);
    return {
      reference: referencePathOf(this.db, monitor.reference),
      current: monitor.current,
      model: modelJobOf(this.db, monitor.model),
      settings: monitor.settings,
      known: Object.fromEntries(q.batchSignatures(this.db, id)),
      summarize: summary === null,
    };
  }

  private startRun(id: number): void {
    let job: MonitorJob;
    try {
      job = this.jobOf(id);
    } catch (error) {
      this.failed(id, (error as Error).message);
      return;
    }
    q.setMonitorState(this.db, id, 'running', null);
    this.emit('drift/changed', { monitorId: id });
    this.progress({ monitorId: id, done: 0, total: 0, batch: null, phase: 'reference' });
    const alerts: DriftAlert[] = [];
    const running = runMonitorJob(this.options.worker, job, (p) => this.onProgress(id, job.settings, p, alerts));
    const run: Run = { job: running, again: false, alerts, done: Promise.resolve() };
    this.runs.set(id, run);
    run.done = running.result.then(
      (outcome) => this.ended(id, run, outcome),
      (error: unknown) => this.ended(id, run, null, error),
    );
  }

  private onProgress(id: number, settings: MonitorSettings, p: MonitorProgress, raised: DriftAlert[]): void {
    if (this.closed || !q.storedMonitor(this.db, id)) return;
    if (p.kind === 'reference') {
      q.setReferenceSummary(this.db, id, q.requireMonitor(this.db, id).monitor.reference, p.summary);
      this.progress({ monitorId: id, done: 0, total: p.total, batch: null, phase: 'batches' });
      return;
    }
    if (p.kind === 'computing') {
      this.progress({ monitorId: id, done: p.done, total: p.total, batch: p.label, phase: 'batches' });
      return;
    }
    q.upsertBatch(this.db, id, p.batch, p.signature, p.details);
    const reference = q.requireMonitor(this.db, id).summary?.performance ?? null;
    const alerts = alertsFor(p.batch, q.previousBatch(this.db, id, p.batch), settings.alerts, reference, Date.now());
    raised.push(...q.insertAlerts(this.db, id, alerts));
    this.emit('drift/changed', { monitorId: id });
    this.progress({ monitorId: id, done: p.done, total: p.total, batch: null, phase: 'batches' });
  }

  private ended(id: number, run: Run, outcome: MonitorOutcome | null, error?: unknown): void {
    this.runs.delete(id);
    const exists = q.storedMonitor(this.db, id) !== null;
    const cancelled = outcome === null && error instanceof MonitorCancelled;
    if (exists) {
      if (outcome || cancelled) q.setMonitorState(this.db, id, 'idle', null);
      else q.setMonitorState(this.db, id, 'error', (error as Error).message);
      this.emit('drift/changed', { monitorId: id });
    }
    if (run.alerts.length) this.emit('drift/alert', { alerts: run.alerts });
    const phase = outcome ? 'done' : cancelled ? 'cancelled' : 'failed';
    this.progress({ monitorId: id, done: outcome?.computed ?? 0, total: outcome?.computed ?? 0, batch: null, phase, ...(phase === 'failed' ? { error: (error as Error).message } : {}) });
    if (!exists || this.closed) return;
    if (run.again) this.startRun(id);
    // A file still being written is looked at again once it has been quiet.
    else if (outcome?.fresh.length && this.options.watch) this.runLater(id, QUIET_MS + 500);
  }

  private failed(id: number, message: string): void {
    q.setMonitorState(this.db, id, 'error', message);
    this.emit('drift/changed', { monitorId: id });
    this.progress({ monitorId: id, done: 0, total: 0, batch: null, phase: 'failed', error: message });
  }

  private runLater(id: number, ms: number): void {
    if (this.later.has(id)) return;
    const timer = setTimeout(() => {
      this.later.delete(id);
      if (!this.closed && q.storedMonitor(this.db, id)) this.run(id);
    }, ms);
    this.later.set(id, timer);
  }

  private async watch(id: number): Promise<void> {
    if (!this.options.watch || this.closed || this.watchers.has(id)) return;
    const { monitor } = q.requireMonitor(this.db, id);
    if (monitor.current.kind !== 'folder') return;
    const watcher = new MonitorWatcher(monitor.current.path, () => {
      if (!this.closed && q.storedMonitor(this.db, id)) this.run(id);
    });
    this.watchers.set(id, watcher);
    await watcher.open().catch(() => {});
    // Closed meanwhile: close() may have missed it.
    if (this.closed) await watcher.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.later.values()) clearTimeout(timer);
    this.later.clear();
    for (const run of this.runs.values()) {
      run.again = false;
      run.job.cancel();
    }
    await Promise.all([...this.runs.values()].map((run) => run.done));
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.close()));
    this.watchers.clear();
  }
}

function checkSettings(settings: MonitorSettings): void {
  if (settings.batchBy.kind === 'period' && settings.batchBy.column.trim() === '') throw new RequestFailed('bad-request', 'Batches by period need the timestamp column');
}
