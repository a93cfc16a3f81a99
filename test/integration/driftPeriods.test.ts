// Batches by period: every current file's rows grouped by a timestamp column
// (ISO date-times without a zone are UTC, epoch seconds, epoch milliseconds)
// into ISO weeks and months; rows with an unreadable timestamp are counted in
// the notes of their file's batches; only a period whose rows changed is
// computed again. And a run cancelled before its first batch stores nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { defaultMonitorSettings, type MonitorDetail, type MonitorSettings } from '../../shared/drift/monitor';
import { periodStart, timestampMs } from '../../electron/backend/drift/periods';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

afterAll(removeTempDirs);

const breastCancer = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'breast_cancer');
const longAgo = new Date(Date.now() - 3_600_000);
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const DAY = 86_400_000;

function rowsOf(week: string): { header: string; rows: string[] } {
  const [header, ...rows] = fs.readFileSync(path.join(breastCancer, 'monitoring', `${week}.csv`), 'utf8').trimEnd().split('\n');
  return { header, rows };
}

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
}

describe('timestamps and periods', () => {
  it('reads ISO dates and times (UTC without a zone), epoch seconds and milliseconds', () => {
    expect(timestampMs('2026-01-05')).toBe(day(2026, 1, 5));
    expect(timestampMs('2026-01-05T10:30:00')).toBe(day(2026, 1, 5) + 10.5 * 3_600_000);
    expect(timestampMs('2026-01-05 10:30:00.250+02:00')).toBe(day(2026, 1, 5) + 8.5 * 3_600_000 + 250);
    expect(timestampMs('2026-01-05T10:30+0200')).toBe(day(2026, 1, 5) + 8.5 * 3_600_000);
    expect(timestampMs(1_767_571_200)).toBe(day(2026, 1, 5));
    expect(timestampMs('1767571200000')).toBe(day(2026, 1, 5));
    for (const bad of ['2026-02-31', 'yesterday', '', null, NaN]) expect(timestampMs(bad as string)).toBeNaN();
  });

  it('starts weeks on Monday and months on the 1st, in UTC', () => {
    expect(periodStart(day(2026, 1, 11) + DAY - 1, 'week')).toBe(day(2026, 1, 5)); // Sunday night
    expect(periodStart(day(2026, 1, 12), 'week')).toBe(day(2026, 1, 12)); // Monday
    expect(periodStart(day(1970, 1, 1), 'week')).toBe(day(1969, 12, 29));
    expect(periodStart(day(2026, 2, 28) + 5, 'month')).toBe(day(2026, 2, 1));
    expect(periodStart(day(2026, 2, 28) + 5, 'day')).toBe(day(2026, 2, 28));
  });
});

describe('a monitor with batches by week', () => {
  let backend: Backend;
  let folder: string;
  let id: number;
  const events: { name: string; payload: unknown }[] = [];
  const ends = (from: number) => events.slice(from).filter((e) => e.name === 'drift/progress' && ['done', 'failed', 'cancelled'].includes((e.payload as Events['drift/progress']).phase)).map((e) => e.payload as Events['drift/progress']);
  const settle = async (from: number) => waitFor(() => ends(from)[0], 'the run', 120_000);
  const detail = (): Promise<MonitorDetail> => ok(backend.send('drift/monitor', { id }));
  const weekly: MonitorSettings = { ...defaultMonitorSettings, batchBy: { kind: 'period', column: 'ts', period: 'week' } };

  beforeAll(async () => {
    const root = tempDir('runlens-drift-periods-');
    folder = path.join(root, 'current');
    fs.mkdirSync(folder);
    // a.csv: week 1's rows over 2026-01-05..11, as ISO date-times and (every tenth) epoch ms.
    const a = rowsOf('2026-01-05');
    fs.writeFileSync(path.join(folder, 'a.csv'), `${a.header},ts\n${a.rows.map((row, i) => `${row},${i % 10 === 0 ? day(2026, 1, 5 + (i % 7)) : `2026-01-${String(5 + (i % 7)).padStart(2, '0')}T12:00:00`}`).join('\n')}\n`);
    // b.csv: week 2's rows in epoch seconds, 100 in the week of 01-12 and 50 in that of 01-19, then 3 unreadable.
    const b = rowsOf('2026-01-12');
    const seconds = (i: number) => (i < 100 ? day(2026, 1, 12 + (i % 7)) : day(2026, 1, 19 + (i % 7))) / 1000;
    fs.writeFileSync(path.join(folder, 'b.csv'), `${b.header},ts\n${[...b.rows.map((row, i) => `${row},${seconds(i)}`), ...b.rows.slice(0, 3).map((row) => `${row},soon`)].join('\n')}\n`);
    for (const name of fs.readdirSync(folder)) fs.utimesSync(path.join(folder, name), longAgo, longAgo);
    backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'cli', version: 'test', watch: false, emit: (name, payload) => events.push({ name, payload }) });
    id = (await ok(backend.send('drift/addMonitor', { name: 'weekly', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: folder }, settings: weekly }))).id;
    expect(await settle(0)).toMatchObject({ phase: 'done', done: 3 });
  }, 180_000);

  afterAll(async () => {
    await backend?.close();
  });

  it('groups the rows of both files into ISO weeks, noting the unreadable timestamps', async () => {
    const { batches } = await detail();
    expect(batches.map((b) => [b.key, b.label, b.startAt, b.rows])).toEqual([
      ['2026-01-05', 'week of 2026-01-05', day(2026, 1, 5), 150],
      ['2026-01-12', 'week of 2026-01-12', day(2026, 1, 12), 100],
      ['2026-01-19', 'week of 2026-01-19', day(2026, 1, 19), 50],
    ]);
    const note = 'b.csv: 3 rows with a timestamp in "ts" that is no date, time or epoch number (such as "soon"): left out';
    expect(batches[0].problems).not.toContain(note);
    expect(batches[1].problems).toContain(note);
    expect(batches[2].problems).toContain(note);
    for (const batch of batches) {
      expect(batch.report!.notCompared).toEqual(expect.arrayContaining([{ column: 'ts', reason: 'excluded (label or time column)' }, { column: 'target', reason: 'excluded (label or time column)' }]));
      expect(batch.report!.dataset.columns).toBe(31);
    }
    expect(batches[0].report!.columns.filter((c) => c.drift)).toEqual([]);
  });

  it('computes again only the period whose rows changed', async () => {
    const before = await detail();
    let from = events.length;
    await ok(backend.send('drift/run', { id }));
    expect(await settle(from)).toMatchObject({ phase: 'done', done: 0 });
    // Five more rows in the week of 01-19, appended to b.csv.
    const b = rowsOf('2026-01-12');
    fs.appendFileSync(path.join(folder, 'b.csv'), `${b.rows.slice(0, 5).map((row) => `${row},${day(2026, 1, 20) / 1000}`).join('\n')}\n`);
    fs.utimesSync(path.join(folder, 'b.csv'), longAgo, new Date(Date.now() - 60_000));
    from = events.length;
    await ok(backend.send('drift/run', { id }));
    expect(await settle(from)).toMatchObject({ phase: 'done', done: 1 });
    const after = await detail();
    expect(after.batches.map((b) => b.rows)).toEqual([150, 100, 55]);
    expect(after.batches.slice(0, 2)).toEqual(before.batches.slice(0, 2));
    expect(after.batches[2].computedAt).toBeGreaterThan(before.batches[2].computedAt - 1);
  });

  it('regroups by month when the settings change', async () => {
    const from = events.length;
    await ok(backend.send('drift/editMonitor', { id, settings: { ...weekly, batchBy: { kind: 'period', column: 'ts', period: 'month' } } }));
    await settle(from);
    const { batches } = await detail();
    expect(batches.map((b) => [b.key, b.label, b.rows])).toEqual([['2026-01-01', '2026-01', 305]]);
  });

  it('stores nothing from a run cancelled before its first batch, and computes it all next time', async () => {
    await ok(backend.send('drift/editMonitor', { id, settings: weekly }));
    // The edit started a run; cancelling at once stops it before any batch.
    expect(await ok(backend.send('drift/cancel', { id }))).toEqual({ cancelled: true });
    const from = 0;
    await waitFor(() => ends(from).some((p) => p.phase === 'cancelled'), 'the cancelled run', 120_000);
    await waitFor(async () => (await detail()).monitor.state === 'idle', 'the monitor to be idle', 120_000);
    expect((await detail()).batches).toEqual([]);
    const next = events.length;
    await ok(backend.send('drift/run', { id }));
    expect(await settle(next)).toMatchObject({ phase: 'done', done: 3 });
    expect((await detail()).batches.map((b) => b.key)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
  });
});
