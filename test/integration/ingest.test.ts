import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { markLostRuns } from '../../electron/backend/runs/liveness';
import { appendEvent, appendMetrics, metricLine, removeTempDirs, tempDir, writeNativeRun } from '../helpers';

let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
});
afterAll(removeTempDirs);

async function open(): Promise<Backend> {
  backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'cli', version: 'test', emit: () => {}, watch: false });
  return backend;
}

async function add(b: Backend, folder: string) {
  const result = await b.send('projects/add', { path: folder });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function runs(b: Backend) {
  const result = await b.send('runs/list', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('project ingest', () => {
  it('finds every native run below a folder, skipping dependency folders, and lists them', async () => {
    const project = tempDir();
    const a = writeNativeRun(path.join(project, 'runlens', 'a'), { name: 'alpha', params: { lr: '0.1' }, startTime: 1000 });
    writeNativeRun(path.join(project, 'deep', 'x', 'y', 'b'), { name: 'beta', experiment: 'exp2', startTime: 2000 });
    writeNativeRun(path.join(project, 'node_modules', 'pkg', 'c'), { name: 'hidden' });
    writeNativeRun(path.join(project, '.venv', 'd'), { name: 'hidden too' });
    appendMetrics(a, metricLine(0, { loss: 1 }) + metricLine(1, { loss: 0.5 }) + metricLine(2, { loss: 0.7 }));
    appendEvent(a, { type: 'end', status: 'FINISHED', timestamp: 5000 });

    const b = await open();
    const { ingest, project: registered } = await add(b, project);
    expect(ingest.runsFound).toBe(2);
    expect(registered.runCount).toBe(2);
    const list = await runs(b);
    expect(list.map((r) => r.name)).toEqual(['beta', 'alpha']);
    const alpha = list.find((r) => r.name === 'alpha')!;
    expect(alpha).toMatchObject({
      source: 'native',
      experiment: 'Default',
      status: 'FINISHED',
      startTime: 1000,
      endTime: 5000,
      params: { lr: '0.1' },
      metrics: { loss: { last: 0.7, min: 0.5, max: 1, lastStep: 2, count: 3 } },
    });
    expect(list.find((r) => r.name === 'beta')!.experiment).toBe('exp2');
  });

  it('reads only appended lines on the next pass, and re-reads a replaced file from zero', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'r'));
    appendMetrics(run, metricLine(0, { loss: 1 }) + metricLine(1, { loss: 2 }));
    const b = await open();
    expect((await add(b, project)).ingest.pointsAdded).toBe(2);

    appendMetrics(run, metricLine(2, { loss: 3 }));
    const second = await add(b, project);
    expect(second.ingest.pointsAdded).toBe(1);
    expect((await runs(b))[0].metrics.loss).toMatchObject({ count: 3, last: 3 });

    // The training script restarted and rewrote the file: old points are void.
    fs.writeFileSync(path.join(run, 'metrics.jsonl'), metricLine(0, { loss: 9 }));
    const third = await add(b, project);
    expect(third.ingest.pointsAdded).toBe(1);
    expect((await runs(b))[0].metrics.loss).toMatchObject({ count: 1, last: 9, min: 9, max: 9 });
  });

  it('skips a torn last line, keeps what was read, and counts malformed lines as a warning on the run', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'r'));
    appendMetrics(run, metricLine(0, { loss: 1 }) + '{oops}\n' + metricLine(2, { loss: 'NaN' }) + '{"step": 3, "timest');
    const b = await open();
    const { ingest } = await add(b, project);
    expect(ingest.linesSkipped).toBe(1);
    expect(ingest.warnings).toHaveLength(1);
    expect(ingest.warnings[0].path).toBe(path.join(run, 'metrics.jsonl'));
    expect(ingest.warnings[0].message).toMatch(/malformed lines skipped \(line 2: not JSON\)/);
    const [listed] = await runs(b);
    expect(listed.warningCount).toBe(1);
    expect(listed.metrics.loss.count).toBe(2); // 1 and NaN; the torn line waits
    appendMetrics(run, 'amp": 1, "values": {"loss": 0.5}}\n');
    await add(b, project);
    expect((await runs(b))[0].metrics.loss).toMatchObject({ count: 3, last: 0.5 });
  });

  it('forgets runs whose folder was deleted, and survives a symlink loop', async () => {
    const project = tempDir();
    writeNativeRun(path.join(project, 'keep'));
    const doomed = writeNativeRun(path.join(project, 'doomed'));
    fs.symlinkSync(project, path.join(project, 'loop'));
    const b = await open();
    expect((await add(b, project)).ingest.runsFound).toBe(2);
    fs.rmSync(doomed, { recursive: true });
    expect((await add(b, project)).ingest.runsFound).toBe(1);
    expect((await runs(b)).map((r) => r.name)).toEqual(['keep']);
  });

  it('answers a missing, non-folder or relative path with a typed error naming it', async () => {
    const b = await open();
    const missing = path.join(tempDir(), 'nope');
    const result = await b.send('projects/add', { path: missing });
    expect(result).toEqual({ ok: false, error: { code: 'unreadable', message: `Folder not found: ${missing}` } });
    const file = path.join(tempDir(), 'file.txt');
    fs.writeFileSync(file, '');
    expect(await b.send('projects/add', { path: file })).toMatchObject({ ok: false, error: { message: `Not a folder: ${file}` } });
    expect(await b.send('projects/add', { path: 'relative/dir' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await b.handle('projects/add', { path: 42 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await b.handle('no/such', {})).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
  });

  it('names an unreadable folder as permission denied (when not running as a user who can read everything)', async () => {
    const project = tempDir();
    fs.chmodSync(project, 0o000);
    try {
      let readable = true;
      try {
        fs.readdirSync(project);
      } catch {
        readable = false;
      }
      const b = await open();
      const result = await b.send('projects/add', { path: project });
      if (readable) expect(result.ok).toBe(true); // root reads anything
      else expect(result).toMatchObject({ ok: false, error: { code: 'unreadable', message: `Permission denied: cannot read ${project}` } });
    } finally {
      fs.chmodSync(project, 0o700);
    }
  });

  it('marks a run FAILED when its heartbeat stops, and RUNNING again when it resumes', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'r'), { heartbeatIntervalS: 1 });
    const old = new Date(Date.now() - 60_000);
    for (const file of ['heartbeat', 'metrics.jsonl', 'events.jsonl', 'run.json']) fs.utimesSync(path.join(run, file), old, old);
    const b = await open();
    await add(b, project);
    expect((await runs(b))[0].status).toBe('RUNNING');
    expect(markLostRuns(b.db, Date.now())).toHaveLength(1);
    const [lost] = await runs(b);
    expect(lost.status).toBe('FAILED');
    expect(lost.statusReason).toMatch(/^no heartbeat since/);

    fs.utimesSync(path.join(run, 'heartbeat'), new Date(), new Date());
    await add(b, project);
    expect((await runs(b))[0]).toMatchObject({ status: 'RUNNING', statusReason: null });
  });

  it('returns a downsampled metric series', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'r'));
    appendMetrics(run, Array.from({ length: 5000 }, (_, i) => metricLine(i, { loss: 1 / (i + 1) })).join(''));
    const b = await open();
    await add(b, project);
    const [listed] = await runs(b);
    const series = await b.send('runs/metricSeries', { runId: listed.id, key: 'loss', maxPoints: 100 });
    if (!series.ok) throw new Error(series.error.message);
    // M4 over 25 columns: a falling curve keeps each column's first (its maximum) and last (its minimum).
    expect(series.value.steps.length).toBeLessThanOrEqual(100);
    expect(series.value.steps).toHaveLength(50);
    expect(series.value.steps[0]).toBe(0);
    expect(series.value.steps.at(-1)).toBe(4999);
    expect(await b.send('runs/get', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('params and tags deleted in their source', () => {
  it('are gone after the next read, for MLflow file stores, MLflow SQLite stores and DVCLive', async () => {
    const project = tempDir();
    const real = path.join(__dirname, '..', 'fixtures', 'real');
    fs.cpSync(path.join(real, 'mlflow-filestore', 'mlflow1-projects-failed-runs'), path.join(project, 'filestore'), { recursive: true });
    fs.cpSync(path.join(real, 'mlflow-sqlite', 'mlflow2.3-small'), path.join(project, 'sqlite'), { recursive: true });
    fs.cpSync(path.join(real, 'dvclive', 'lightning-hydra'), path.join(project, 'dvc'), { recursive: true });
    const b = await open();
    await add(b, project);

    const fileRun = path.join(project, 'filestore', 'mlruns', '0', '2187eb8a0b4c43ad8de610b73609ed19');
    const sqliteRun = `${path.join(project, 'sqlite', 'mlflow.db')}#2313864dd9574b89ad3a3800d7d19c11`;
    const dvcRun = path.join(project, 'dvc', 'dvclive');
    const byPath = async () => new Map((await runs(b)).map((run) => [run.path, run]));
    let found = await byPath();
    expect(found.get(fileRun)?.tags['mlflow.project.backend']).toBeDefined();
    expect(found.get(fileRun)?.params.test_data).toBeDefined();
    expect(found.get(sqliteRun)?.params.learning_rate).toBeDefined();
    expect(found.get(sqliteRun)?.tags['mlflow.log-model.history']).toBeDefined();
    expect(Object.keys(found.get(dvcRun)?.params ?? {}).some((name) => name.startsWith('model.'))).toBe(true);

    // What `mlflow.delete_tag`, an edited store and an edited params.yaml leave behind.
    fs.rmSync(path.join(fileRun, 'tags', 'mlflow.project.backend'));
    fs.rmSync(path.join(fileRun, 'params', 'test_data'));
    const store = new Database(path.join(project, 'sqlite', 'mlflow.db'));
    store.prepare(`DELETE FROM params WHERE run_uuid = '2313864dd9574b89ad3a3800d7d19c11' AND key = 'learning_rate'`).run();
    store.prepare(`DELETE FROM tags WHERE run_uuid = '2313864dd9574b89ad3a3800d7d19c11' AND key = 'mlflow.log-model.history'`).run();
    store.close();
    fs.writeFileSync(path.join(dvcRun, 'params.yaml'), 'seed: 7\n');
    await add(b, project);

    found = await byPath();
    expect(found.get(fileRun)?.tags['mlflow.project.backend']).toBeUndefined();
    expect(found.get(fileRun)?.tags['mlflow.source.type']).toBeDefined(); // the others stay
    expect(found.get(fileRun)?.params.test_data).toBeUndefined();
    expect(found.get(fileRun)?.params.model_export).toBeDefined();
    expect(found.get(sqliteRun)?.params.learning_rate).toBeUndefined();
    expect(found.get(sqliteRun)?.tags['mlflow.log-model.history']).toBeUndefined();
    expect(found.get(dvcRun)?.params).toEqual({ seed: '7' });
  });
});

describe('MLflow experiment tags', () => {
  it('come with each run of the experiment, from file stores and SQLite stores, and follow edits', async () => {
    const project = tempDir();
    const real = path.join(__dirname, '..', 'fixtures', 'real');
    fs.cpSync(path.join(real, 'mlflow-filestore', 'mlflow1-projects-failed-runs'), path.join(project, 'filestore'), { recursive: true });
    fs.cpSync(path.join(real, 'mlflow-sqlite', 'mlflow2.3-small'), path.join(project, 'sqlite'), { recursive: true });
    // Where MLflow's FileStore.set_experiment_tag writes: <experiment>/tags/<key>.
    const experimentTags = path.join(project, 'filestore', 'mlruns', '0', 'tags');
    fs.mkdirSync(experimentTags);
    fs.writeFileSync(path.join(experimentTags, 'mlflow.note.content'), 'Baseline sweeps for the failed-runs project');
    fs.writeFileSync(path.join(experimentTags, 'team'), 'vision');
    const storeFile = path.join(project, 'sqlite', 'mlflow.db');
    const store = new Database(storeFile);
    store.prepare(`INSERT INTO experiment_tags ("key", value, experiment_id) VALUES ('owner', 'ana', 1)`).run();
    store.close();

    const b = await open();
    await add(b, project);
    const detail = async (runPath: string) => {
      const run = (await runs(b)).find((r) => r.path === runPath);
      if (!run) throw new Error(`no run at ${runPath}`);
      const result = await b.send('runs/get', { runId: run.id });
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    const fileRun = path.join(project, 'filestore', 'mlruns', '0', '2187eb8a0b4c43ad8de610b73609ed19');
    const sqliteRun = `${storeFile}#2313864dd9574b89ad3a3800d7d19c11`;
    expect((await detail(fileRun)).experimentTags).toEqual({ 'mlflow.note.content': 'Baseline sweeps for the failed-runs project', team: 'vision' });
    expect((await detail(sqliteRun)).experimentTags).toEqual({ owner: 'ana' });
    // The experiment's tags folder is not mistaken for a run.
    expect((await runs(b)).some((run) => run.path === experimentTags)).toBe(false);

    fs.rmSync(path.join(experimentTags, 'team'));
    fs.writeFileSync(path.join(experimentTags, 'mlflow.note.content'), 'Sweeps, round two');
    const edit = new Database(storeFile);
    edit.prepare(`UPDATE experiment_tags SET value = 'bo' WHERE "key" = 'owner'`).run();
    edit.close();
    await add(b, project);
    expect((await detail(fileRun)).experimentTags).toEqual({ 'mlflow.note.content': 'Sweeps, round two' });
    expect((await detail(sqliteRun)).experimentTags).toEqual({ owner: 'bo' });
  });
});
