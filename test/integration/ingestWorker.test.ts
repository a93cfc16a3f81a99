// A project's full read runs in the ingest worker thread: the backend keeps
// answering meanwhile, reports progress per run, and stops on Cancel keeping
// what it read.
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import type { IngestProgress } from '../../shared/domain';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { appendMetrics, ingestWorker, metricLine, removeTempDirs, tempDir, waitFor, writeNativeRun } from '../helpers';

let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
});
afterAll(removeTempDirs);

function projectOfRuns(count: number, pointsPerRun: number): string {
  const project = tempDir();
  let lines = '';
  for (let step = 0; step < pointsPerRun; step++) lines += metricLine(step, { loss: 1 / (step + 1), accuracy: step / pointsPerRun });
  for (let index = 0; index < count; index++) {
    const run = writeNativeRun(path.join(project, 'runs', `run-${String(index).padStart(5, '0')}`), { name: `run-${index}` });
    appendMetrics(run, lines);
  }
  return project;
}

async function workerBackend(events: { name: keyof Events; payload: unknown }[]): Promise<Backend> {
  return createBackend({
    dataDir: tempDir('runlens-data-'),
    mode: 'browser',
    version: 'test',
    emit: (name, payload) => events.push({ name, payload }),
    watch: false,
    ingestWorker,
  });
}

/** The project of the first progress report: the worker is reading it. */
async function readingProjectId(events: { name: keyof Events; payload: unknown }[]): Promise<number> {
  const progress = await waitFor(() => events.find((e) => e.name === 'ingest/progress')?.payload as IngestProgress | undefined, 'a progress report', 20_000);
  return progress.projectId;
}

describe('reading a project in the ingest worker', () => {
  it('reports progress run by run and keeps answering requests while it reads', async () => {
    const project = projectOfRuns(600, 400);
    const events: { name: keyof Events; payload: unknown }[] = [];
    backend = await workerBackend(events);
    const b = backend;

    let addSettled = false;
    const adding = b.send('projects/add', { path: project }).finally(() => (addSettled = true));
    // The first progress report means the worker is busy reading.
    const started = Date.now();
    while (!events.some((e) => e.name === 'ingest/progress') && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5));
    const listedWhileReading = await b.send('projects/list', {});
    expect(listedWhileReading.ok).toBe(true);
    expect(addSettled).toBe(false); // answered while the read went on, not after it

    const added = await adding;
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.ingest.cancelled).toBe(false);
    expect(added.value.ingest.runsFound).toBe(600);
    expect(added.value.ingest.pointsAdded).toBe(600 * 400 * 2);

    const progress = events.filter((e) => e.name === 'ingest/progress').map((e) => e.payload as IngestProgress);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ projectId: added.value.project.id, projectPath: project, runsDone: 600, runsTotal: 600, done: true, cancelled: false });
    const during = progress.filter((p) => !p.done).map((p) => p.runsDone);
    expect(during.length).toBeGreaterThan(0);
    expect(during).toEqual([...during].sort((a, c) => a - c));
    // The list fills in while a big project is read, not only at the end.
    expect(events.filter((e) => e.name === 'runs/changed').length).toBeGreaterThan(0);

    const runs = await b.send('runs/list', {});
    if (!runs.ok) throw new Error(runs.error.message);
    expect(runs.value).toHaveLength(600);
    expect(runs.value.every((run) => run.metrics.loss?.count === 400)).toBe(true);
  });

  it('reads a run of a million points without stalling the thread that answers requests', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'big'), { name: 'big' });
    const chunk: string[] = [];
    for (let step = 0; step < 500_000; step++) chunk.push(metricLine(step, { loss: 1 / (step + 1), accuracy: step / 500_000 }));
    appendMetrics(run, chunk.join(''));
    backend = await workerBackend([]);

    // Requests answered while the worker reads: read in this thread, none would be until the read ended.
    let readEnded = false;
    const adding = backend.send('projects/add', { path: project }).finally(() => (readEnded = true));
    let answeredDuringRead = 0;
    while (!readEnded) {
      const info = await backend.send('app/info', {});
      expect(info.ok).toBe(true);
      if (!readEnded) answeredDuringRead += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const added = await adding;
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.ingest.pointsAdded).toBe(1_000_000);
    expect(answeredDuringRead).toBeGreaterThan(10);
  }, 60_000);

  it('stops on cancel, keeps the runs read so far, and reads the rest on the next refresh', async () => {
    const project = projectOfRuns(1500, 200);
    const events: { name: keyof Events; payload: unknown }[] = [];
    backend = await workerBackend(events);
    const b = backend;

    const adding = b.send('projects/add', { path: project });
    const projectId = await readingProjectId(events);
    const cancelled = await b.send('projects/cancelIngest', { projectId });
    expect(cancelled).toEqual({ ok: true, value: { cancelled: true } });

    const added = await adding;
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.ingest.cancelled).toBe(true);
    const kept = added.value.ingest.runsFound;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(1500);
    const last = events.filter((e) => e.name === 'ingest/progress').at(-1)!.payload as IngestProgress;
    expect(last).toMatchObject({ done: true, cancelled: true, runsDone: kept, runsTotal: 1500 });

    // Every run kept is whole: its file was read to the end before the stop.
    const runs = await b.send('runs/list', {});
    if (!runs.ok) throw new Error(runs.error.message);
    expect(runs.value).toHaveLength(kept);
    expect(runs.value.every((run) => run.metrics.loss?.count === 200)).toBe(true);

    // Nothing is reading now: a cancel says so.
    expect(await b.send('projects/cancelIngest', { projectId })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await b.send('projects/cancelIngest', { projectId: 999_999 })).toEqual({ ok: true, value: { cancelled: false } });
    expect((await b.send('projects/cancelIngest', { projectId: -1 })).ok).toBe(false);
    expect((await b.send('projects/cancelIngest', { projectId: 'x' as never })).ok).toBe(false);

    // Adding the folder again reads on from where the read stopped.
    const again = await b.send('projects/add', { path: project });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.ingest).toMatchObject({ cancelled: false, runsFound: 1500, pointsAdded: (1500 - kept) * 200 * 2 });
  });

  it('stops the read of a project removed while it is read, and leaves nothing of it', async () => {
    const project = projectOfRuns(1500, 50);
    const events: { name: keyof Events; payload: unknown }[] = [];
    backend = await workerBackend(events);
    const b = backend;

    const adding = b.send('projects/add', { path: project });
    const projectId = await readingProjectId(events);
    expect(await b.send('projects/remove', { projectId })).toEqual({ ok: true, value: { removed: true } });
    await adding; // ends, one way or the other, instead of reading on
    const last = events.filter((e) => e.name === 'ingest/progress').at(-1)!.payload as IngestProgress;
    expect(last.done).toBe(true);
    expect(last.runsDone).toBeLessThan(1500);
    const runs = await b.send('runs/list', {});
    expect(runs).toEqual({ ok: true, value: [] });
    expect(await b.send('projects/list', {})).toEqual({ ok: true, value: [] });
  });
});
