// Registers project folders and keeps their runs in the store up to date:
// full reads in the ingest worker (projectReads.ts) and, in the process that
// holds the watcher lock, watchers (projectWatchers.ts) whose changes the live
// worker reads (liveReads.ts), and the liveness checks. This class only
// orchestrates them.
import fs from 'node:fs';
import path from 'node:path';
import type { Events } from '../../../shared/api';
import type { IngestSummary, Project } from '../../../shared/domain';
import { RequestFailed } from '../handlerTypes';
import type { IngestRunner } from '../ingest/ingestRunner';
import type { ProjectIngestResult, ProjectRef } from '../ingest/projectIngest';
import { startLivenessChecks } from '../runs/liveness';
import type { Db } from '../store/database';
import { recordProjectWarning } from '../warnings/queries';
import { LiveReads } from './liveReads';
import { ProjectReads, type ReadOptions } from './projectReads';
import { folderProblem, listProjectRows, toProject } from './projectStore';
import { ProjectWatchers } from './projectWatchers';

type Emit = <E extends keyof Events>(name: E, payload: Events[E]) => void;

/** What the API promises of a read: the summary, without the ingest's own bookkeeping. */
export function toIngestSummary(result: ProjectIngestResult): IngestSummary {
  const { projectPath, runsFound, filesRead, pointsAdded, linesSkipped, cancelled, warnings } = result;
  return { projectPath, runsFound, filesRead, pointsAdded, linesSkipped, cancelled, warnings };
}

export class ProjectService {
  private readonly reads: ProjectReads;
  private readonly live: LiveReads;
  private readonly watchers: ProjectWatchers;
  private stopLiveness: (() => void) | null = null;
  private reconciling: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly emit: Emit,
    private readonly runner: IngestRunner,
    /** Whether this process runs the watchers (it holds the watcher lock). */
    private watching: boolean,
    polling: { enabled: boolean; rescanMs?: number } = { enabled: false },
  ) {
    this.reads = new ProjectReads(runner, emit, (project, result) => this.afterRead(project, result));
    this.live = new LiveReads({
      db,
      emit,
      runner,
      isReading: (projectId) => this.reads.isReading(projectId),
      readInFull: (project) => void this.refresh(project).catch(() => {}),
    });
    this.watchers = new ProjectWatchers(
      db,
      {
        onChanges: (project, changes) => this.live.changed(project, changes),
        onRescan: (project) => void this.refresh(project).catch(() => {}),
        onModeChange: (project, _mode, reason) => {
          console.error(`runlens: ${project.path}: ${reason}`);
          recordProjectWarning(this.db, project.id, project.path, reason);
          this.emit('projects/changed', {});
        },
      },
      polling,
    );
  }

  list(): Project[] {
    return listProjectRows(this.db).map((row) => toProject(this.db, row, this.watchers.modeOf(row.id)));
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
    if (this.watching) await this.watchers.start(row);
    const ingest = await this.refresh(row, { evenAfterCancel: true });
    return { project: toProject(this.db, row, this.watchers.modeOf(row.id)), ingest: toIngestSummary(ingest) };
  }

  async remove(projectId: number): Promise<{ removed: boolean }> {
    this.reads.cancel(projectId);
    this.live.forget(projectId);
    await this.watchers.stop(projectId);
    const removed = this.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId).changes > 0;
    if (removed) {
      this.emit('projects/changed', {});
      this.emit('runs/changed', { projectId, runIds: [] });
    }
    return { removed };
  }

  /**
   * Re-reads a project folder, incrementally, off the main thread (see
   * projectReads.ts). Changes the watcher reports meanwhile wait for its end.
   */
  refresh(project: ProjectRef, options: ReadOptions = {}): Promise<ProjectIngestResult> {
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
    if (this.watching) this.live.afterFullRead(project, result);
    // Projects another process added while the read went on (their news was held back).
    if (this.watching && !this.closed) void this.reconcileWatchers();
  }

  /** Brings every project up to date, then watches them if this process may. */
  async startAll(): Promise<void> {
    for (const row of listProjectRows(this.db)) {
      if (this.closed) return;
      if (folderProblem(row.path)) continue;
      try {
        if (this.watching) await this.watchers.start(row);
        await this.refresh(row);
      } catch (error) {
        // One project that cannot be read must not keep the others from being watched.
        console.error(`runlens: could not read ${row.path}: ${(error as Error).message}`);
      }
    }
    if (this.watching) this.startLivenessChecks();
  }

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
    await this.watchers.keepOnly(new Set(rows.map((row) => row.id)));
    for (const row of rows) {
      if (!this.watchers.has(row.id) && !folderProblem(row.path)) {
        await this.watchers.start(row);
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

  private startLivenessChecks(): void {
    this.stopLiveness ??= startLivenessChecks(this.db, (runIds) => this.emit('runs/changed', { projectId: null, runIds }));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live.close();
    await this.reads.cancelAll();
    await this.runner.close();
    this.stopLiveness?.();
    await this.watchers.closeAll();
  }
}
