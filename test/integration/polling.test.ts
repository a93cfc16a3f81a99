// When the OS has no file-watch handles left, Runlens polls the runs it knows
// (and rescans for new ones): the same live updates, a little slower.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { appendMetrics, metricLine, removeTempDirs, tempDir, waitFor, writeNativeRun } from '../helpers';

let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
});
afterAll(removeTempDirs);

/** A backend that polls instead of using OS events, with `project` added. */
async function pollingBackendWith(project: string, rescanMs: number): Promise<Backend> {
  backend = await createBackend({
    dataDir: tempDir('runlens-data-'),
    mode: 'browser',
    version: 'test',
    emit: () => {},
    watch: true,
    polling: { enabled: true, rescanMs },
  });
  const added = await backend.send('projects/add', { path: project });
  if (!added.ok) throw new Error(added.error.message);
  expect(added.value.project.watchMode).toBe('polling');
  return backend;
}

describe('polling fallback', () => {
  it('sees appended metrics, new runs and deleted runs without OS events', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'runlens', 'a'), { name: 'a' });
    const b = await pollingBackendWith(project, 1500);
    const list = async () => {
      const result = await b.send('runs/list', {});
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };

    appendMetrics(run, metricLine(0, { loss: 1 }) + metricLine(1, { loss: 0.5 }));
    await waitFor(async () => (await list())[0]?.metrics.loss?.count === 2, 'polled metrics');

    writeNativeRun(path.join(project, 'runlens', 'b'), { name: 'b' });
    await waitFor(async () => (await list()).length === 2, 'a new run found by the rescan');

    fs.rmSync(run, { recursive: true });
    await waitFor(async () => (await list()).map((r) => r.name).join() === 'b', 'the deleted run to go');
  });

  it('finds a new run beside known ones, or in an empty project, without waiting for the full rescan', async () => {
    const project = tempDir();
    const b = await pollingBackendWith(project, 600_000);
    const names = async () => {
      const result = await b.send('runs/list', {});
      if (!result.ok) throw new Error(result.error.message);
      return result.value.map((run) => run.name).sort().join();
    };

    // The project root is empty: its own mtime is all there is to go on.
    writeNativeRun(path.join(project, 'first'), { name: 'first' });
    await waitFor(async () => (await names()) === 'first', 'a run created in the empty project root');

    fs.mkdirSync(path.join(project, 'runlens'));
    writeNativeRun(path.join(project, 'runlens', 'second'), { name: 'second' });
    await waitFor(async () => (await names()) === 'first,second', 'a run in a new subfolder');
    writeNativeRun(path.join(project, 'runlens', 'third'), { name: 'third' });
    await waitFor(async () => (await names()) === 'first,second,third', 'a run beside a known one');
  });
});
