// The OS watcher on real folders. It takes one watch per folder, never per
// file: an MLflow run has a file per param, tag and metric, and thousands of
// runs would use up the OS limit.
//
// Run folders appear the way trackers write them: mkdir, a temporary header,
// a rename, and often nothing more for a while. chokidar can miss a file
// created between its scan of a new folder and its watch on it (chokidar
// issues #1112 and #1471), so Runlens also looks inside every new folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, tempDir, waitFor } from '../helpers';

/** The inotify watches this process holds, read from /proc (Linux only). */
function inotifyWatches(): number | null {
  if (process.platform !== 'linux') return null;
  let count = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (!fs.readlinkSync(`/proc/self/fd/${fd}`).includes('inotify')) continue;
      count += fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((line) => line.startsWith('inotify wd:')).length;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

/** An MLflow file-store run: a file per metric, param and tag. */
function writeMlflowRun(experiment: string, runId: string, files: number): void {
  const run = path.join(experiment, runId);
  for (const folder of ['metrics', 'params', 'tags', 'artifacts']) fs.mkdirSync(path.join(run, folder), { recursive: true });
  fs.writeFileSync(
    path.join(run, 'meta.yaml'),
    `artifact_uri: file://${run}/artifacts\nend_time: null\nentry_point_name: ''\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${runId}\nrun_name: ${runId}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1700000000000\nstatus: 1\ntags: []\nuser_id: test\n`,
  );
  for (let index = 0; index < files; index++) {
    fs.writeFileSync(path.join(run, 'metrics', `m${index}`), `1700000000000 ${index} 0\n`);
    fs.writeFileSync(path.join(run, 'params', `p${index}`), `${index}`);
    fs.writeFileSync(path.join(run, 'tags', `t${index}`), `${index}`);
  }
}

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

  it('watches folders, not files, and still sees a metric file grow', async () => {
    const project = tempDir();
    const mlruns = path.join(project, 'mlruns');
    fs.mkdirSync(path.join(mlruns, '1'), { recursive: true });
    fs.writeFileSync(path.join(mlruns, '1', 'meta.yaml'), `artifact_location: file://${mlruns}/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: watched\n`);
    const runs = 60;
    for (let index = 0; index < runs; index++) writeMlflowRun(path.join(mlruns, '1'), `run${String(index).padStart(28, '0')}`, 20);
    // Folders: project, mlruns, the experiment, and per run itself, metrics, params and tags (artifacts are not watched).
    const folders = 3 + runs * 4;
    const files = runs * (1 + 3 * 20);

    const before = inotifyWatches();
    backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'browser', version: 'test', emit: () => {}, watch: true });
    const added = await backend.send('projects/add', { path: project });
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.project.watchMode).toBe('events');
    expect(added.value.ingest.runsFound).toBe(runs);
    if (before !== null) {
      const used = inotifyWatches()! - before;
      expect(used, `${folders} folders and ${files} files`).toBeGreaterThanOrEqual(folders - 5);
      expect(used).toBeLessThanOrEqual(folders + 5);
    }

    // A change to a file reaches Runlens through its folder's watch.
    const b = backend;
    fs.appendFileSync(path.join(mlruns, '1', `run${'7'.padStart(28, '0')}`, 'metrics', 'm3'), '1700000000001 0.5 1\n1700000000002 0.25 2\n');
    await waitFor(async () => {
      const listed = await b.send('runs/list', {});
      return listed.ok && listed.value.find((run) => run.name === `run${'7'.padStart(28, '0')}`)?.metrics.m3?.count === 3;
    }, 'the appended metric points');
  });

  it('follows a metrics file that is a symbolic link to a file elsewhere', async () => {
    const project = tempDir();
    const elsewhere = tempDir('runlens-scratch-');
    const run = path.join(project, 'linked');
    startRunAtomically(run, 'linked');
    const target = path.join(elsewhere, 'metrics.jsonl');
    fs.writeFileSync(target, '');
    fs.symlinkSync(target, path.join(run, 'metrics.jsonl'));
    backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'browser', version: 'test', emit: () => {}, watch: true });
    const b = backend;
    const added = await b.send('projects/add', { path: project });
    if (!added.ok) throw new Error(added.error.message);

    // The write lands in the target's folder, which Runlens does not watch: only the link's own watch sees it.
    fs.appendFileSync(target, `${JSON.stringify({ step: 0, timestamp: 1, values: { loss: 0.5 } })}\n`);
    await waitFor(async () => {
      const listed = await b.send('runs/list', {});
      return listed.ok && listed.value[0]?.metrics.loss?.count === 1;
    }, 'the point written through the link');
  });
});
