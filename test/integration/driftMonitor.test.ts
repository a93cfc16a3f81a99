// The drift monitor's acceptance test on real files and a real store: the
// eight weekly breast-cancer batches against train.csv with the logistic
// regression. No column drifts in weeks 1–3; the size columns, mean texture
// and clinic drift from week 4; the dataset from week 6; accuracy falls from
// ~0.99 to ~0.71 while there are labels, and weeks 7–8 get an estimate only.
// Alerts are raised once; a reopened data folder serves every batch without
// computing; the watcher computes only a new file; a removed file keeps its
// batch; new settings recompute; the folder is never written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { defaultMonitorSettings, type DriftBatch, type MonitorDetail } from '../../shared/drift/monitor';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

afterAll(removeTempDirs);

const breastCancer = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'breast_cancer');
const model = path.join(repoRoot, 'test', 'fixtures', 'models', 'breast_cancer_logreg.onnx');
const weeks = fs.readdirSync(path.join(breastCancer, 'monitoring')).filter((f) => f.endsWith('.csv')).sort();
const longAgo = new Date(Date.now() - 3_600_000);

type Event = { name: keyof Events; payload: unknown };

/** Every file in the folder with its bytes' hash and modification time. */
function snapshot(folder: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(folder).sort().map((name) => {
    const file = path.join(folder, name);
    return [name, `${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}:${fs.statSync(file).mtimeMs}`];
  }));
}

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
}

class Host {
  readonly events: Event[] = [];
  backend!: Backend;

  async open(dataDir: string, watch: boolean): Promise<this> {
    this.backend = await createBackend({ dataDir, mode: 'cli', version: 'test', watch, emit: (name, payload) => this.events.push({ name, payload }) });
    return this;
  }

  ends(id: number, from = 0): Events['drift/progress'][] {
    return this.events.slice(from).filter((e) => e.name === 'drift/progress').map((e) => e.payload as Events['drift/progress']).filter((p) => p.monitorId === id && ['done', 'failed', 'cancelled'].includes(p.phase));
  }

  /** Runs the monitor and waits for the run to end. */
  async run(id: number): Promise<Events['drift/progress']> {
    const from = this.events.length;
    await ok(this.backend.send('drift/run', { id }));
    return waitFor(() => this.ends(id, from)[0], 'the run to end', 120_000);
  }

  detail(id: number): Promise<MonitorDetail> {
    return ok(this.backend.send('drift/monitor', { id }));
  }
}

const drifted = (batch: DriftBatch) => batch.report!.columns.filter((c) => c.drift).map((c) => c.column).sort();
const computedAt = (detail: MonitorDetail) => Object.fromEntries(detail.batches.map((b) => [b.key, b.computedAt]));

describe('a drift monitor over the weekly breast-cancer batches', () => {
  let folder: string;
  let dataDir: string;
  let host: Host;
  let id: number;
  let first: MonitorDetail;
  let before: Record<string, string>;

  beforeAll(async () => {
    folder = tempDir('runlens-drift-folder-');
    for (const week of weeks) {
      fs.copyFileSync(path.join(breastCancer, 'monitoring', week), path.join(folder, week));
      fs.utimesSync(path.join(folder, week), longAgo, longAgo);
    }
    before = snapshot(folder);
    dataDir = tempDir('runlens-drift-data-');
    host = await new Host().open(dataDir, false);
    const monitor = await ok(host.backend.send('drift/addMonitor', { name: 'breast cancer weekly', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: folder }, model: { kind: 'file', path: model } }));
    id = monitor.id;
    const end = await waitFor(() => host.ends(id)[0], 'the first run', 120_000);
    expect(end).toMatchObject({ phase: 'done', done: 8 });
    first = await host.detail(id);
  }, 180_000);

  afterAll(async () => {
    await host?.backend.close();
  });

  it('finds no drift in weeks 1–3, size, texture and clinic from week 4, dataset drift from week 6', () => {
    const { batches } = first;
    expect(batches.map((b) => b.key)).toEqual(weeks);
    expect(batches.map((b) => b.rows)).toEqual(Array(8).fill(150));
    expect(first.labelColumn).toBe('target');
    expect(first.referenceRows).toBe(398);
    for (const batch of batches) {
      expect(batch.error).toBeNull();
      expect(batch.report!.dataset.columns).toBe(31); // 30 features and clinic; the label is left out
      expect(batch.report!.notCompared).toEqual([{ column: 'target', reason: expect.stringMatching(/excluded/) }]);
    }
    for (const batch of batches.slice(0, 3)) expect(drifted(batch)).toEqual([]);
    const week4 = ['clinic', 'mean area', 'mean perimeter', 'mean radius', 'mean texture', 'worst perimeter', 'worst radius'];
    expect(drifted(batches[3])).toEqual(week4);
    expect(drifted(batches[4])).toEqual([...week4, 'worst area', 'worst texture'].sort());
    for (const batch of batches.slice(4)) expect(drifted(batch)).toEqual(expect.arrayContaining(week4));
    expect(batches.map((b) => b.report!.dataset.drifted)).toEqual([0, 0, 0, 7, 9, 16, 17, 17]);
    expect(batches.map((b) => b.report!.dataset.drift)).toEqual([false, false, false, false, false, true, true, true]);
    // 150 reference rows or fewer than 1,000: KS for numbers, chi-square for clinic.
    const week4Clinic = batches[3].report!.columns.find((c) => c.column === 'clinic')!;
    expect(week4Clinic).toMatchObject({ type: 'cat', method: 'chisquare', drift: true, referenceSize: 398, currentSize: 150 });
    expect(batches[3].report!.columns.find((c) => c.column === 'mean radius')).toMatchObject({ type: 'num', method: 'ks', drift: true });
  });

  it('measures accuracy falling from ~0.99 to ~0.71 while there are labels, and estimates weeks 7–8', () => {
    const { batches } = first;
    expect(first.referencePerformance!.accuracy).toBeCloseTo(0.9874, 3);
    const accuracy = batches.slice(0, 6).map((b) => b.performance!.accuracy);
    expect(accuracy.map((a) => Math.round(a * 150))).toEqual([148, 148, 149, 143, 139, 107]);
    expect(accuracy[0]).toBeGreaterThan(0.98);
    expect(accuracy[5]).toBeCloseTo(0.713, 3);
    for (const batch of batches.slice(0, 6)) expect(batch.labeledRows).toBe(150);
    for (const batch of batches.slice(6)) {
      expect(batch.performance).toBeNull();
      expect(batch.labeledRows).toBe(0);
    }
    for (const batch of batches) {
      expect(batch.estimate).not.toBeNull();
      const { values, lower, upper } = batch.estimate!;
      expect(values.accuracy).toBeGreaterThan(0);
      expect(values.accuracy).toBeLessThanOrEqual(1);
      expect(lower.accuracy).toBeLessThanOrEqual(values.accuracy);
      expect(upper.accuracy).toBeGreaterThanOrEqual(values.accuracy);
    }
    expect(first.estimateAssumptions).toEqual(expect.any(String));
    // The score drifts with the data: KS on P(1).
    expect(batches[0].prediction).toMatchObject({ column: 'P(1)', method: 'ks', drift: false });
    expect(batches[5].prediction).toMatchObject({ method: 'ks', drift: true });
  });

  it('raises a dataset alert from week 6, column alerts from week 4, and none twice', async () => {
    const alerts = first.alerts;
    const datasetAlerts = alerts.filter((a) => a.kind === 'dataset').map((a) => a.batchKey).sort();
    expect(datasetAlerts).toEqual(weeks.slice(5));
    const columnAlerts = alerts.filter((a) => a.kind === 'column');
    expect(Math.min(...columnAlerts.map((a) => weeks.indexOf(a.batchKey)))).toBe(3);
    expect(columnAlerts.filter((a) => a.batchKey === weeks[3]).map((a) => a.subject).sort()).toEqual(drifted(first.batches[3]));
    // A column that drifted the week before raises nothing the next week.
    expect(columnAlerts.filter((a) => a.batchKey === weeks[4]).map((a) => a.subject).sort()).toEqual(['worst area', 'worst texture']);
    expect(alerts.find((a) => a.subject === 'clinic')!.message).toMatch(/"clinic" drifted in 2026-01-26\.csv: chisquare p-value .* < 0\.05/);
    expect(alerts.filter((a) => a.kind === 'performance').map((a) => `${a.batchKey} ${a.subject}`).sort()).toEqual([`${weeks[5]} accuracy`, `${weeks[5]} f1`]);
    expect(first.monitor.unseenAlerts).toBe(alerts.length);
    const raised = host.events.filter((e) => e.name === 'drift/alert').flatMap((e) => (e.payload as Events['drift/alert']).alerts);
    expect(raised.map((a) => a.id).sort()).toEqual(alerts.map((a) => a.id).sort());

    const again = await host.run(id);
    expect(again).toMatchObject({ phase: 'done', done: 0 });
    const second = await host.detail(id);
    expect(second.alerts).toEqual(alerts);
    expect(computedAt(second)).toEqual(computedAt(first));
    expect(await ok(host.backend.send('drift/markAlertsSeen', { id }))).toEqual({ seen: alerts.length });
    expect((await host.detail(id)).monitor.unseenAlerts).toBe(0);
  });

  it('serves the batches and their distributions from the store', async () => {
    const detail = await ok(host.backend.send('drift/batch', { id, batch: weeks[3] }));
    expect(detail.batch).toEqual(first.batches[3]);
    expect(detail.distributions.map((d) => d.column).sort()).toEqual(first.batches[3].report!.columns.map((c) => c.column).sort());
    const radius = detail.distributions.find((d) => d.column === 'mean radius')!;
    expect(radius.bins!.reference.length).toBe(radius.bins!.edges.length - 1);
    expect(radius.reference.quantiles!.map((q) => q.q)).toEqual([0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]);
    expect(detail.distributions.find((d) => d.column === 'clinic')!.categories!.length).toBeGreaterThan(1);
    expect(detail.prediction).toMatchObject({ column: 'P(1)', type: 'num' });
    const missing = await host.backend.send('drift/batch', { id, batch: 'nope.csv' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/has no batch "nope\.csv"/) } });
  });

  it('serves a reopened data folder without computing anything', async () => {
    await host.backend.close();
    host = await new Host().open(dataDir, false);
    const reopened = await host.detail(id);
    expect(reopened.batches).toEqual(first.batches);
    expect(reopened.referencePerformance).toEqual(first.referencePerformance);
    expect(await host.run(id)).toMatchObject({ phase: 'done', done: 0 });
    expect(computedAt(await host.detail(id))).toEqual(computedAt(first));
  });

  it('computes only a new file, picked up by the watcher of a long-lived backend', async () => {
    await host.backend.close();
    host = await new Host().open(dataDir, true);
    // At start every monitor is run once (nothing new), after its folder is watched.
    await waitFor(() => host.ends(id)[0], 'the start-up run', 120_000);
    expect(host.ends(id)[0]).toMatchObject({ phase: 'done', done: 0 });
    const ninth = path.join(folder, '2026-03-02.csv');
    fs.copyFileSync(path.join(breastCancer, 'monitoring', weeks[7]), ninth);
    const detail = await waitFor(async () => {
      const d = await host.detail(id);
      return d.batches.length === 9 ? d : null;
    }, 'the watcher to compute the new file', 120_000);
    expect(detail.batches[8]).toMatchObject({ key: '2026-03-02.csv', label: '2026-03-02.csv', startAt: Date.UTC(2026, 2, 2), rows: 150 });
    expect(drifted(detail.batches[8])).toEqual(drifted(first.batches[7]));
    const { ['2026-03-02.csv']: _new, ...old } = computedAt(detail);
    expect(old).toEqual(computedAt(first));
  });

  it('keeps the batch of a file removed from the folder', async () => {
    fs.rmSync(path.join(folder, weeks[0]));
    expect(await host.run(id)).toMatchObject({ phase: 'done' });
    const detail = await host.detail(id);
    expect(detail.batches.map((b) => b.key)).toEqual([...weeks, '2026-03-02.csv']);
    expect(detail.batches[0]).toEqual(first.batches[0]);
  });

  it('recomputes every batch when the settings change', async () => {
    const started = Date.now();
    const from = host.events.length;
    await ok(host.backend.send('drift/editMonitor', { id, settings: { ...defaultMonitorSettings, driftShare: 0.2 } }));
    await waitFor(() => host.ends(id, from)[0], 'the recomputation', 120_000);
    const detail = await host.detail(id);
    // The removed file's batch went with the old settings; the other eight are computed anew.
    expect(detail.batches.map((b) => b.key)).toEqual([...weeks.slice(1), '2026-03-02.csv']);
    for (const batch of detail.batches) expect(batch.computedAt).toBeGreaterThanOrEqual(started);
    expect(detail.batches.map((b) => b.report!.dataset.drift)).toEqual([false, false, true, true, true, true, true, true]);
    expect(detail.monitor.settings.driftShare).toBe(0.2);
  });

  it("lists every monitor's alerts, newest first, and removes a monitor with its batches and alerts", async () => {
    const all = await ok(host.backend.send('drift/alerts', {}));
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((a) => a.monitorId === id && a.monitorName === 'breast cancer weekly')).toBe(true);
    expect(all.map((a) => a.at)).toEqual([...all.map((a) => a.at)].sort((a, b) => b - a));
    expect(await ok(host.backend.send('drift/alerts', { id, limit: 2 }))).toHaveLength(2);
    expect(await ok(host.backend.send('drift/removeMonitor', { id }))).toEqual({ removed: true });
    expect(await host.backend.send('drift/monitor', { id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(host.backend.db.prepare('SELECT COUNT(*) FROM drift_batches').pluck().get()).toBe(0);
    expect(host.backend.db.prepare('SELECT COUNT(*) FROM drift_alerts').pluck().get()).toBe(0);
    expect(await ok(host.backend.send('drift/monitors', {}))).toEqual([]);
    expect(await ok(host.backend.send('drift/removeMonitor', { id }))).toEqual({ removed: false });
  });

  it('never writes the monitored folder', () => {
    const after = snapshot(folder);
    const { [weeks[0]]: _removed, ...kept } = before;
    expect(Object.keys(after).sort()).toEqual([...Object.keys(kept), '2026-03-02.csv'].sort());
    for (const [name, state] of Object.entries(kept)) expect(after[name]).toBe(state);
  });
});
