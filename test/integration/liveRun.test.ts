// A real Python training script logs into a watched project folder; the
// backend's real chokidar watcher must carry each write to the store and
// announce it with an event.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import type { Run } from '../../shared/domain';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { appendMetrics, metricLine, python, removeTempDirs, tempDir, trainExample, waitFor, writeNativeRun } from '../helpers';

let backend: Backend | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await backend?.close();
  backend = null;
});
afterAll(removeTempDirs);

async function watchedProject() {
  const project = tempDir();
  const events: { name: keyof Events; payload: unknown; at: number }[] = [];
  backend = await createBackend({
    dataDir: tempDir('runlens-data-'),
    mode: 'browser',
    version: 'test',
    emit: (name, payload) => events.push({ name, payload, at: Date.now() }),
    watch: true,
  });
  const added = await backend.send('projects/add', { path: project });
  if (!added.ok) throw new Error(added.error.message);
  expect(added.value.project.watchMode).toBe('events');
  const b = backend;
  const list = async (): Promise<Run[]> => {
    const result = await b.send('runs/list', {});
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  return { project, events, list };
}

function train(project: string, args: string[]): ChildProcess {
  const child = spawn(python, [trainExample, project, ...args], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('live runs through the watcher', () => {
  it('shows a run from the Python logger while it trains, then FINISHED', async () => {
    const { project, events, list } = await watchedProject();
    const child = train(project, ['--steps', '12', '--sleep', '0.25', '--name', 'live-run']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const first = await waitFor(async () => (await list()).find((r) => r.name === 'live-run'), 'the run to appear');
    expect(first.status).toBe('RUNNING');
    expect(first.params).toMatchObject({ lr: expect.any(String), epochs: expect.any(String) });
    // Metrics grow while the script is still running.
    const early = await waitFor(async () => (await list())[0]?.metrics.loss?.count, 'a first loss point');
    const later = await waitFor(async () => {
      const run = (await list())[0];
      return run.status === 'RUNNING' && run.metrics.loss.count > early ? run : null;
    }, 'more loss points while RUNNING');
    expect(later.metrics.loss.count).toBeGreaterThan(early);

    expect(await exited).toBe(0);
    const done = await waitFor(async () => {
      const run = (await list())[0];
      return run.status === 'FINISHED' ? run : null;
    }, 'status FINISHED');
    expect(done.metrics.loss.count).toBe(12);
    expect(done.endTime).toBeGreaterThan(done.startTime!);
    expect(events.some((e) => e.name === 'runs/changed')).toBe(true);
  });

  it('marks a crashed script FAILED with its error', async () => {
    const { project, list } = await watchedProject();
    train(project, ['--steps', '20', '--sleep', '0.05', '--crash-at', '3']);
    const failed = await waitFor(async () => {
      const run = (await list())[0];
      return run?.status === 'FAILED' ? run : null;
    }, 'status FAILED');
    expect(failed.statusReason).toMatch(/RuntimeError/);
    expect(failed.metrics.loss.count).toBe(3);
  });

  it('coalesces a burst of writes and removes a deleted run', async () => {
    const { project, events, list } = await watchedProject();
    const run = writeNativeRun(path.join(project, 'runlens', 'burst'), { name: 'burst' });
    await waitFor(async () => (await list()).length === 1, 'the run to appear');
    const before = events.filter((e) => e.name === 'runs/changed').length;
    for (let i = 0; i < 400; i++) appendMetrics(run, metricLine(i, { loss: i }));
    await waitFor(async () => (await list())[0].metrics.loss?.count === 400, 'all 400 points');
    const announcements = events.filter((e) => e.name === 'runs/changed').length - before;
    expect(announcements).toBeGreaterThan(0);
    expect(announcements).toBeLessThan(40);

    fs.rmSync(run, { recursive: true });
    await waitFor(async () => (await list()).length === 0, 'the deleted run to disappear');
  });
});
