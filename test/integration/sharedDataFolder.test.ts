// The app, a browser-mode server and the CLI may share one data folder.
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { createBackend, type Backend } from '../../electron/backend/backend';

import { removeTempDirs, tempDir, waitFor, writeNativeRun } from '../helpers';

const open: Backend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});
afterAll(removeTempDirs);

async function backendOn(dataDir: string, events: (keyof Events)[] = [], watch = true): Promise<Backend> {
  const backend = await createBackend({ dataDir, mode: 'browser', version: 'test', emit: (name) => events.push(name), watch });
  open.push(backend);
  return backend;
}

describe('a data folder shared by several processes', () => {
  it('lets one process watch and tells the others of changes through the database', async () => {
    const dataDir = tempDir('runlens-data-');
    const watcherEvents: (keyof Events)[] = [];
    const otherEvents: (keyof Events)[] = [];
    const first = await backendOn(dataDir, watcherEvents);
    const second = await backendOn(dataDir, otherEvents);

    const project = tempDir();
    const added = await second.send('projects/add', { path: project });
    expect(added.ok).toBe(true);
    // The first process holds the watcher lock, so it picks the project up and watches it.
    await waitFor(async () => {
      const list = await first.send('projects/list', {});
      return list.ok && list.value[0]?.watchMode === 'events';
    }, 'the lock holder to watch the new project');

    writeNativeRun(path.join(project, 'runlens', 'r'), { name: 'seen-by-both' });
    await waitFor(async () => {
      const runs = await second.send('runs/list', {});
      return runs.ok && runs.value.some((r) => r.name === 'seen-by-both');
    }, 'the run to reach the store');
    await waitFor(() => otherEvents.includes('runs/changed'), 'the other process to announce the change');
  });
});
