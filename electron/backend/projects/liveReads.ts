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

/** Failed reads of one project's changes in a row before it is read in full instead. */
const maxTries = 5;

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
  /** Projects whose last read failed: how often in a row, and the timer of the next try. */
  private readonly failures = new Map<number, { tries: number; timer: NodeJS.Timeout | null }>();
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
    if (this.host.isReading(project.id) || this.reading.has(project.id) || this.failures.get(project.id)?.timer) {
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
        this.failures.delete(project.id);
        if (result.wantsFullRead) this.host.readInFull(project);
      })
      .catch((error: Error & { code?: string }) => this.failed(project, changes, error))
      .finally(() => {
        this.reading.delete(project.id);
        this.flush(project);
      });
  }

  /**
   * A read that failed (the store busy past every retry, the worker gone) is
   * tried again, with a growing pause; its changes are kept, never dropped.
   * After a few tries the project is read in full instead, which reads
   * everything the changes named.
   */
  private failed(project: ProjectRef, changes: FileChanges, error: Error): void {
    if (this.closed) return;
    const tries = (this.failures.get(project.id)?.tries ?? 0) + 1;
    if (!isStoreBusy(error)) console.error(`runlens: could not read changes in ${project.path} (try ${tries}): ${error.message}`);
    if (tries > maxTries) {
      this.failures.delete(project.id);
      this.host.readInFull(project);
      return;
    }
    this.defer(project.id, changes);
    const timer = setTimeout(() => {
      const entry = this.failures.get(project.id);
      if (entry) entry.timer = null;
      this.flush(project);
    }, 500 * 2 ** (tries - 1));
    timer.unref();
    this.failures.set(project.id, { tries, timer });
  }

  /** After a full read of the project: the changes kept meanwhile go now, and its locked stores are retried. */
  afterFullRead(project: ProjectRef, result: ProjectIngestResult | null): void {
    // The full read waited for them already, and warned: retry from here, warning on.
    if (result) this.lockRetries.update(project.id, result.lockedLocations, result.lockedLocations, Date.now() - 60_000);
    this.flush(project);
  }

  forget(projectId: number): void {
    this.deferred.delete(projectId);
    const timer = this.failures.get(projectId)?.timer;
    if (timer) clearTimeout(timer);
    this.failures.delete(projectId);
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
    if (this.closed || this.host.isReading(project.id) || this.reading.has(project.id) || this.failures.get(project.id)?.timer) return;
    const kept = this.deferred.get(project.id);
    if (!kept) return;
    this.deferred.delete(project.id);
    this.changed(project, kept);
  }

  close(): void {
    this.closed = true;
    this.lockRetries.stop();
    for (const { timer } of this.failures.values()) if (timer) clearTimeout(timer);
  }
}
