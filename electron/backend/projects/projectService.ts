// Registers project folders, keeps their runs in the store up to date and,
// in the process that holds the watcher lock, watches them for changes.
import fs from 'node:fs';
import path from 'node:path';
import type { Events } from '../../../shared/api';
import type { IngestSummary, Project } from '../../../shared/domain';
import { RequestFailed } from '../handlerTypes';
import type { IngestRunner } from '../ingest/ingestRunner';
import type { ProjectIngestResult, ProjectRef } from '../ingest/projectIngest';
import { markLostRuns, markQuietRunsFinished } from '../runs/liveness';
import { recordProjectWarning } from '../warnings/queries';
import type { Db } from '../store/database';
import { listLocations } from '../ingest/storeIngest';
import { isStoreBusy } from '../store/writeTransaction';
import { ProjectWatcher, type FileChanges } from '../watch/projectWatcher';
import type { PolledFiles } from '../watch/runPoller';
import { LockRetries } from './lockRetries';
import { ProjectReads, type ReadOptions } from './projectReads';
import { folderProblem, listProjectRows, projectRow, toProject } from './projectStore';

/** The project root and every folder between it and a known run: where new runs usually appear. */
function containersOf(root: string, runFolders: string[]): string[] {
  const containers = new Set([root]);
  for (const folder of runFolders) {
    for (let parent = path.dirname(folder); parent.startsWith(root + path.sep) && !containers.has(parent); parent = path.dirname(parent)) {
      containers.add(parent);
    }
  }
  return [...containers];
}

type Emit = <E extends keyof Events>(name: E, payload: Events[E]) => void;

export class ProjectService {
  private readonly watchers = new Map<number, ProjectWatcher>();
  private readonly reads: ProjectReads;
  private readonly deferredChanges = new Map<number, FileChanges>();
  /** Projects whose changes the live worker is reading now. */
  private readonly liveReading = new Set<number>();
  private readonly lockRetries: LockRetries;
  private livenessTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly emit: Emit,
    private readonly runner: IngestRunner,
    /** Whether this process runs the watchers (it holds the watcher lock). */
    private watching: boolean,
    /** Poll known runs instead of OS file events (RUNLENS_WATCH=poll, or tests). */
    private readonly polling: { enabled: boolean; rescanMs?: number } = { enabled: false },
  ) {
    this.reads = new ProjectReads(runner, emit, (project, result) => this.afterRead(project, result));
    this.lockRetries = new LockRetries((projectId, locations) => {
      const row = projectRow(this.db, projectId);
      if (row) this.onFileChanges(row, { files: new Set(locations), removedFolders: new Set(), addedFolders: new Set() });
    });
  }

  list(): Project[] {
    return listProjectRows(this.db).map((row) => toProject(this.db, row, this.watchModeOf(row.id)));
  }

  private watchModeOf(projectId: number): Project['watchMode'] {
    const watcher = this.watchers.get(projectId);
    return watcher?.ready ? watcher.mode : 'none';
  }

  async add(folder: string): Promise<{ project: Project; ingest: IngestSummary }> {
    if (!path.isAbsolute(folder)) throw new RequestFailed('bad-request', `Give the full path of the folder, not "${folder}"`);
    const problem = folderProblem(folder);
    if (problem) throw new RequestFailed('unreadable', problem);
    const resolved = fs.realpathSync(folder);
    this.db.prepare('INSERT OR IGNORE INTO projects (path, added_at) VALUES (?, ?)').run(resolved, Date.now());
    const row = this.db.prepare('SELECT id, path, added_at FROM projects WHERE path = ?').get(resolved) as {
      id: number; path: string; added_at: number;
    };
    this.emit('projects/changed', {});
    // Watch first, then read: a write during the read is not missed.
    if (this.watching) await this.startWatcher(row);
    const ingest = await this.refresh(row, { evenAfterCancel: true });
    return { project: toProject(this.db, row, this.watchModeOf(row.id)), ingest };
  }

  async remove(projectId: number): Promise<{ removed: boolean }> {
    this.reads.cancel(projectId);
    this.lockRetries.forget(projectId);
    await this.watchers.get(projectId)?.close();
    this.watchers.delete(projectId);
    const removed = this.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId).changes > 0;
    if (removed) {
      this.emit('projects/changed', {});
      this.emit('runs/changed', { projectId, runIds: [] });
    }
    return { removed };
  }

  /**
   * Re-reads a project folder, incrementally, off the main thread (see
   * projectReads.ts). Changes the watcher reports meanwhile wait for its end:
   * two readers of one file would both append.
   */
  refresh(project: ProjectRef, options: ReadOptions = {}): Promise<IngestSummary> {
    return this.reads.read(project, options);
  }

  /** Stops a project's full read; the runs read so far stay. */
  cancelIngest(projectId: number): { cancelled: boolean } {
    return { cancelled: this.reads.cancel(projectId) };
  }

  /** Whether a full read is writing to the store (its commits are not news from another process). */
  isReading(): boolean {
    return this.reads.isReading();
  }

  private afterRead(project: ProjectRef, result: ProjectIngestResult | null): void {
    // The full read waited for them already, and warned: retry from here, warning on.
    if (result && this.watching) this.lockRetries.update(project.id, result.lockedLocations, result.lockedLocations, Date.now() - 60_000);
    this.flushDeferred(project);
    // Projects another process added while the read went on (their news was held back).
    if (this.watching && !this.closed) void this.reconcileWatchers();
  }

  /** Keeps changes for later: a read of the project is going on, or the store was busy. */
  private defer(projectId: number, changes: FileChanges): void {
    const deferred = this.deferredChanges.get(projectId);
    if (!deferred) this.deferredChanges.set(projectId, changes);
    else for (const kind of ['files', 'removedFolders', 'addedFolders'] as const) for (const item of changes[kind]) deferred[kind].add(item);
  }

  /** Brings every project up to date, then watches them if this process may. */
  async startAll(): Promise<void> {
    for (const row of listProjectRows(this.db)) {
      if (this.closed) return;
      if (folderProblem(row.path)) continue;
      try {
        if (this.watching) await this.startWatcher(row);
        await this.refresh(row);
      } catch (error) {
        // One project that cannot be read must not keep the others from being watched.
        console.error(`runlens: could not read ${row.path}: ${(error as Error).message}`);
      }
    }
    if (this.watching) this.startLivenessChecks();
  }

  private reconciling: Promise<void> = Promise.resolve();

  /** Called when another process changed the store: watch projects it added, drop removed ones. */
  reconcileWatchers(): Promise<void> {
    // One at a time: the store may change again while a reconcile reads a folder.
    this.reconciling = this.reconciling.then(() => this.reconcileOnce()).catch((error) => {
      console.error(`runlens: could not follow project changes: ${(error as Error).message}`);
    });
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    if (!this.watching) return;
    const rows = listProjectRows(this.db);
    const ids = new Set(rows.map((row) => row.id));
    for (const [id, watcher] of this.watchers) {
      if (!ids.has(id)) {
        await watcher.close();
        this.watchers.delete(id);
      }
    }
    for (const row of rows) {
      if (!this.watchers.has(row.id) && !folderProblem(row.path)) {
        await this.startWatcher(row);
        await this.refresh(row);
      }
    }
  }

  /** This process took over the watcher lock from one that stopped. */
  async becomeWatcher(): Promise<void> {
    this.watching = true;
    await this.reconcileWatchers();
    this.startLivenessChecks();
  }

  private async startWatcher(project: ProjectRef): Promise<void> {
    if (this.watchers.has(project.id)) return;
    const watcher = new ProjectWatcher(project.path, {
      polling: this.polling.enabled,
      rescanMs: this.polling.rescanMs,
      knownFiles: () => this.knownFiles(project),
      onRescan: () => void this.refresh(project).catch(() => {}),
      onChanges: (changes) => this.onFileChanges(project, changes),
      onModeChange: (_mode, reason) => {
        console.error(`runlens: ${project.path}: ${reason}`);
        recordProjectWarning(this.db, project.id, project.path, reason);
        this.emit('projects/changed', {});
      },
    });
    this.watchers.set(project.id, watcher);
    try {
      await watcher.start();
    } catch (error) {
      this.watchers.delete(project.id);
      throw error;
    }
  }

  /** The files ingest reads for each run of a project (what polling looks at). */
  private knownFiles({ id: projectId, path: root }: ProjectRef): PolledFiles {
    const rows = this.db
      .prepare(
        `SELECT r.path AS folder, c.path AS file FROM runs r LEFT JOIN ingest_cursors c ON c.run_key = r.key
         WHERE r.project_id = ? ORDER BY r.key`,
      )
      .all(projectId) as { folder: string; file: string | null }[];
    const byFolder = new Map<string, string[]>();
    for (const row of rows) {
      let files = byFolder.get(row.folder);
      if (!files) byFolder.set(row.folder, (files = []));
      if (row.file) files.push(row.file);
    }
    const locations = listLocations(this.db, projectId).map((location) =>
      location.kind === 'mlflow-sqlite'
        ? { folder: path.dirname(location.path), files: [location.path, `${location.path}-wal`] }
        : { folder: location.path, files: [] },
    );
    const runs = [...[...byFolder].map(([folder, files]) => ({ folder, files })), ...locations];
    return { runs, containers: containersOf(root, runs.map((run) => run.folder)) };
  }

  /**
   * Hands the watcher's changes to the live ingest worker; this thread only
   * dispatches. One read per project at a time: changes that arrive
   * meanwhile (or during a full read) wait and go together in the next one.
   */
  private onFileChanges(project: ProjectRef, changes: FileChanges): void {
    if (this.closed || !projectRow(this.db, project.id)) return;
    if (this.reads.isReading(project.id) || this.liveReading.has(project.id)) {
      this.defer(project.id, changes);
      return;
    }
    this.liveReading.add(project.id);
    const warnIfLocked = this.lockRetries.warningDue(project.id);
    this.runner
      .readChanges(project, changes, { warnIfLocked })
      .then((result) => {
        const runIds = [...result.changedRunIds, ...result.removedRunIds];
        if (runIds.length) {
          this.emit('runs/changed', { projectId: project.id, runIds });
          this.emit('projects/changed', {});
        }
        this.lockRetries.update(project.id, result.locationsRead, result.lockedLocations);
        // A whole tree of runs was copied in: read it as when a folder is added, with progress.
        if (result.wantsFullRead) void this.refresh(project).catch(() => {});
      })
      .catch((error: Error & { code?: string }) => {
        if (this.closed) return;
        if (isStoreBusy(error)) {
          // Another writer held the store past every retry: try these again shortly.
          this.defer(project.id, changes);
          setTimeout(() => this.flushDeferred(project), 500).unref();
          return;
        }
        console.error(`runlens: could not read changes in ${project.path}: ${error.message}`);
      })
      .finally(() => {
        this.liveReading.delete(project.id);
        this.flushDeferred(project);
      });
  }

  /** Sends the changes kept for a project, if it is free to read them. */
  private flushDeferred(project: ProjectRef): void {
    if (this.closed || this.reads.isReading(project.id) || this.liveReading.has(project.id)) return;
    const deferred = this.deferredChanges.get(project.id);
    if (!deferred) return;
    this.deferredChanges.delete(project.id);
    this.onFileChanges(project, deferred);
  }

  private startLivenessChecks(): void {
    if (this.livenessTimer) return;
    this.livenessTimer = setInterval(() => {
      try {
        const lost = [...markLostRuns(this.db, Date.now()), ...markQuietRunsFinished(this.db, Date.now())];
        if (lost.length) this.emit('runs/changed', { projectId: null, runIds: lost });
      } catch {
        // busy: next tick
      }
    }, 2000);
    this.livenessTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.lockRetries.stop();
    await this.reads.cancelAll();
    await this.runner.close();
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.close()));
    this.watchers.clear();
  }
}
