// Folders written by the real tools (MLflow file and SQLite stores with
// registries, DVCLive, TensorBoard): found together below one project folder,
// read without writing a byte into it, and followed live through the watcher.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { pb, summaryEvent, tfRecord } from '../../bench/generate/tensorboard';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

const real = path.join(repoRoot, 'test', 'fixtures', 'real');
const bin = path.join(repoRoot, 'bin', 'runlens.cjs');

/** Every file below a folder with its size and mtime: what "read-only" must leave as it was. */
function snapshot(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[])
    .sort()
    .map((entry) => {
      const stat = fs.statSync(path.join(folder, entry));
      return `${entry} ${stat.isFile() ? stat.size : 'dir'} ${stat.isFile() ? stat.mtimeMs : ''}`;
    });
}

function copyProject(...parts: string[]): string {
  const project = tempDir();
  fs.cpSync(path.join(real, ...parts), path.join(project, parts[parts.length - 1]), { recursive: true, preserveTimestamps: true });
  return project;
}

function runlens(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  if (result.status !== 0) throw new Error(`runlens ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

afterAll(removeTempDirs);

describe('all real formats in one project, through the CLI', () => {
  it('reports every run with its source, path, params, tags and metric summaries, and writes nothing', () => {
    const project = tempDir();
    fs.cpSync(real, project, { recursive: true, preserveTimestamps: true });
    const before = snapshot(project);
    const dataDir = tempDir('runlens-data-');

    const [ingest] = runlens(['ingest', project, '--data-dir', dataDir, '--json']);
    const runs = runlens(['runs', '--data-dir', dataDir, '--json']) as {
      source: string; path: string; status: string; params: object; metrics: Record<string, { count: number; last_step: number }>;
    }[];
    expect(ingest.runs_found).toBeGreaterThanOrEqual(runs.length);
    const sources = new Set(runs.map((run) => run.source));
    for (const source of ['mlflow', 'mlflow-sqlite', 'dvclive', 'tensorboard']) expect(sources).toContain(source);
    for (const run of runs) {
      expect(['RUNNING', 'FINISHED', 'FAILED', 'KILLED', 'SCHEDULED']).toContain(run.status);
      expect(run.path.startsWith(project)).toBe(true);
      for (const metric of Object.values(run.metrics)) expect(metric.count).toBeGreaterThan(0);
    }
    // The MLflow 1.x run left RUNNING by a crashed Windows job stays RUNNING: MLflow says so.
    const unfinished = runs.find((run) => run.path.includes('cb0096518b0e4c66a94428555f05420b'))!;
    expect(unfinished).toMatchObject({ source: 'mlflow', status: 'RUNNING' });
    expect(unfinished.metrics.loss).toMatchObject({ count: 1, last_step: 0 });

    // Deleted runs are hidden unless asked for.
    const all = runlens(['runs', '--all', '--data-dir', dataDir, '--json']) as { deleted: boolean }[];
    expect(all.filter((run) => run.deleted).length).toBeGreaterThan(0);
    expect(all.length).toBe(runs.length + all.filter((run) => run.deleted).length);

    expect(snapshot(project)).toEqual(before);
  });

  it('reads the MLflow file-store registry with stages and the SQLite registry with aliases', () => {
    const dataDir = tempDir('runlens-data-');
    // The real stores hold no alias: add one the way MLflow 2.3+ writes it (a file, a row).
    const fileStore = copyProject('mlflow-filestore', 'mlflow2-registry-stages');
    const aliasFolder = path.join(fileStore, 'mlflow2-registry-stages', 'mlruns', 'models', 'sk-learn-random-forest-reg-model', 'aliases');
    fs.mkdirSync(aliasFolder, { recursive: true });
    fs.writeFileSync(path.join(aliasFolder, 'champion'), '4');
    const sqliteStore = copyProject('mlflow-sqlite', 'mlflow2.13-deleted-runs');
    const writer = new Database(path.join(sqliteStore, 'mlflow2.13-deleted-runs', 'mlflow.db'));
    writer.prepare("INSERT INTO registered_model_aliases (alias, version, name) VALUES ('challenger', 3, 'nyc-taxi-regressor')").run();
    writer.close();
    runlens(['ingest', fileStore, sqliteStore, '--data-dir', dataDir, '--json']);

    const models = runlens(['models', '--data-dir', dataDir, '--json']) as {
      name: string; source: string; aliases: Record<string, number>;
      versions: { version: number; stage: string; aliases: string[]; source_run_id: string | null; run_id: string | null }[];
    }[];
    // Read by hand from mlruns/models/*/version-*/meta.yaml (current_stage): two versions in Production.
    const forest = models.find((m) => m.name === 'sk-learn-random-forest-reg-model')!;
    expect(forest.source).toBe('mlflow');
    expect(forest.versions.map((v) => [v.version, v.stage])).toEqual([[1, 'None'], [2, 'None'], [3, 'Production'], [4, 'Production']]);
    expect(forest.aliases).toEqual({ champion: 4 });
    expect(forest.versions[3].aliases).toEqual(['champion']);
    expect(models.find((m) => m.name === 'test_r_m')!.versions[0].stage).toBe('Archived');

    // From the database: SELECT name, version, current_stage FROM model_versions.
    const taxi = models.find((m) => m.name === 'nyc-taxi-regressor' && m.source === 'mlflow-sqlite')!;
    expect(taxi.versions.map((v) => [v.version, v.stage])).toEqual([[1, 'Staging'], [2, 'None'], [3, 'None']]);
    expect(taxi.aliases).toEqual({ challenger: 3 });
    // A version's run is linked to the Runlens run read from the same store.
    const linked = taxi.versions.filter((v) => v.run_id !== null);
    expect(linked.length).toBeGreaterThan(0);
  });
});

describe('live reading through the watcher', () => {
  let backend: Backend | null = null;
  afterEach(async () => {
    await backend?.close();
    backend = null;
  });

  async function watch(project: string) {
    backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'browser', version: 'test', emit: () => {}, watch: true });
    const b = backend;
    const added = await b.send('projects/add', { path: project });
    if (!added.ok) throw new Error(added.error.message);
    return async () => {
      const result = await b.send('runs/list', {});
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
  }

  it('shows a point appended to an MLflow metric file', async () => {
    const project = copyProject('mlflow-filestore', 'mlflow1-unfinished-run');
    const list = await watch(project);
    expect((await list())[0].metrics.loss.count).toBe(1);
    const lossFile = path.join(project, 'mlflow1-unfinished-run', 'mlruns', '0', 'cb0096518b0e4c66a94428555f05420b', 'metrics', 'loss');
    fs.appendFileSync(lossFile, '1664364099000 2.5 1\n');
    const run = await waitFor(async () => {
      const [first] = await list();
      return first.metrics.loss.count === 2 ? first : null;
    }, 'the appended MLflow point');
    expect(run.metrics.loss).toMatchObject({ last: 2.5, lastStep: 1 });
  });

  it('shows scalars a TensorBoard writer appends, including after a torn record', async () => {
    const project = copyProject('tensorboard', 'pytorch-summarywriter-unet');
    const list = await watch(project);
    const run = (await list()).find((r) => r.name.endsWith('UNet_lr2e_3'))!;
    const eventFile = path.join(run.path, fs.readdirSync(run.path).find((name) => name.includes('tfevents'))!);
    const value = (step: number) => summaryEvent(1_763_900_000 + step, step, Buffer.concat([pb.bytes(1, 'live/loss'), pb.float(2, 1 / step)]));
    // A record written in two pieces: the first piece is a torn record, read only once complete.
    const record = tfRecord(value(500));
    fs.appendFileSync(eventFile, record.subarray(0, 10));
    // The watcher has read the file with its torn record: the cursor knows the new size, yet stops before the torn bytes.
    const size = fs.statSync(eventFile).size;
    await waitFor(() => (backend!.db.prepare('SELECT size FROM ingest_cursors WHERE path = ?').get(eventFile) as { size: number }).size === size, 'the read of the torn record');
    const torn = backend!.db.prepare('SELECT size, byte_offset FROM ingest_cursors WHERE path = ?').get(eventFile) as { size: number; byte_offset: number };
    expect(torn.byte_offset).toBe(size - 10);
    expect(((await list()).find((r) => r.id === run.id)!).metrics['live/loss']).toBeUndefined();
    fs.appendFileSync(eventFile, Buffer.concat([record.subarray(10), tfRecord(value(501))]));
    const updated = await waitFor(async () => {
      const found = (await list()).find((r) => r.id === run.id)!;
      return found.metrics['live/loss']?.count === 2 ? found : null;
    }, 'the appended TensorBoard scalars');
    expect(updated.metrics['live/loss'].lastStep).toBe(501);
    expect(updated.warningCount).toBe(0);
  });

  it('shows a metric row MLflow adds to its SQLite store', async () => {
    const project = copyProject('mlflow-sqlite', 'mlflow2.3-small');
    const list = await watch(project);
    const [first] = await list();
    const dbFile = path.join(project, 'mlflow2.3-small', 'mlflow.db');
    const writer = new Database(dbFile);
    const runUuid = first.path.split('#').pop()!;
    writer.prepare('INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, 0, ?)').run('live_metric', 0.25, Date.now(), 7, runUuid);
    writer.close();
    const run = await waitFor(async () => (await list()).find((r) => r.id === first.id && r.metrics.live_metric), 'the new SQLite metric row');
    expect(run.metrics.live_metric).toMatchObject({ last: 0.25, lastStep: 7, count: 1 });
  });
});
