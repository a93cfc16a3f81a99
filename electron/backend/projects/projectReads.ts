// Full reads of project folders, in the ingest worker: at most one per
// project at a time, announced as they go, cancellable, and queued when asked
// for while one runs (its scan may already be past what the caller wants).
import type { Events } from '../../../shared/api';
import type { IngestProgress } from '../../../shared/domain';
import type { IngestRunner, RunningIngest } from '../ingest/ingestRunner';
import type { ProjectIngestResult, ProjectRef } from '../ingest/projectIngest';

type Emit = <E extends keyof Events>(name: E, payload: Events[E]) => void;

export interface ReadOptions {
  /** The user asked (added the folder again): read even if the read going on was cancelled. */
  evenAfterCancel?: boolean;
}

interface Reading {
  running: RunningIngest;
  /** Settles once the read is over and forgotten. */
  settled: Promise<ProjectIngestResult>;
}

export class ProjectReads {
  private readonly reading = new Map<number, Reading>();
  private readonly queued = new Map<number, Promise<ProjectIngestResult>>();
  private readonly readEvenAfterCancel = new Set<number>();

  constructor(
    private readonly runner: IngestRunner,
    private readonly emit: Emit,
    /** Called after every read, however it ended (null: it failed). */
    private readonly onReadEnd: (project: ProjectRef, result: ProjectIngestResult | null) => void,
  ) {}

  read(project: ProjectRef, options: ReadOptions = {}): Promise<ProjectIngestResult> {
    const current = this.reading.get(project.id);
    if (current) return this.readAfter(current, project, options);

    let last: IngestProgress | null = null;
    const running = this.runner.readProject(project, {
      onProgress: (progress) => {
        last = progress;
        this.emit('ingest/progress', progress);
      },
      onRunsChanged: (runIds) => this.emit('runs/changed', { projectId: project.id, runIds }),
    });
    let outcome: ProjectIngestResult | null = null;
    const settled = running.result
      .then((result) => (outcome = result))
      .finally(() => {
        this.reading.delete(project.id);
        // A worker that died sent no last report: the sidebar must not show "Reading" forever.
        if (!last?.done) {
          const { runsDone = 0, runsTotal = 0, pointsAdded = 0 } = last ?? {};
          this.emit('ingest/progress', { projectId: project.id, projectPath: project.path, runsDone, runsTotal, pointsAdded, done: true, cancelled: false });
        }
        this.onReadEnd(project, outcome);
      });
    this.reading.set(project.id, { running, settled });
    return settled.then((summary) => {
      if (summary.changedRunIds.length || summary.removedRunIds.length) {
        this.emit('runs/changed', { projectId: project.id, runIds: [...summary.changedRunIds, ...summary.removedRunIds] });
      }
      // Other processes' commits are not announced while a read writes (backend.ts): refetch everything once.
      this.emit('runs/changed', { projectId: null, runIds: [] });
      this.emit('projects/changed', {});
      return summary;
    });
  }

  private readAfter(current: Reading, project: ProjectRef, options: ReadOptions): Promise<ProjectIngestResult> {
    if (options.evenAfterCancel) this.readEvenAfterCancel.add(project.id);
    let next = this.queued.get(project.id);
    if (!next) {
      next = current.settled
        .catch(() => null)
        .then((summary) => {
          this.queued.delete(project.id);
          const evenAfterCancel = this.readEvenAfterCancel.delete(project.id);
          // A cancel means stop: only the user's own request reads again.
          if (summary?.cancelled && !evenAfterCancel) return summary;
          return this.read(project);
        });
      this.queued.set(project.id, next);
    }
    return next;
  }

  cancel(projectId: number): boolean {
    const current = this.reading.get(projectId);
    current?.running.cancel();
    return Boolean(current);
  }

  isReading(projectId?: number): boolean {
    return projectId === undefined ? this.reading.size > 0 : this.reading.has(projectId);
  }

  async cancelAll(): Promise<void> {
    for (const { running } of this.reading.values()) running.cancel();
    await Promise.allSettled([...this.reading.values()].map(({ settled }) => settled));
  }
}
