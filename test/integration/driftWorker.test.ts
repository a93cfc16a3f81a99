// Monitor runs in the bundled drift worker (dist/electron/driftWorker.cjs,
// found beside the scoring worker as the hosts give it): requests are answered
// while large batches are read and compared, and a cancel stops the run
// between batches, keeping the batches stored so far; the next run computes
// the rest.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

afterAll(removeTempDirs);

const scoringWorker = path.join(repoRoot, 'dist', 'electron', 'scoringWorker.cjs');
const longAgo = new Date(Date.now() - 3_600_000);

function bigCsv(rows: number, shift: number): string {
  const lines = ['a,b,c,d,e,f,g,h,cat'];
  for (let i = 0; i < rows; i++) {
    const x = ((i * 7919) % 10007) / 100 + shift;
    lines.push(`${x},${x * 2},${x + 1},${i % 97},${(i * 31) % 101},${x / 3},${i % 13},${x - 5},${'pqrs'[i % 4]}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a monitor run in the drift worker', () => {
  let backend: Backend;
  let id: number;
  const events: { name: keyof Events; payload: unknown }[] = [];
  const progress = (from = 0) => events.slice(from).filter((e) => e.name === 'drift/progress').map((e) => e.payload as Events['drift/progress']);

  beforeAll(async () => {
    expect(fs.existsSync(path.join(repoRoot, 'dist', 'electron', 'driftWorker.cjs'))).toBe(true); // node scripts/build-node.mjs
    const root = tempDir('runlens-drift-worker-');
    const folder = path.join(root, 'batches');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(root, 'reference.csv'), bigCsv(5000, 0));
    for (const [i, name] of ['2026-01-05.csv', '2026-01-12.csv', '2026-01-19.csv'].entries()) {
      fs.writeFileSync(path.join(folder, name), bigCsv(300_000, i));
      fs.utimesSync(path.join(folder, name), longAgo, longAgo);
    }
    backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'browser', version: 'test', watch: false, scoringWorker, emit: (name, payload) => events.push({ name, payload }) });
    const added = await backend.send('drift/addMonitor', { name: 'big', reference: { kind: 'file', path: path.join(root, 'reference.csv') }, current: { kind: 'folder', path: folder } });
    if (!added.ok) throw new Error(added.error.message);
    id = added.value.id;
  }, 120_000);
  afterAll(async () => backend?.close());

  it('answers requests while batches are computed, and stops between batches on cancel', async () => {
    let answered = 0;
    // Until the first batch is stored, every answer came while the worker was reading.
    while (!progress().some((p) => p.done >= 1)) {
      const listed = await backend.send('drift/monitors', {});
      expect(listed.ok).toBe(true);
      answered++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(answered).toBeGreaterThan(1);
    expect(await backend.send('drift/cancel', { id })).toEqual({ ok: true, value: { cancelled: true } });
    const end = await waitFor(() => progress().find((p) => ['done', 'cancelled', 'failed'].includes(p.phase)), 'the run to stop', 120_000);
    expect(end.phase).toBe('cancelled');
    const stopped = await backend.send('drift/monitor', { id });
    if (!stopped.ok) throw new Error(stopped.error.message);
    expect(stopped.value.monitor).toMatchObject({ state: 'idle', error: null });
    const kept = stopped.value.batches.length;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(3);
    expect(stopped.value.batches[0]).toMatchObject({ key: '2026-01-05.csv', rows: 300_000, error: null });

    const from = events.length;
    expect(await backend.send('drift/run', { id })).toEqual({ ok: true, value: { started: true } });
    const next = await waitFor(() => progress(from).find((p) => ['done', 'cancelled', 'failed'].includes(p.phase)), 'the next run', 120_000);
    expect(next).toMatchObject({ phase: 'done', done: 3 - kept });
    const all = await backend.send('drift/monitor', { id });
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.batches.map((b) => [b.key, b.rows, b.report!.dataset.columns])).toEqual([
      ['2026-01-05.csv', 300_000, 9],
      ['2026-01-12.csv', 300_000, 9],
      ['2026-01-19.csv', 300_000, 9],
    ]);
    expect(all.value.batches[0].computedAt).toBe(stopped.value.batches[0].computedAt);
  }, 180_000);

  it('compares two files in the worker', async () => {
    const root = tempDir('runlens-drift-worker-compare-');
    fs.writeFileSync(path.join(root, 'a.csv'), bigCsv(2000, 0));
    fs.writeFileSync(path.join(root, 'b.csv'), bigCsv(2000, 50));
    const report = await backend.send('drift/compare', { reference: path.join(root, 'a.csv'), current: path.join(root, 'b.csv') });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.dataset).toMatchObject({ columns: 9, drift: true });
    expect(report.value.distributions).toHaveLength(9);
    const missing = await backend.send('drift/compare', { reference: path.join(root, 'a.csv'), current: path.join(root, 'nope.csv') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/The current data: .*nope\.csv does not exist/) } });
  });
});
