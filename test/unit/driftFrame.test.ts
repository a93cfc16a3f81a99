// compareFrames against the per-column reference path (inferColumnTypes +
// columnDrift + datasetDrift, itself checked against SciPy in
// driftReference.test.ts): equal results on the breast-cancer files and on
// seeded random data with <= and > 1000 reference rows, every method forced on
// numerical and categorical columns; plus the rules the reference path does
// not have (mixed cells, ±Infinity as missing, ordering) and the distributions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  columnDrift,
  compareFrames,
  datasetDrift,
  driftScore,
  inferColumnTypes,
  quantileSorted,
  type Cell,
  type DriftFrame,
  type FrameColumn,
  type FrameDriftRecord,
} from '../../shared/drift';
import type { CompareSettings, DriftColumnType } from '../../shared/drift/monitor';
import { driftMethods } from '../../shared/drift/monitor';
import { mulberry32 } from '../../shared/math/random';

const dataDir = join(__dirname, '..', 'fixtures', 'datasets', 'breast_cancer');

/** A plain CSV (no quotes in these fixtures) as a frame: numbers while every cell parses, else text. */
function readFrame(path: string): DriftFrame {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const cells = lines.map((line) => line.split(','));
  const columns = new Map<string, FrameColumn>();
  names.forEach((name, at) => {
    const texts = cells.map((row) => (row[at] === '' ? null : row[at]));
    const numeric = texts.every((cell) => cell === null || Number.isFinite(Number(cell)));
    columns.set(name, numeric ? Float64Array.from(texts, (cell) => (cell === null ? NaN : Number(cell))) : texts);
  });
  return { rows: lines.length, columns };
}

function cellsOf(frame: DriftFrame): Record<string, Cell[]> {
  const out: Record<string, Cell[]> = {};
  for (const [name, column] of frame.columns) out[name] = Array.from(column as ArrayLike<Cell>);
  return out;
}

/** The reference path: what compareFrames must equal, column by column. */
function referencePath(reference: DriftFrame, current: DriftFrame, settings: CompareSettings = {}) {
  const overrides: Record<string, DriftColumnType> = {};
  for (const [name, setting] of Object.entries(settings.columns ?? {})) if (setting.type) overrides[name] = setting.type;
  const ref = cellsOf(reference);
  const cur = cellsOf(current);
  const types = inferColumnTypes(ref, cur, overrides);
  const results = types.columns.map((info) => {
    const setting = settings.columns?.[info.name] ?? {};
    const type = info.type as DriftColumnType;
    return { ...columnDrift(type, ref[info.name], cur[info.name], { method: setting.method, threshold: setting.threshold }), column: info.name, type };
  });
  return { types, results, dataset: datasetDrift(results, settings.driftShare) };
}

function expectSameAsReference(reference: DriftFrame, current: DriftFrame, settings: CompareSettings = {}) {
  const report = compareFrames(reference, current, settings);
  const expected = referencePath(reference, current, settings);
  const byName = new Map(report.columns.map((record) => [record.column, record]));
  expect(report.columns).toHaveLength(expected.results.length);
  for (const result of expected.results) expect(byName.get(result.column), result.column).toEqual(result);
  expect(report.dataset).toEqual(expected.dataset);
  const notCompared = new Set(report.notCompared.map((entry) => entry.column));
  for (const name of [...expected.types.text, ...expected.types.empty, ...expected.types.missing.map((m) => m.name)]) {
    expect(notCompared.has(name), name).toBe(true);
  }
  return report;
}

const seededRandom = mulberry32;

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Columns of every kind the type rules know, `shift` moving the current side. */
function randomFrame(rows: number, seed: number, shift: number): DriftFrame {
  const random = seededRandom(seed);
  const numbers = (f: (i: number) => number) => Float64Array.from({ length: rows }, (_, i) => f(i));
  const texts = (f: (i: number) => string | null) => Array.from({ length: rows }, (_, i) => f(i));
  const colours = ['red', 'green', 'blue', 'grey'];
  return {
    rows,
    columns: new Map<string, FrameColumn>([
      ['normal', numbers(() => normal(random) + shift)],
      ['with missing', numbers(() => (random() < 0.2 ? NaN : random() < 0.02 ? Infinity : normal(random) * 3 + shift))],
      ['few ints', numbers(() => Math.floor(random() * (4 + shift)))],
      ['binary', numbers(() => (random() < 0.3 + shift / 10 ? 1 : 0))],
      ['ints 0-14', numbers(() => Math.floor(random() * 15 + shift * 2))],
      ['colour', texts(() => (random() < 0.05 ? null : colours[Math.floor(random() * (3 + (shift > 0 ? 1 : 0)))]))],
      ['yes no', texts(() => (random() < 0.5 + shift / 5 ? 'yes' : 'no'))],
      ['numeric text', texts(() => (random() * 10 + shift).toFixed(2))],
      ['id', texts((i) => `row-${seed}-${i}`)],
      ['constant', numbers(() => 7)],
      ['all missing', numbers(() => NaN)],
      [`only seed ${seed}`, numbers(() => random())],
    ]),
  };
}

describe('compareFrames equals the per-column reference path', () => {
  const train = readFrame(join(dataDir, 'train.csv'));
  const weeks = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23'];

  it.each(weeks)('train.csv vs monitoring/%s.csv', (week) => {
    const current = readFrame(join(dataDir, 'monitoring', `${week}.csv`));
    const report = expectSameAsReference(train, current);
    expect(report.columns.length).toBeGreaterThanOrEqual(31);
  });

  it('finds the fixture drift: none in weeks 1-3, size/texture and clinic from week 4, the dataset from week 6', () => {
    const outcomes = weeks.map((week) => compareFrames(train, readFrame(join(dataDir, 'monitoring', `${week}.csv`)), {}, { exclude: ['target'] }));
    const drifted = outcomes.map((report) => report.columns.filter((c) => c.drift).map((c) => c.column));
    expect(drifted.slice(0, 3)).toEqual([[], [], []]);
    for (const columns of drifted.slice(3)) {
      expect(columns).toEqual(expect.arrayContaining(['mean radius', 'mean texture', 'clinic']));
    }
    expect([...drifted[3]].sort()).toEqual(['clinic', 'mean area', 'mean perimeter', 'mean radius', 'mean texture', 'worst perimeter', 'worst radius']);
    expect(outcomes.map((report) => report.dataset.drifted)).toEqual([0, 0, 0, 7, 9, 16, 17, 17]);
    expect(outcomes.every((report) => report.dataset.columns === 31)).toBe(true);
    expect(outcomes.map((report) => report.dataset.drift)).toEqual([false, false, false, false, false, true, true, true]);
    expect(outcomes[0].notCompared).toEqual([{ column: 'target', reason: 'excluded (label or time column)' }]);
    expect(outcomes[6].notCompared).toEqual([{ column: 'target', reason: 'excluded (label or time column)' }]);
  });

  it.each([
    [300, 400],
    [1000, 150],
    [1001, 200],
    [5000, 3000],
    [20, 12],
  ])('random data: %i reference rows, %i current rows', (referenceRows, currentRows) => {
    for (const shift of [0, 1]) {
      const reference = randomFrame(referenceRows, referenceRows, 0);
      const current = randomFrame(currentRows, currentRows + 7, shift);
      expectSameAsReference(reference, current);
      expectSameAsReference(reference, current, { driftShare: 0.3 });
    }
  });

  it('every method forced on numerical and categorical columns, with thresholds', () => {
    for (const [referenceRows, currentRows] of [
      [400, 300],
      [3000, 2000],
    ]) {
      const reference = randomFrame(referenceRows, 11, 0);
      const current = randomFrame(currentRows, 12, 1);
      for (const method of driftMethods) {
        // ks and wasserstein on text categories hang the reference path (NaN comparisons): tested below.
        const text = method === 'ks' || method === 'wasserstein' ? [] : ['colour', 'yes no'];
        const columns = Object.fromEntries(['normal', 'ints 0-14', 'few ints', ...text, 'numeric text', 'with missing'].map((name) => [name, { method }]));
        expectSameAsReference(reference, current, { columns });
        expectSameAsReference(reference, current, { columns: { normal: { method, threshold: 0.2 }, 'few ints': { method, threshold: 0.01 } } });
      }
      expectSameAsReference(reference, current, { columns: { 'ints 0-14': { type: 'cat' }, 'few ints': { type: 'num' }, id: { type: 'cat' } } });
    }
  });
});

describe('compareFrames rules', () => {
  const frame = (rows: number, columns: [string, FrameColumn][]): DriftFrame => ({ rows, columns: new Map(columns) });
  const range = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

  it('says why a column is not compared', () => {
    const reference = frame(100, [
      ['x', range(100, (i) => i)],
      ['gone', range(100, (i) => i)],
      ['empty', range(100, () => NaN)],
      ['infinite', range(100, () => Infinity)],
      ['text', Array.from({ length: 100 }, (_, i) => `t${i}`)],
      ['id', range(100, (i) => i)],
      ['label', range(100, (i) => i % 2)],
    ]);
    const current = frame(50, [
      ['x', range(50, (i) => i)],
      ['new', range(50, (i) => i)],
      ['empty', range(50, (i) => i)],
      ['infinite', range(50, (i) => i)],
      ['text', Array.from({ length: 50 }, (_, i) => `u${i}`)],
      ['id', range(50, (i) => i)],
      ['label', range(50, (i) => i % 2)],
    ]);
    const report = compareFrames(reference, current, { columns: { id: { ignore: true } } }, { exclude: ['label'] });
    expect(report.columns.map((c) => c.column)).toEqual(['x']);
    expect(report.notCompared).toEqual([
      { column: 'gone', reason: 'missing in current' },
      { column: 'empty', reason: 'no values in reference' },
      { column: 'infinite', reason: 'no values in reference' },
      { column: 'text', reason: 'text column: 150 distinct strings in 150 cells' },
      { column: 'id', reason: 'ignored in the settings' },
      { column: 'label', reason: 'excluded (label or time column)' },
      { column: 'new', reason: 'missing in reference' },
    ]);
    expect(report.distributions).toEqual([]);
  });

  it('counts ±Infinity as missing, as text too', () => {
    const reference = frame(60, [['v', range(60, (i) => (i % 3 === 0 ? Infinity : i))]]);
    const current = frame(60, [['v', Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? '-Infinity' : String(i)))]]);
    const report = compareFrames(reference, current, {}, { distributions: true });
    expect(report.columns[0]).toMatchObject({ referenceSize: 40, currentSize: 40, type: 'num' });
    expect(report.distributions[0].reference).toMatchObject({ rows: 60, missing: 20 });
    expect(report.distributions[0].current).toMatchObject({ rows: 60, missing: 20 });
  });

  it('treats a mostly numeric text column as numbers, a half numeric one as categories, and says so', () => {
    const values = (n: number, shift: number) => Array.from({ length: n }, (_, i) => (i % 25 === 7 ? 'n/a' : String(i * 0.37 + shift)));
    const mostly = compareFrames(frame(200, [['m', values(200, 0)]]), frame(150, [['m', values(150, 3)]]));
    expect(mostly.columns[0]).toMatchObject({ type: 'num', method: 'ks', referenceSize: 192, currentSize: 144 });
    expect((mostly.columns[0] as FrameDriftRecord).note).toMatch(/^mostly numbers: 14 non-numeric cells \(e\.g\. "n\/a"\) counted as missing$/);
    const half = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'low' : String(i % 6)));
    const mixed = compareFrames(frame(100, [['h', half(100)]]), frame(80, [['h', half(80)]]));
    expect(mixed.columns[0]).toMatchObject({ type: 'cat', method: 'chisquare' });
    expect((mixed.columns[0] as FrameDriftRecord).note).toMatch(/numbers and text mixed .*: categorical/);
    // Many distinct values, a third of them words: left out as text, saying why.
    const third = (n: number, from: number) => Array.from({ length: n }, (_, i) => (i % 3 ? String(from + i) : `w${from + i}`));
    const asText = compareFrames(frame(300, [['t', third(300, 0)]]), frame(300, [['t', third(300, 300)]]));
    expect(asText.notCompared).toEqual([{ column: 't', reason: 'numbers and text mixed (200 of 600 cells are text, e.g. "w0"), 600 distinct values: left out as text' }]);
    // One side numbers, the other text with a stray word: still compared.
    const oneSide = compareFrames(frame(100, [['x', range(100, (i) => i)]]), frame(100, [['x', [...values(99, 0), 'oops']]]));
    expect(oneSide.columns[0]).toMatchObject({ type: 'num' });
  });

  it('gives NaN and a note for ks or wasserstein forced on text categories, instead of comparing NaN', () => {
    const reference = randomFrame(400, 1, 0);
    const current = randomFrame(300, 2, 1);
    for (const method of ['ks', 'wasserstein'] as const) {
      const report = compareFrames(reference, current, { columns: { colour: { method }, 'few ints': { method } } });
      const colour = report.columns.find((c) => c.column === 'colour') as FrameDriftRecord;
      expect(colour).toMatchObject({ method, statistic: NaN, drift: false, type: 'cat', note: `${method} needs numbers; this column holds text` });
      expect(colour.referenceSize).toBeGreaterThan(300);
      // Numbers as categories: the numerical test on them, as columnDrift.
      const few = report.columns.find((c) => c.column === 'few ints')!;
      const expected = columnDrift('cat', Array.from(reference.columns.get('few ints') as Float64Array), Array.from(current.columns.get('few ints') as Float64Array), { method });
      expect(few).toEqual({ ...expected, column: 'few ints', type: 'cat' });
    }
  });

  it('sorts drifted columns first, then by how far past the threshold, p-values and distances together', () => {
    const a = range(500, (i) => Math.sin(i) * 10);
    const shifted = (by: number) => range(400, (i) => Math.sin(i * 1.3) * 10 + by);
    const report = compareFrames(
      frame(500, [['same', a], ['far', a], ['near', a], ['w', a], ['nan', range(500, () => 1)]]),
      frame(400, [['same', shifted(0)], ['far', shifted(8)], ['near', shifted(2)], ['w', shifted(3)], ['nan', range(400, () => 1)]]),
      { columns: { w: { method: 'wasserstein' }, nan: { method: 'chisquare' } } },
    );
    const order = report.columns.map((c) => c.column);
    expect(report.columns.slice(0, 3).every((c) => c.drift)).toBe(true);
    expect(order.slice(3)).toEqual(['same', 'nan']);
    const scores = report.columns.slice(0, 3).map(driftScore);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    expect(driftScore({ method: 'ks', statistic: 0.005, threshold: 0.05 })).toBeCloseTo(1, 12);
    expect(driftScore({ method: 'psi', statistic: 1, threshold: 0.1 })).toBeCloseTo(1, 12);
  });

  it('never throws on empty frames or columns longer than the frame', () => {
    const empty = compareFrames(frame(0, []), frame(0, []), {}, { distributions: true });
    expect(empty.dataset).toEqual({ columns: 0, drifted: 0, share: NaN, drift: false });
    const short = compareFrames(frame(3, [['x', range(10, (i) => i)]]), frame(0, [['x', new Float64Array(0)]]));
    expect(short.notCompared).toEqual([{ column: 'x', reason: 'no values in current' }]);
  });
});

describe('distributions', () => {
  it('bins both sides over the combined range, quantiles as numpy, missing shares', () => {
    const reference: DriftFrame = { rows: 5, columns: new Map<string, FrameColumn>([['x', Float64Array.of(1, 2, 3, 4, NaN)], ['c', ['a', 'a', 'b', null, 'b']]]) };
    const current: DriftFrame = { rows: 4, columns: new Map<string, FrameColumn>([['x', Float64Array.of(3, 4, 5, 6)], ['c', ['a', 'c', 'c', 'c']]]) };
    const report = compareFrames(reference, current, { columns: { x: { type: 'num' } } }, { distributions: true });
    const x = report.distributions.find((d) => d.column === 'x')!;
    expect(x.bins!.edges).toHaveLength(21);
    expect(x.bins!.edges[0]).toBe(1);
    expect(x.bins!.edges[20]).toBe(6);
    expect(x.bins!.reference.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(x.bins!.current.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // np.quantile([1, 2, 3, 4], [0, .05, .25, .5, .75, .95, 1])
    expect(x.reference.quantiles!.map((q) => q.value)).toEqual([1, 1.15, 1.75, 2.5, 3.25, 3.85, 4].map((v, i) => (i === 0 || i === 6 ? v : expect.closeTo(v, 12))));
    expect(x.reference).toMatchObject({ rows: 5, missing: 1, missingShare: 0.2 });
    const c = report.distributions.find((d) => d.column === 'c')!;
    expect(c.categories).toEqual([
      { value: 'a', reference: 0.5, current: 0.25, status: 'both' },
      { value: 'c', reference: 0, current: 0.75, status: 'new' },
      { value: 'b', reference: 0.5, current: 0, status: 'vanished' },
    ]);
    expect(c.reference.quantiles).toBeNull();
    expect(report.distributions.map((d) => d.column)).toEqual(report.columns.map((r) => r.column));
  });

  it('keeps the 50 most frequent categories and sums the rest as (other)', () => {
    const cells = (n: number) => Array.from({ length: n }, (_, i) => `k${Math.floor(Math.sqrt(i))}`);
    const report = compareFrames({ rows: 6000, columns: new Map([['k', cells(6000)]]) }, { rows: 3000, columns: new Map([['k', cells(3000)]]) }, { columns: { k: { type: 'cat' } } }, { distributions: true });
    const categories = report.distributions[0].categories!;
    expect(categories).toHaveLength(51);
    // 2k + 1 rows of k on each side while it lasts (k <= 77 in the reference, <= 54 in the current):
    // k53 has the most rows over both sides (107 + 107); k76 (153 rows) only in the reference.
    expect(categories[0]).toMatchObject({ value: 'k53', status: 'both' });
    expect(categories.find((c) => c.value === 'k76')).toMatchObject({ status: 'vanished', current: 0 });
    expect(categories[50]).toMatchObject({ value: '(other)', status: 'both' });
    expect(categories.reduce((s, c) => s + c.reference, 0)).toBeCloseTo(1, 12);
  });

  it('a constant column gets one value range of ±0.5', () => {
    const report = compareFrames({ rows: 3, columns: new Map([['x', Float64Array.of(2, 2, 2)]]) }, { rows: 2, columns: new Map([['x', Float64Array.of(2, 2)]]) }, { columns: { x: { type: 'num' } } }, { distributions: true });
    expect(report.distributions[0].bins!.edges[0]).toBe(1.5);
    expect(report.distributions[0].bins!.edges[20]).toBe(2.5);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});
