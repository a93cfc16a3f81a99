// One watcher per project folder, in the process that holds the watcher lock;
// and what polling looks at when the OS has no watches left: the files ingest
// reads for each run (from its cursors) and each store's own.
import path from 'node:path';
import type { Project } from '../../../shared/domain';
import type { ProjectRef } from '../ingest/projectIngest';
import { listLocations } from '../ingest/storeIngest';
import { storeSourceOf } from '../sources/stores';
import type { Db } from '../store/database';
import { ProjectWatcher, type FileChanges, type WatchMode } from '../watch/projectWatcher';
import type { PolledFiles } from '../watch/runPoller';

export interface WatchHandlers {
  onChanges(project: ProjectRef, changes: FileChanges): void;
  /** Polling asks for a full rescan now and then, to find new runs. */
  onRescan(project: ProjectRef): void;
  onModeChange(project: ProjectRef, mode: WatchMode, reason: string): void;
}

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

/** The files ingest reads for each run of a project, and each store's (what polling looks at). */
export function polledFiles(db: Db, { id: projectId, path: root }: ProjectRef): PolledFiles {
  const rows = db
    .prepare(
      `SELECT r.path AS folder, c.path AS file FROM runs r LEFT JOIN ingest_cursors c ON c.run_key = r.key
       WHERE r.project_id = ? AND r.location IS NULL ORDER BY r.key`,
    )
    .all(projectId) as { folder: string; file: string | null }[];
  const byFolder = new Map<string, string[]>();
  for (const row of rows) {
    let files = byFolder.get(row.folder);
    if (!files) byFolder.set(row.folder, (files = []));
    if (row.file) files.push(row.file);
  }
  const stores = listLocations(db, projectId).flatMap((location) => storeSourceOf(location.kind)?.polled(location.path) ?? []);
  const runs = [...[...byFolder].map(([folder, files]) => ({ folder, files })), ...stores];
  return { runs, containers: containersOf(root, runs.map((run) => run.folder)) };
}

export class ProjectWatchers {
  private readonly watchers = new Map<number, ProjectWatcher>();

  constructor(
    private readonly db: Db,
    private readonly handlers: WatchHandlers,
    /** Poll known runs instead of OS file events (RUNLENS_WATCH=poll, or tests). */
    private readonly polling: { enabled: boolean; rescanMs?: number },
  ) {}

  has(projectId: number): boolean {
    return this.watchers.has(projectId);
  }

  modeOf(projectId: number): Project['watchMode'] {
    const watcher = this.watchers.get(projectId);
    return watcher?.ready ? watcher.mode : 'none';
  }

  async start(project: ProjectRef): Promise<void> {
    if (this.watchers.has(project.id)) return;
    const watcher = new ProjectWatcher(project.path, {
      polling: this.polling.enabled,
      rescanMs: this.polling.rescanMs,
      knownFiles: () => polledFiles(this.db, project),
      onRescan: () => this.handlers.onRescan(project),
      onChanges: (changes) => this.handlers.onChanges(project, changes),
      onModeChange: (mode, reason) => this.handlers.onModeChange(project, mode, reason),
    });
    this.watchers.set(project.id, watcher);
    try {
      await watcher.start();
    } catch (error) {
      this.watchers.delete(project.id);
      throw error;
    }
  }

  async stop(projectId: number): Promise<void> {
    const watcher = this.watchers.get(projectId);
    this.watchers.delete(projectId);
    await watcher?.close();
  }

  /** Stops the watchers of projects no longer in the store. */
  async keepOnly(projectIds: ReadonlySet<number>): Promise<void> {
    for (const id of [...this.watchers.keys()]) if (!projectIds.has(id)) await this.stop(id);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.close()));
    this.watchers.clear();
  }
}
