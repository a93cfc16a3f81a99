// The monitor settings dialog's draft, its requests and the version page's
// monitors, on plain objects: the draft from the stored settings, only what
// changed sent (new settings recompute every batch), every field's problem,
// the newest batch's choices as placeholders, the backend's refusal kept, and
// the monitors that use a registry version.
import { describe, expect, it, vi } from 'vitest';
import { defaultMonitorSettings, type MonitorSettings } from '../../../../shared/drift/monitor';
import { monitorSettings } from '../../../../shared/drift/schemas';
import { v } from '../../../../shared/schema';
import { currentChoices, defaultMethodLabel, draftOf, draftProblems, editChangesOf, editColumn, hasProblems, thresholdPlaceholder } from '../settingsDraft';
import { createSettingsStore } from '../settingsStore';
import { monitorsOfVersion } from '../versionMonitors';
import { batch, detail, failed, monitor, ok, record, scriptedDrift, settle } from './harness';

const stored: MonitorSettings = {
  ...defaultMonitorSettings,
  batchBy: { kind: 'period', column: 'day', period: 'week' },
  columns: { clinic: { ignore: true }, gone: { method: 'ks' } },
};
const weeks = [
  batch('w1', [record('mean radius', { method: 'wasserstein', threshold: 0.1 })]),
  batch('w2', [record('mean radius'), record('clinic', { type: 'cat', method: 'chisquare' })]),
  batch('w3', [], { report: null, error: 'could not read' }),
];
const open = detail({ monitor: monitor({ settings: stored }), batches: weeks });

describe('the settings draft', () => {
  it('starts from the stored settings, one row per reference column', () => {
    const draft = draftOf(open);
    expect(draft).toMatchObject({ name: 'breast cancer', driftShare: '0.5', labelColumn: null, alertDataset: true, alertColumns: true, alertPerformance: true, performanceDrop: '0.1' });
    expect(draft.columns.map((row) => row.column)).toEqual(['mean radius', 'clinic', 'target']);
    expect(draft.columns[1].draft).toEqual({ type: 'inferred', method: 'default', threshold: '', ignore: true });
    // Before the reference is read, the stored columns are the rows.
    expect(draftOf(detail({ monitor: monitor({ settings: stored }), referenceColumns: [] })).columns.map((row) => row.column)).toEqual(['clinic', 'gone']);
    const off = draftOf(detail({ monitor: monitor({ settings: { ...stored, alerts: { dataset: false, columns: true, performanceDrop: null } } }) }));
    expect(off).toMatchObject({ alertDataset: false, alertPerformance: false, performanceDrop: '0.1' });
  });

  it('sends nothing for an untouched draft, and only the name for a rename', () => {
    expect(editChangesOf(draftOf(open), open)).toEqual({ ok: true, changes: {} });
    // Stored with its keys in another order: still the same settings.
    const reordered = { alerts: { performanceDrop: 0.1, columns: true, dataset: true }, labelColumn: null, columns: { gone: { method: 'ks' as const }, clinic: { ignore: true } }, driftShare: 0.5, batchBy: stored.batchBy };
    const reopened = detail({ monitor: monitor({ settings: reordered }), batches: weeks });
    expect(editChangesOf(draftOf(reopened), reopened)).toEqual({ ok: true, changes: {} });
    expect(editChangesOf({ ...draftOf(open), name: '  clinics  ' }, open)).toEqual({ ok: true, changes: { name: 'clinics' } });
  });

  it('sends the full settings for a column’s method and threshold, keeping the batching and other columns’ choices', () => {
    const draft = editColumn(draftOf(open), 'mean radius', { method: 'psi', threshold: '0.2' });
    const outcome = editChangesOf(draft, open);
    if (!outcome.ok) throw new Error('expected changes');
    expect(outcome.changes.name).toBeUndefined();
    expect(outcome.changes.settings).toEqual({ ...stored, columns: { gone: { method: 'ks' }, clinic: { ignore: true }, 'mean radius': { method: 'psi', threshold: 0.2 } } });
    expect(v.safeParse(monitorSettings, outcome.changes.settings).success).toBe(true);
  });

  it('drops a column put back to its defaults, and sends the label, share and alerts as chosen', () => {
    const draft = { ...editColumn(draftOf(open), 'clinic', { ignore: false }), labelColumn: 'target', driftShare: ' 0.3 ', alertColumns: false, alertPerformance: false };
    const outcome = editChangesOf(draft, open);
    expect(outcome.ok && outcome.changes.settings).toEqual({ ...stored, driftShare: 0.3, labelColumn: 'target', columns: { gone: { method: 'ks' } }, alerts: { dataset: true, columns: false, performanceDrop: null } });
    const typed = editChangesOf(editColumn(draftOf(open), 'target', { type: 'cat', method: 'jensenshannon' }), open);
    expect(typed.ok && typed.changes.settings?.columns.target).toEqual({ type: 'cat', method: 'jensenshannon' });
  });

  it('says each field’s problem and sends nothing while there is one', () => {
    const current = currentChoices(open);
    const base = draftOf(open);
    for (const share of ['', 'half', '1.5', '-0.1', 'Infinity', 'NaN']) expect(draftProblems({ ...base, driftShare: share }, current).driftShare).toMatch(/between 0 and 1/);
    for (const share of ['0', '1', '0.25']) expect(draftProblems({ ...base, driftShare: share }, current).driftShare).toBeUndefined();
    expect(draftProblems({ ...base, name: '   ' }, current).name).toBe('Give the monitor a name.');
    expect(draftProblems({ ...base, name: 'a\u0007b' }, current).name).toMatch(/control characters/);
    expect(draftProblems({ ...base, alertPerformance: true, performanceDrop: '2' }, current).performanceDrop).toMatch(/between 0 and 1/);
    expect(draftProblems({ ...base, alertPerformance: false, performanceDrop: '2' }, current).performanceDrop).toBeUndefined();
    const threshold = (column: string, patch: Parameters<typeof editColumn>[2]) => draftProblems(editColumn(base, column, patch), current).columns[column];
    expect(threshold('mean radius', { threshold: 'x' })).toMatch(/number/);
    expect(threshold('mean radius', { threshold: '-0.1' })).toMatch(/below 0/);
    expect(threshold('mean radius', { threshold: '1.5' })).toMatch(/p-value/); // ks, as the newest batch chose it
    expect(threshold('mean radius', { threshold: '1.5', method: 'psi' })).toBeUndefined(); // a distance may exceed 1
    expect(threshold('mean radius', { threshold: '1e13', method: 'psi' })).toMatch(/large/);
    expect(threshold('mean radius', { threshold: ' ' })).toBeUndefined();
    const bad = editChangesOf(editColumn({ ...base, driftShare: '2' }, 'clinic', { threshold: 'x' }), open);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(hasProblems(bad.problems)).toBe(true);
      expect(Object.keys(bad.problems.columns)).toEqual(['clinic']);
    }
    expect(hasProblems(draftProblems(base, current))).toBe(false);
  });

  it('shows the newest compared batch’s method and threshold as placeholders, else the chosen method’s default', () => {
    const current = currentChoices(open);
    expect([...current.keys()]).toEqual(['mean radius', 'clinic']); // w3 could not be read: w2 is the newest
    const plain = { type: 'inferred' as const, method: 'default' as const, threshold: '', ignore: false };
    expect(defaultMethodLabel(plain, current.get('mean radius'))).toBe('default (ks now)');
    expect(defaultMethodLabel(plain, undefined)).toBe('default');
    expect(defaultMethodLabel({ ...plain, type: 'cat' }, current.get('mean radius'))).toBe('default');
    expect(thresholdPlaceholder(plain, current.get('mean radius'))).toBe('0.05');
    expect(thresholdPlaceholder({ ...plain, method: 'psi' }, current.get('mean radius'))).toBe('0.1');
    expect(thresholdPlaceholder({ ...plain, method: 'z' }, undefined)).toBe('0.05');
    expect(thresholdPlaceholder(plain, undefined)).toBe('default');
    expect(currentChoices(detail()).size).toBe(0);
  });
});

function settingsSetup() {
  const s = scriptedDrift();
  const saved = vi.fn();
  const removed = vi.fn();
  const store = createSettingsStore(s.client, { saved, removed });
  store.getState().open(1);
  return { s, store, saved, removed };
}

describe('the settings dialog’s requests', () => {
  it('closes without a request when nothing changed', async () => {
    const { s, store, saved } = settingsSetup();
    expect(await store.getState().save(1, {})).toBe(true);
    expect(s.edits).toHaveLength(0);
    expect(store.getState().openFor).toBeNull();
    expect(saved).not.toHaveBeenCalled();
  });

  it('keeps the dialog open with the backend’s refusal, and closes once saved', async () => {
    const { s, store, saved } = settingsSetup();
    const settings = { ...defaultMonitorSettings, driftShare: 0.3 };
    const first = store.getState().save(1, { settings });
    expect(store.getState().saving).toBe(true);
    expect(s.edits[0].args).toEqual({ id: 1, changes: { settings } });
    s.edits[0].resolve(failed('Batches by period need the timestamp column'));
    expect(await first).toBe(false);
    expect(store.getState()).toMatchObject({ openFor: 1, saving: false, saveError: { message: 'Batches by period need the timestamp column' } });
    const second = store.getState().save(1, { name: 'x', settings });
    expect(store.getState().saveError).toBeNull();
    s.edits[1].resolve(ok(monitor({ name: 'x' })));
    expect(await second).toBe(true);
    expect(store.getState()).toMatchObject({ openFor: null, saving: false });
    expect(saved).toHaveBeenCalledWith(1);
  });

  it('shows nothing of a save that ends after the dialog closed', async () => {
    const { s, store } = settingsSetup();
    const saving = store.getState().save(1, { name: 'x' });
    store.getState().close();
    s.edits[0].resolve(failed('no'));
    await saving;
    expect(store.getState()).toMatchObject({ openFor: null, saveError: null });
  });

  it('removes after the confirm, leaving the page; a refusal stays in the dialog', async () => {
    const { s, store, removed } = settingsSetup();
    store.getState().askRemove(true);
    expect(store.getState().confirmingRemove).toBe(true);
    const first = store.getState().remove(1);
    s.removes[0].resolve(failed('Monitor 1 does not exist', 'not-found'));
    expect(await first).toBe(false);
    expect(store.getState()).toMatchObject({ confirmingRemove: true, removing: false, removeError: { message: 'Monitor 1 does not exist' } });
    expect(removed).not.toHaveBeenCalled();
    const second = store.getState().remove(1);
    s.removes[1].resolve(ok({ removed: true }));
    await second;
    await settle();
    expect(removed).toHaveBeenCalledWith(1);
    expect(store.getState()).toMatchObject({ openFor: null, confirmingRemove: false });
  });
});

describe('the monitors of a registry version', () => {
  const version = { model: 'cancer', version: 2, filePath: '/models/logreg.onnx', copyPath: '/data/copies/cancer-2.onnx' };
  it('lists the monitors using it as model, reference or by its file, in order', () => {
    const monitors = [
      monitor({ id: 1, model: { kind: 'registryVersion', model: 'cancer', version: 2 } }),
      monitor({ id: 2, model: { kind: 'registryVersion', model: 'cancer', version: 1 } }),
      monitor({ id: 3, model: null, reference: { kind: 'registryVersion', model: 'cancer', version: 2 } }),
      monitor({ id: 4, model: { kind: 'file', path: '/models/logreg.onnx' }, reference: { kind: 'registryVersion', model: 'cancer', version: 2 } }),
      monitor({ id: 5, model: { kind: 'file', path: '/models/other.onnx' } }),
      monitor({ id: 6, model: { kind: 'file', path: '/data/copies/cancer-2.onnx' } }),
      monitor({ id: 7, model: { kind: 'registryVersion', model: 'cancer-2', version: 2 } }),
    ];
    expect(monitorsOfVersion(monitors, version).map(({ monitor: m, use }) => [m.id, use])).toEqual([
      [1, 'model'],
      [3, 'reference'],
      [4, 'model and reference'],
      [6, 'model'],
    ]);
    expect(monitorsOfVersion(monitors, { ...version, copyPath: null }).map(({ monitor: m }) => m.id)).toEqual([1, 3, 4]);
    expect(monitorsOfVersion([], version)).toEqual([]);
  });
});
