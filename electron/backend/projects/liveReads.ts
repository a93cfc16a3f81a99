// Reads what the watchers report changed, in the live ingest worker: this
// thread only dispatches. One read per project at a time; changes that arrive
// meanwhile (or during the project's full read) wait and go together in the
// next one. Stores found locked are read again later (lockRetries.ts).
import type { Events } from '../../../shared/api';
import type { IngestRunner } from '../ingest/ingestRunner';
import type { ProjectIngestResult, ProjectRef } from '../ingest/projectIngest';
import type { Db } from '../store/database';
import { isStoreBusy } from '../store/writeTransaction';
import type { FileChanges } from '../watch/projectWatcher';
import { LockRetries } from './lockRetries';
import { projectRow } from './projectStore';

type Emit = <E extends keyof Events>(name: E, payload: Events[E]) => void;

export interface LiveReadsHost {
  db: Db;
  emit: Emit;
  runner: IngestRunner;
  /** Whether a full read of the project is going on (its changes wait for its end: two readers of one file would both append). */
  isReading(projectId: number): boolean;
  /** Reads a project in full, with progress (a whole tree of runs was copied in). */
  readInFull(project: ProjectRef): void;
}

export class LiveReads {
  private readonly deferred = new Map<number, FileChanges>();
  /** Projects whose changes the live worker is reading now. */
  private readonly reading = new Set<number>();
  private readonly lockRetries: LockRetries;
  private closed = false;

  constructor(private readonly host: LiveReadsHost) {
    this.lockRetries = new LockRetries((projectId, locations) => {
      const row = projectRow(host.db, projectId);
      if (row) this.changed(row, { files: new Set(locations), removedFolders: new Set(), addedFolders: new Set() });
    });
  }

  changed(project: ProjectRef, changes: FileChanges): void {
    const { db, emit, runner } = this.host;
    if (this.closed || !projectRow(db, project.id)) return;
    if (this.host.isReading(project.id) || this.reading.has(project.id)) {
      this.defer(project.id, changes);
      return;
    }
    this.reading.add(project.id);
    runner
      .readChanges(project, changes, { warnIfLocked: this.lockRetries.warningDue(project.id) })
      .then((result) => {
        const runIds = [...result.changedRunIds, ...result.removedRunIds];
        if (runIds.length) {
          emit('runs/changed', { projectId: project.id, runIds });
          emit('projects/changed', {});
        }
        this.lockRetries.update(project.id, result.locationsRead, result.lockedLocations);
        if (result.wantsFullRead) this.host.readInFull(project);
      })
      .catch((error: Error & { code?: string }) => {
        if (this.closed) return;
        if (isStoreBusy(error)) {
          // Another writer held the store past every retry: try these again shortly.
          this.defer(project.id, changes);
          setTimeout(() => this.flush(project), 500).unref();
          return;
        }
        console.error(`runlens: could not read changes in ${project.path}: ${error.message}`);
      })
      .finally(() => {
        this.reading.delete(project.id);
        this.flush(project);
      });
  }

  /** After a full read of the project: the changes kept meanwhile go now, and its locked stores are retried. */
  afterFullRead(project: ProjectRef, result: ProjectIngestResult | null): void {
    // The full read waited for them already, and warned: retry from here, warning on.
    if (result) this.lockRetries.update(project.id, result.lockedLocations, result.lockedLocations, Date.now() - 60_000);
    this.flush(project);
  }

  forget(projectId: number): void {
    this.deferred.delete(projectId);
    this.lockRetries.forget(projectId);
  }

  /** Keeps changes for later: a read of the project is going on, or the store was busy. */
  private defer(projectId: number, changes: FileChanges): void {
    const kept = this.deferred.get(projectId);
    if (!kept) this.deferred.set(projectId, changes);
    else for (const kind of ['files', 'removedFolders', 'addedFolders'] as const) for (const item of changes[kind]) kept[kind].add(item);
  }

  /** Sends the changes kept for a project, if it is free to read them. */
  private flush(project: ProjectRef): void {
    if (this.closed || this.host.isReading(project.id) || this.reading.has(project.id)) return;
    const kept = this.deferred.get(project.id);
    if (!kept) return;
    this.deferred.delete(project.id);
    this.changed(project, kept);
  }

  close(): void {
    this.closed = true;
    this.lockRetries.stop();
  }
}
