// Run folders appear the way trackers write them: mkdir, a temporary header,
// a rename, and often nothing more for a while. chokidar can miss a file
// created between its scan of a new folder and its watch on it (chokidar
// issues #1112 and #1471), so Runlens also looks inside every new folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, tempDir, waitFor } from '../helpers';

let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
});
afterAll(removeTempDirs);

/** What clients/python/runlens.py does on start: folders first, then the header written atomically. */
function startRunAtomically(folder: string, name: string): void {
  fs.mkdirSync(path.join(folder, 'artifacts'), { recursive: true });
  const header = JSON.stringify({ format: 'runlens.run', version: 1, id: name.padEnd(32, '0'), name, experiment: 'Default', start_time: Date.now(), params: {}, tags: {} });
  fs.writeFileSync(path.join(folder, 'run.json.tmp'), header);
  fs.renameSync(path.join(folder, 'run.json.tmp'), path.join(folder, 'run.json'));
}

describe('new run folders and the OS watcher', () => {
  it('finds every run of a burst of new folders, each only a renamed header', async () => {
    const project = tempDir();
    backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'browser', version: 'test', emit: () => {}, watch: true });
    const added = await backend.send('projects/add', { path: project });
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.project.watchMode).toBe('events');
    const b = backend;

    const names = Array.from({ length: 40 }, (_, index) => `burst-${String(index).padStart(2, '0')}`);
    for (const [index, name] of names.entries()) {
      startRunAtomically(path.join(project, index % 2 ? 'runs' : '', name), name);
      if (index % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const found = await waitFor(async () => {
      const result = await b.send('runs/list', {});
      return result.ok && result.value.length === names.length ? result.value : null;
    }, `all ${names.length} runs`, 10_000);
    expect(found.map((run) => run.name).sort()).toEqual(names);
  });
});
