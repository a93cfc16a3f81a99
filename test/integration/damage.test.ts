// Damage at the source never erases what is stored: a run whose files cannot
// be read keeps what was read and says why; a store that cannot be read keeps
// its runs, each marked with the store's warning, until a read succeeds; a
// store another program holds locked is waited for, and named only if it
// stays locked. Only a source that says a run is gone removes it.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/domain';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { databaseFile } from '../../electron/backend/store/database';
import { appendMetrics, ingestWorker, metricLine, removeTempDirs, repoRoot, tempDir, writeNativeRun } from '../helpers';

const opened: Backend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.close();
});
afterAll(removeTempDirs);

async function backendOn(
  dataDir = tempDir('runlens-data-'),
  options: { lockWaitMs?: number; storeBusyRetryMs?: number; ingestWorker?: string } = {},
): Promise<Backend> {
  const backend = await createBackend({ dataDir, mode: 'cli', version: 'test', emit: () => {}, watch: false, ...options });
  opened.push(backend);
  return backend;
}

async function add(backend: Backend, project: string) {
  const added = await backend.send('projects/add', { path: project });
  if (!added.ok) throw new Error(added.error.message);
  return added.value;
}

async function runs(backend: Backend): Promise<Run[]> {
  const listed = await backend.send('runs/list', {});
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value;
}

async function warningsOf(backend: Backend, runId: string): Promise<string[]> {
  const detail = await backend.send('runs/get', { runId });
  if (!detail.ok) throw new Error(detail.error.message);
  return detail.value.warnings.map((w) => w.message);
}

function nativeProject(points = 10): { project: string; run: string } {
  const project = tempDir();
  const run = writeNativeRun(path.join(project, 'run-a'), { name: 'run-a', params: { lr: '0.1' } });
  let lines = '';
  for (let step = 0; step < points; step++) lines += metricLine(step, { loss: 1 / (step + 1) });
  appendMetrics(run, lines);
  return { project, run };
}

function sqliteProject(): { project: string; db: string } {
  const project = tempDir();
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'real', 'mlflow-sqlite', 'mlflow2.3-small'), project, { recursive: true });
  return { project, db: path.join(project, 'mlflow.db') };
}

describe('a damaged run folder', () => {
  for (const [damage, write] of [
    ['empty', (file: string) => fs.writeFileSync(file, '')],
    ['random bytes', (file: string) => fs.writeFileSync(file, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)))],
    ['truncated', (file: string) => fs.truncateSync(file, 40)],
    ['no longer a Runlens header', (file: string) => fs.writeFileSync(file, JSON.stringify({ format: 'something.else' }))],
    ['a 2 GB sparse file', (file: string) => fs.truncateSync(file, 2 * 1024 ** 3)],
  ] as const) {
    it(`keeps its run and metrics when run.json is ${damage}, and says so`, async () => {
      const { project, run } = nativeProject();
      const backend = await backendOn();
      await add(backend, project);
      write(path.join(run, 'run.json'));
      for (let pass = 0; pass < 2; pass++) {
        await add(backend, project);
        const [stored] = await runs(backend);
        expect(stored).toMatchObject({ name: 'run-a', params: { lr: '0.1' } });
        expect(stored.metrics.loss.count).toBe(10);
        expect((await warningsOf(backend, stored.id)).some((m) => /run\.json/.test(m))).toBe(true);
      }
    });
  }

  it('removes the run only once its folder is gone', async () => {
    const { project, run } = nativeProject();
    const backend = await backendOn();
    await add(backend, project);
    fs.rmSync(path.join(run, 'run.json'));
    fs.rmSync(path.join(run, 'events.jsonl'));
    await add(backend, project);
    expect(await runs(backend)).toHaveLength(1);
    fs.rmSync(run, { recursive: true });
    await add(backend, project);
    expect(await runs(backend)).toHaveLength(0);
  });

  it('reads a metrics file rewritten shorter again, and says how many points the run had and has', async () => {
    const { project, run } = nativeProject(10);
    const backend = await backendOn();
    await add(backend, project);
    // Replaced by a shorter one (a script that started over): a new inode, fewer lines.
    const file = path.join(run, 'metrics.jsonl');
    fs.rmSync(file);
    fs.writeFileSync(file, metricLine(0, { loss: 5 }) + metricLine(1, { loss: 4 }) + metricLine(2, { loss: 3 }));
    await add(backend, project);
    const [stored] = await runs(backend);
    expect(stored.metrics.loss.count).toBe(3);
    expect(await warningsOf(backend, stored.id)).toContain('metrics.jsonl was replaced or rewritten and was read again from its start: the run had 10 points, it has 3 now');
  });

  it('reads a metrics file rewritten in place (same inode, longer) again from its start', async () => {
    const { project, run } = nativeProject(10);
    const backend = await backendOn();
    await add(backend, project);
    const file = path.join(run, 'metrics.jsonl');
    let lines = '';
    for (let step = 0; step < 12; step++) lines += metricLine(step, { loss: 100 + step });
    fs.writeFileSync(file, lines); // truncates and rewrites through the same inode
    await add(backend, project);
    const [stored] = await runs(backend);
    expect(stored.metrics.loss).toMatchObject({ count: 12, last: 111 });
  });
});

describe('a damaged MLflow SQLite store', () => {
  for (const [damage, write] of [
    ['truncated', (file: string) => fs.truncateSync(file, 20_000)],
    ['overwritten with zeros in the middle', (file: string) => {
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(40_000), 0, 40_000, 8192);
      fs.closeSync(fd);
    }],
    ['empty', (file: string) => fs.writeFileSync(file, '')],
    ['not a database', (file: string) => fs.writeFileSync(file, 'SQLite format 3\0' + 'x'.repeat(5000))],
  ] as const) {
    it(`keeps its runs when the file is ${damage}, marks each with the reason, and reads it again once it is whole`, async () => {
      const { project, db } = sqliteProject();
      const intact = fs.readFileSync(db);
      const dataDir = tempDir('runlens-data-');
      let backend = await backendOn(dataDir);
      await add(backend, project);
      const before = await runs(backend);
      expect(before).toHaveLength(3);

      write(db);
      for (let pass = 0; pass < 2; pass++) {
        await add(backend, project);
        const after = await runs(backend);
        expect(after.map((r) => [r.id, r.metrics])).toEqual(before.map((r) => [r.id, r.metrics]));
        for (const run of after) {
          expect(run.warningCount).toBeGreaterThan(0);
          expect((await warningsOf(backend, run.id)).some((m) => m.startsWith('cannot read mlflow.db: '))).toBe(true);
        }
      }
      // A restart keeps them too.
      await backend.close();
      opened.splice(opened.indexOf(backend), 1);
      backend = await backendOn(dataDir);
      await add(backend, project);
      expect((await runs(backend)).map((r) => r.id)).toEqual(before.map((r) => r.id));

      fs.writeFileSync(db, intact);
      await add(backend, project);
      const healed = await runs(backend);
      expect(healed.map((r) => [r.id, r.metrics])).toEqual(before.map((r) => [r.id, r.metrics]));
      for (const run of healed) expect(await warningsOf(backend, run.id)).not.toContainEqual(expect.stringMatching(/^cannot read/));
    });
  }

  it('forgets the store and its runs once the file is gone', async () => {
    const { project, db } = sqliteProject();
    const backend = await backendOn();
    await add(backend, project);
    expect(await runs(backend)).toHaveLength(3);
    fs.rmSync(db);
    await add(backend, project);
    expect(await runs(backend)).toHaveLength(0);
  });

  it('waits for a lock that passes, and says nothing of it', async () => {
    const { project, db } = sqliteProject();
    // In the worker, so that this thread can let go of the lock while the read waits for it.
    const backend = await backendOn(tempDir('runlens-data-'), { lockWaitMs: 20_000, ingestWorker });
    await add(backend, project);
    const writer = new Database(db);
    try {
      writer.exec("UPDATE runs SET name = 'renamed' WHERE run_uuid = (SELECT MIN(run_uuid) FROM runs)");
      writer.exec('BEGIN EXCLUSIVE');
      setTimeout(() => writer.exec('COMMIT'), 1500);
      await add(backend, project);
    } finally {
      if (writer.inTransaction) writer.exec('COMMIT');
      writer.close();
    }
    const after = await runs(backend);
    expect(after.some((r) => r.name === 'renamed')).toBe(true);
    for (const run of after) expect(await warningsOf(backend, run.id)).toEqual([]);
  });

  it('keeps the runs of a store that stays locked, names the lock, and forgets it once free', async () => {
    const { project, db } = sqliteProject();
    const backend = await backendOn(tempDir('runlens-data-'), { lockWaitMs: 500 });
    await add(backend, project);
    const before = await runs(backend);
    const writer = new Database(db);
    writer.exec("UPDATE runs SET name = 'renamed' WHERE run_uuid = (SELECT MIN(run_uuid) FROM runs)");
    writer.exec('BEGIN EXCLUSIVE');
    try {
      await add(backend, project);
      const locked = await runs(backend);
      expect(locked.map((r) => [r.id, r.name])).toEqual(before.map((r) => [r.id, r.name]));
      for (const run of locked) expect(await warningsOf(backend, run.id)).toContain('mlflow.db is locked by another program; Runlens reads it again once it is free');
    } finally {
      writer.exec('COMMIT');
      writer.close();
    }
    await add(backend, project);
    const free = await runs(backend);
    expect(free.some((r) => r.name === 'renamed')).toBe(true);
    for (const run of free) expect(await warningsOf(backend, run.id)).toEqual([]);
  });
});

describe("Runlens's own store, locked by another process", () => {
  it('is waited for: a lock that passes is never an error nor a warning', async () => {
    const { project } = nativeProject();
    const dataDir = tempDir('runlens-data-');
    const backend = await backendOn(dataDir);
    const locker = new Database(databaseFile(dataDir));
    locker.exec('BEGIN IMMEDIATE');
    setTimeout(() => locker.exec('ROLLBACK'), 1500);
    const added = await backend.send('projects/add', { path: project });
    locker.close();
    expect(added.ok && added.value.ingest.runsFound).toBe(1);
    const [run] = await runs(backend);
    expect(await warningsOf(backend, run.id)).toEqual([]);
  });

  it('answers store-busy, losing nothing, only when the lock outlasts the retries', async () => {
    const { project } = nativeProject();
    const dataDir = tempDir('runlens-data-');
    const backend = await backendOn(dataDir, { storeBusyRetryMs: 1000 });
    const locker = new Database(databaseFile(dataDir));
    locker.exec('BEGIN IMMEDIATE');
    try {
      const result = await backend.send('projects/add', { path: project });
      expect(result).toMatchObject({ ok: false, error: { code: 'store-busy' } });
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    const retry = await backend.send('projects/add', { path: project });
    expect(retry.ok && retry.value.ingest.runsFound).toBe(1);
  });
});

describe('a read of an MLflow SQLite store that stops part-way', () => {
  it('goes on from where it stopped at the next read, though the file did not change', async () => {
    const { spawn } = await import('node:child_process');
    const { generateMlflowSqlite } = await import('../../bench/generate/mlflowSqlite');
    const project = tempDir();
    // 1.2M metric rows: six pages of 200,000, each stored in its own transaction.
    const { points } = generateMlflowSqlite(path.join(project, 'mlflow.db'), { runs: 4, metrics: 3, steps: 100_000 });
    const dataDir = tempDir('runlens-data-');
    const cli = path.join(repoRoot, 'bin', 'runlens.cjs');
    const child = spawn(process.execPath, [cli, 'ingest', project, '--data-dir', dataDir, '--json'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed as a crash would, once the first pages are stored and before the last.
    const stored = () => {
      try {
        const db = new Database(databaseFile(dataDir), { readonly: true });
        try {
          const row = db.prepare('SELECT state FROM store_cursors').get() as { state: string } | undefined;
          return row ? (JSON.parse(row.state) as { rowid: number }).rowid : 0;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    while (stored() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGKILL');
    await exited;
    const partly = stored();
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(points);

    const backend = await backendOn(dataDir);
    await add(backend, project);
    const total = (await runs(backend)).reduce((sum, run) => sum + Object.values(run.metrics).reduce((n, m) => n + m.count, 0), 0);
    expect(total).toBe(points);
  }, 120_000);
});
