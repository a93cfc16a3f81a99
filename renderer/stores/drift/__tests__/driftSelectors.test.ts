// The drift selectors, words and form on plain objects: the badge, the batch
// in view, the series the charts draw (NaN where a batch has no value), the
// verdict sentence, shares, the form's arguments and the run's one notice.
import { describe, expect, it } from 'vitest';
import { alertNotice, startDriftNotices } from '../notify';
import { addMonitorArgsOf, emptyDraft, splitPaths } from '../newMonitor';
import { datasetVerdict, formatShare, thresholdText, currentText, statisticKind } from '../describe';
import { columnSeries, commonThreshold, comparedColumns, datasetShareSeries, mostDriftedColumn, performanceSeries, selectedBatch, statisticsByColumn, totalUnseen } from '../selectors';
import { alert, batch, monitor, record } from './harness';

const weeks = [
  batch('w1', [record('mean radius', { statistic: 0.6 }), record('clinic', { type: 'cat', method: 'chisquare', statistic: 0.4 })]),
  batch('w2', [record('clinic', { type: 'cat', method: 'chisquare', statistic: 0.01, drift: true }), record('mean radius', { statistic: 0.02, drift: true })]),
  batch('w3', [], { report: null, error: 'could not read' }),
];

describe('drift selectors', () => {
  it('counts unseen alerts over monitors, ignoring what is no count', () => {
    expect(totalUnseen([monitor({ unseenAlerts: 2 }), monitor({ id: 2, unseenAlerts: 3 }), monitor({ id: 3, unseenAlerts: NaN })])).toBe(5);
    expect(totalUnseen([])).toBe(0);
  });

  it('picks the batch the route names, else the newest, else none', () => {
    expect(selectedBatch(weeks, 'w1')?.key).toBe('w1');
    expect(selectedBatch(weeks, null)?.key).toBe('w3');
    expect(selectedBatch(weeks, 'gone')?.key).toBe('w3');
    expect(selectedBatch([], null)).toBeNull();
  });

  it('draws the dataset share per batch, NaN for a batch that could not be read', () => {
    const shares = datasetShareSeries(weeks);
    expect(shares.map((p) => p.share)).toEqual([0, 1, NaN]);
    expect(shares.map((p) => p.drift)).toEqual([false, true, false]);
  });

  it('gives a column its statistic per batch whatever the order in each report', () => {
    const series = columnSeries(weeks, 'mean radius');
    expect(series.map((p) => p.statistic)).toEqual([0.6, 0.02, NaN]);
    expect(series.map((p) => p.drift)).toEqual([false, true, false]);
    expect(commonThreshold(series)).toBe(0.05);
    expect(commonThreshold([{ threshold: 0.05 }, { threshold: 0.1 }])).toBeNull();
    expect(commonThreshold([{ threshold: NaN }])).toBeNull();
    const all = statisticsByColumn(weeks);
    expect(all.get('clinic')).toEqual([0.4, 0.01, NaN]);
    expect(all.get('mean radius')).toEqual([0.6, 0.02, NaN]);
  });

  it('lists the compared columns newest first, and the most drifted of a batch', () => {
    expect(comparedColumns(weeks)).toEqual(['clinic', 'mean radius']);
    expect(mostDriftedColumn(weeks[1])).toBe('clinic');
    expect(mostDriftedColumn(weeks[2])).toBeNull();
    expect(mostDriftedColumn(null)).toBeNull();
  });

  it('gives measured and estimated performance per batch, with a band only when both ends are numbers', () => {
    const values = { accuracy: 0.9, roc_auc: 0.95, f1: 0.88 };
    const labeled = batch('a', [], { performance: values, estimate: { values, lower: { ...values, accuracy: 0.8 }, upper: { ...values, accuracy: 1 } } });
    const unlabeled = batch('b', [], { estimate: { values: { ...values, accuracy: 0.7 }, lower: { ...values, accuracy: NaN }, upper: values } });
    const points = performanceSeries([labeled, unlabeled, batch('c', [])], 'accuracy');
    expect(points.map((p) => p.measured)).toEqual([0.9, NaN, NaN]);
    expect(points.map((p) => p.estimate)).toEqual([0.9, 0.7, NaN]);
    expect(points.map((p) => p.band)).toEqual([[0.8, 1], null, null]);
    expect(points.map((p) => p.labeled)).toEqual([true, false, false]);
  });
});

describe('drift words', () => {
  it('says the dataset verdict with counts and share', () => {
    expect(datasetVerdict({ columns: 31, drifted: 17, share: 17 / 31, drift: true })).toBe('Dataset drift: 17 of 31 columns (55 %)');
    expect(datasetVerdict({ columns: 31, drifted: 2, share: 2 / 31, drift: false })).toBe('No dataset drift: 2 of 31 columns drifted (6 %)');
    expect(datasetVerdict({ columns: 0, drifted: 0, share: NaN, drift: false })).toBe('No column compared');
  });

  it('shows shares as percents, and NaN and ±∞ as such', () => {
    expect(formatShare(0.5483)).toBe('55 %');
    expect(formatShare(0.004)).toBe('0.4 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(NaN)).toBe('NaN');
    expect(formatShare(Infinity)).toBe('∞');
    expect(formatShare(-Infinity)).toBe('−∞');
  });

  it('names each method’s comparison and kind of statistic', () => {
    expect(thresholdText('ks', 0.05)).toBe('p ≤ 0.05');
    expect(thresholdText('chisquare', 0.05)).toBe('p < 0.05');
    expect(thresholdText('wasserstein', 0.1)).toBe('≥ 0.1');
    expect(statisticKind('z')).toBe('p-value');
    expect(statisticKind('psi')).toBe('distance');
    expect(currentText({ kind: 'files', paths: ['/a.csv', '/b.csv'] })).toBe('2 files: /a.csv, …');
    expect(currentText({ kind: 'folder', path: '/data' })).toBe('/data');
  });
});

describe('the New-monitor form', () => {
  const filled = { ...emptyDraft, name: ' bc ', reference: '/d/train.csv', folder: '/d/monitoring' };

  it('makes the addMonitor arguments: a folder, no model, batches per file', () => {
    const outcome = addMonitorArgsOf(filled);
    expect(outcome).toMatchObject({ ok: true, args: { name: 'bc', reference: { kind: 'file', path: '/d/train.csv' }, current: { kind: 'folder', path: '/d/monitoring' }, model: null } });
    if (outcome.ok) expect(outcome.args.settings).toMatchObject({ batchBy: { kind: 'file' }, driftShare: 0.5, labelColumn: null });
  });

  it('makes a file list, a model, a period of a timestamp column, a label and a share', () => {
    const outcome = addMonitorArgsOf({ ...filled, currentKind: 'files', files: '/a.csv\n /b.csv , /c.csv\n\n', model: '/m.onnx', batchBy: 'week', timeColumn: 'ts', labelColumn: 'target', driftShare: '0.3' });
    expect(outcome).toMatchObject({
      ok: true,
      args: { current: { kind: 'files', paths: ['/a.csv', '/b.csv', '/c.csv'] }, model: { kind: 'file', path: '/m.onnx' }, settings: { batchBy: { kind: 'period', column: 'ts', period: 'week' }, driftShare: 0.3, labelColumn: 'target' } },
    });
    expect(splitPaths(' , \n')).toEqual([]);
  });

  it('names the first field that cannot make a request', () => {
    expect(addMonitorArgsOf(emptyDraft)).toMatchObject({ ok: false, field: 'name' });
    expect(addMonitorArgsOf({ ...filled, reference: ' ' })).toMatchObject({ ok: false, field: 'reference' });
    expect(addMonitorArgsOf({ ...filled, folder: '' })).toMatchObject({ ok: false, field: 'folder' });
    expect(addMonitorArgsOf({ ...filled, currentKind: 'files', files: ' ' })).toMatchObject({ ok: false, field: 'files' });
    expect(addMonitorArgsOf({ ...filled, batchBy: 'day' })).toMatchObject({ ok: false, field: 'timeColumn' });
    for (const share of ['', 'x', '1.5', '-0.1', 'NaN', 'Infinity']) expect(addMonitorArgsOf({ ...filled, driftShare: share })).toMatchObject({ ok: false, field: 'driftShare' });
  });
});

describe('the alert notice', () => {
  it('says one alert as it is, and sums up a run’s alerts in one notice', () => {
    expect(alertNotice([])).toBeNull();
    expect(alertNotice([alert(1)])).toEqual({ title: 'Drift: breast cancer', body: '2026-02-09.csv: Dataset drift: 17 of 31 columns' });
    const run = [
      alert(1),
      ...['mean radius', 'mean texture', 'clinic', 'worst radius'].map((subject, i) => alert(2 + i, { kind: 'column', subject, message: `${subject} drifted` })),
      alert(9, { kind: 'performance', subject: 'accuracy', batchLabel: '2026-02-16.csv' }),
    ];
    expect(alertNotice(run)).toEqual({
      title: 'Drift: breast cancer',
      body: '6 alerts: dataset drift in 2026-02-09.csv; 4 columns drifted (mean radius, mean texture, clinic and 1 more); performance fell in 2026-02-16.csv.',
    });
    expect(alertNotice([alert(1), alert(2, { monitorName: 'other' })])?.title).toBe('Drift: 2 monitors');
  });

  it('notifies once per alert event', () => {
    let listener: ((e: { alerts: ReturnType<typeof alert>[] }) => void) | null = null;
    const shown: unknown[] = [];
    const stop = startDriftNotices((l) => ((listener = l), () => (listener = null)), (n) => shown.push(n));
    listener!({ alerts: [alert(1), alert(2)] });
    listener!({ alerts: [] });
    expect(shown).toHaveLength(1);
    stop();
    expect(listener).toBeNull();
  });
});
