// The built `runlens` command, as a user types it.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvent, appendMetrics, metricLine, removeTempDirs, repoRoot, tempDir, waitFor, writeNativeRun } from '../helpers';

const bin = path.join(repoRoot, 'bin', 'runlens.cjs');

afterAll(removeTempDirs);

function runlens(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('runlens CLI', () => {
  it('ingests a folder and prints runs as JSON with the documented snake_case fields', () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'runlens', 'a'), { name: 'alpha', params: { lr: '0.01' }, tags: { team: 'cv' }, startTime: 1_000 });
    appendMetrics(run, metricLine(0, { loss: 2 }) + metricLine(1, { loss: 1 }) + 'junk\n');
    appendEvent(run, { type: 'end', status: 'FINISHED', timestamp: 9_000 });
    const dataDir = tempDir('runlens-data-');

    const ingest = runlens(['ingest', project, '--data-dir', dataDir, '--json']);
    expect(ingest.code).toBe(0);
    const [summary] = JSON.parse(ingest.stdout);
    expect(summary).toMatchObject({ project_path: project, runs_found: 1, points_added: 2, lines_skipped: 1 });
    expect(summary.warnings[0]).toMatchObject({ path: path.join(run, 'metrics.jsonl'), message: expect.stringContaining('line 3: not JSON') });

    const listed = runlens(['runs', '--data-dir', dataDir, '--json']);
    expect(listed.code).toBe(0);
    const [first] = JSON.parse(listed.stdout);
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      source: 'native',
      source_run_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      experiment: 'Default',
      name: 'alpha',
      path: run,
      status: 'FINISHED',
      status_reason: null,
      start_time: 1_000,
      end_time: 9_000,
      params: { lr: '0.01' },
      tags: { team: 'cv', 'runlens.host': 'test' },
      metrics: { loss: { last: 1, min: 1, max: 2, last_step: 1, count: 2 } },
      warning_count: 1,
      deleted: false,
    });

    const table = runlens(['runs', '--data-dir', dataDir]);
    expect(table.stdout).toMatch(/FINISHED\s+alpha/);
  });

  it('filters and sorts with the MLflow syntax, and points at a syntax error', () => {
    const project = tempDir();
    const scores = { a: 0.7, b: 0.95, c: 0.85, d: 0.9 };
    for (const [name, f1] of Object.entries(scores)) {
      const run = writeNativeRun(path.join(project, name), { name, id: name.repeat(32), params: { model: name === 'a' ? 'linear' : 'lgbm' } });
      appendMetrics(run, metricLine(0, { f1 }));
    }
    const dataDir = tempDir('runlens-data-');
    expect(runlens(['ingest', project, '--data-dir', dataDir]).code).toBe(0);

    const listed = runlens(['runs', '--data-dir', dataDir, '--filter', "metrics.f1 > 0.8 and params.model = 'lgbm'", '--order-by', 'metrics.f1 DESC', '--limit', '2', '--json']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const runs = JSON.parse(listed.stdout);
    expect(runs.map((run: { name: string }) => run.name)).toEqual(['b', 'd']);
    expect(runs[0].source_run_id).toBe('b'.repeat(32));

    const bad = runlens(['runs', '--data-dir', dataDir, '--filter', 'metrics.f1 >> 0.8']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--filter: col \d+: /);
    expect(bad.stderr).toContain('metrics.f1 >> 0.8');
    expect(bad.stderr).toMatch(/\n\s+\^/);
    const badOrder = runlens(['runs', '--data-dir', dataDir, '--order-by', 'metrics.f1 SIDEWAYS']);
    expect(badOrder.code).toBe(2);
    expect(badOrder.stderr).toMatch(/--order-by: col 12/);
  });

  it('names a missing folder and exits non-zero, keeping what is stored', () => {
    const dataDir = tempDir('runlens-data-');
    const project = tempDir();
    writeNativeRun(path.join(project, 'kept'), { name: 'kept' });
    expect(runlens(['ingest', project, '--data-dir', dataDir]).code).toBe(0);
    const missing = path.join(project, 'missing');
    const result = runlens(['ingest', missing, '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Folder not found: ${missing}`);
    expect(JSON.parse(runlens(['runs', '--data-dir', dataDir, '--json']).stdout).map((r: { name: string }) => r.name)).toEqual(['kept']);
  });

  it('refuses a database from a newer Runlens with a clear message, leaving it untouched', () => {
    const dataDir = tempDir('runlens-data-');
    const project = tempDir();
    writeNativeRun(path.join(project, 'r'), { name: 'old' });
    expect(runlens(['ingest', project, '--data-dir', dataDir]).code).toBe(0);
    const db = new Database(path.join(dataDir, 'runlens.sqlite'));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    db.close();
    const result = runlens(['runs', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('was written by a newer Runlens (schema 999');
    expect(result.stderr).toContain(path.join(dataDir, 'runlens.sqlite'));
    const check = new Database(path.join(dataDir, 'runlens.sqlite'), { readonly: true });
    expect(check.prepare('SELECT name FROM runs').all()).toEqual([{ name: 'old' }]);
    check.close();
  });

  it('explains usage errors', () => {
    expect(runlens(['frobnicate']).code).toBe(2);
    expect(runlens(['frobnicate']).stderr).toContain('Unknown command "frobnicate"');
    expect(runlens(['ingest']).stderr).toContain('needs at least one folder');
  });

  it('stops reading on Ctrl-C, keeps the runs read, and reads the rest next time', async () => {
    const project = tempDir();
    const lines = Array.from({ length: 100 }, (_, step) => metricLine(step, { loss: 1 / (step + 1) })).join('');
    for (let index = 0; index < 3000; index++) appendMetrics(writeNativeRun(path.join(project, 'runs', `r${index}`), { name: `r${index}` }), lines);
    const dataDir = tempDir('runlens-data-');

    const child = spawn(process.execPath, [bin, 'ingest', project, '--data-dir', dataDir, '--json'], { env: { ...process.env, CI: '1' } });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Interrupt once some runs are in the store.
    const database = path.join(dataDir, 'runlens.sqlite');
    await waitFor(() => {
      if (!fs.existsSync(database)) return false;
      const db = new Database(database, { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n > 0;
      } catch {
        return false;
      } finally {
        db.close();
      }
    }, 'the first runs in the store', 30_000);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const [stopped] = JSON.parse(stdout);
    expect(stopped.cancelled).toBe(true);
    expect(stopped.runs_found).toBeGreaterThan(0);
    expect(stopped.runs_found).toBeLessThan(3000);

    const again = runlens(['ingest', project, '--data-dir', dataDir, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ cancelled: false, runs_found: 3000, points_added: (3000 - stopped.runs_found) * 100 });
  }, 90_000);
});
