// Bad input to a drift monitor, on real files and a real store: a column on
// one side only, new and vanished categories, an all-missing column, a
// constant reference column (the Wasserstein floor, > 1,000 reference rows),
// mixed types, empty batches (header only, 0 bytes), a `;`-separated file
// with a UTF-8 BOM, UTF-16 LE and BE, malformed lines, a file still being
// written, a batch the model cannot score. Each is reported per column or per
// batch, none stops the monitor, and a second run changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import type { DriftBatch, MonitorDetail } from '../../shared/drift/monitor';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { readCsvFrame } from '../../electron/backend/drift/frameCsv';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

afterAll(removeTempDirs);

const longAgo = new Date(Date.now() - 3_600_000);

/** mulberry32: the same data on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function referenceCsv(): string {
  const next = random(1);
  const lines = ['x,cat,gone,empty,constant,mixed'];
  for (let i = 0; i < 1200; i++) lines.push([(next() * 10).toFixed(3), 'abc'[i % 3], i % 7, (i % 5).toString(), '5', (next() * 100).toFixed(2)].join(','));
  return `${lines.join('\n')}\n`;
}

/** The current rows: x shifted, categories a, b and a new d (c vanished), `empty` all missing, `constant` varying, `mixed` with some text, `extra` only here. */
function currentRows(): string[][] {
  const next = random(2);
  const rows: string[][] = [];
  for (let i = 0; i < 300; i++) rows.push([(next() * 10 + 3).toFixed(3), 'abd'[i % 3], '', (5 + (i % 10) / 10).toFixed(1), i % 20 === 0 ? 'unknown' : (next() * 100).toFixed(2), String(i)]);
  return rows;
}
const currentHeader = ['x', 'cat', 'empty', 'constant', 'mixed', 'extra'];
const csv = (rows: string[][], delimiter = ',') => `${[currentHeader, ...rows].map((r) => r.join(delimiter)).join('\n')}\n`;

function utf16be(text: string): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

/** The same rows with three malformed lines (a field too many or too few) inserted; their line numbers. */
function withMalformed(rows: string[][]): { text: string; lines: number[] } {
  const out = [currentHeader.join(',')];
  const lines: number[] = [];
  rows.forEach((row, i) => {
    if (i === 10 || i === 100 || i === 200) {
      out.push(i === 100 ? '1,2' : `${row.join(',')},surplus`);
      lines.push(out.length);
    }
    out.push(row.join(','));
  });
  return { text: `${out.join('\n')}\n`, lines };
}

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
}

describe('a monitor fed bad input', () => {
  let folder: string;
  let backend: Backend;
  let id: number;
  let detail: MonitorDetail;
  let malformedLines: number[];
  const events: { name: string; payload: unknown }[] = [];
  const byKey = (key: string): DriftBatch => detail.batches.find((b) => b.key === key)!;
  const column = (key: string, name: string) => byKey(key).report!.columns.find((c) => c.column === name);
  const reason = (key: string, name: string) => byKey(key).report!.notCompared.find((n) => n.column === name)?.reason;
  const ends = (from: number) => events.slice(from).filter((e) => e.name === 'drift/progress' && ['done', 'failed'].includes((e.payload as Events['drift/progress']).phase));
  const runToEnd = async () => {
    const from = events.length;
    await ok(backend.send('drift/run', { id }));
    return (await waitFor(() => ends(from)[0], 'the run', 120_000)).payload as Events['drift/progress'];
  };

  beforeAll(async () => {
    const root = tempDir('runlens-drift-bad-');
    folder = path.join(root, 'batches');
    fs.mkdirSync(folder);
    const reference = path.join(root, 'reference.csv');
    fs.writeFileSync(reference, referenceCsv());
    const rows = currentRows();
    fs.writeFileSync(path.join(folder, 'a-ok.csv'), csv(rows));
    fs.writeFileSync(path.join(folder, 'b-header-only.csv'), `${currentHeader.join(',')}\n`);
    fs.writeFileSync(path.join(folder, 'c-zero-bytes.csv'), '');
    fs.writeFileSync(path.join(folder, 'd-semicolon-bom.csv'), `\uFEFF${csv(rows, ';')}`);
    fs.writeFileSync(path.join(folder, 'e-utf16le.csv'), Buffer.from(`\uFEFF${csv(rows)}`, 'utf16le'));
    fs.writeFileSync(path.join(folder, 'f-utf16be.csv'), utf16be(csv(rows)));
    const malformed = withMalformed(rows);
    malformedLines = malformed.lines;
    fs.writeFileSync(path.join(folder, 'g-malformed.csv'), malformed.text);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a batch');
    for (const name of fs.readdirSync(folder)) fs.utimesSync(path.join(folder, name), longAgo, longAgo);
    // Being written: modified just now, so the first run leaves it for later.
    fs.writeFileSync(path.join(folder, 'h-writing.csv'), csv(rows.slice(0, 50)));
    backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'cli', version: 'test', watch: false, emit: (name, payload) => events.push({ name, payload }) });
    id = (await ok(backend.send('drift/addMonitor', { name: 'bad input', reference: { kind: 'file', path: reference }, current: { kind: 'folder', path: folder } }))).id;
    await waitFor(() => ends(0)[0], 'the first run', 120_000);
    detail = await ok(backend.send('drift/monitor', { id }));
  }, 180_000);

  afterAll(async () => {
    await backend?.close();
  });

  it('computes every CSV file but the one being written, and nothing else', () => {
    expect(detail.monitor).toMatchObject({ state: 'idle', error: null });
    expect(detail.batches.map((b) => b.key)).toEqual(['a-ok.csv', 'b-header-only.csv', 'c-zero-bytes.csv', 'd-semicolon-bom.csv', 'e-utf16le.csv', 'f-utf16be.csv', 'g-malformed.csv']);
    for (const batch of detail.batches) expect(batch.error).toBeNull();
  });

  it('reports columns on one side only, all-missing columns, new and vanished categories', async () => {
    expect(reason('a-ok.csv', 'gone')).toBe('missing in current');
    expect(reason('a-ok.csv', 'extra')).toBe('missing in reference');
    expect(reason('a-ok.csv', 'empty')).toMatch(/no values? in current|missing/i);
    expect(byKey('a-ok.csv').problems).toEqual(expect.arrayContaining([expect.stringMatching(/"gone" of the reference is missing in this batch/), expect.stringMatching(/"extra" is not in the reference/)]));
    // 1,200 reference rows: Jensen–Shannon for the categories, Wasserstein for numbers.
    expect(column('a-ok.csv', 'cat')).toMatchObject({ type: 'cat', method: 'jensenshannon', drift: true });
    expect(column('a-ok.csv', 'x')).toMatchObject({ type: 'num', method: 'wasserstein', drift: true });
    const categories = (await ok(backend.send('drift/batch', { id, batch: 'a-ok.csv' }))).distributions.find((d) => d.column === 'cat')!.categories!;
    expect(categories.find((c) => c.value === 'd')).toMatchObject({ status: 'new', reference: 0 });
    expect(categories.find((c) => c.value === 'c')).toMatchObject({ status: 'vanished', current: 0 });
  });

  it('compares a constant reference column with the Wasserstein floor, and a mostly numeric column as numbers', () => {
    const constant = column('a-ok.csv', 'constant')!;
    expect(constant).toMatchObject({ type: 'num', method: 'wasserstein' });
    expect(Number.isFinite(constant.statistic)).toBe(true);
    const mixed = column('a-ok.csv', 'mixed')!;
    expect(mixed).toMatchObject({ type: 'num', referenceSize: 1200, currentSize: 285 });
  });

  it('gives empty batches a note and no compared column, not an error', () => {
    for (const key of ['b-header-only.csv', 'c-zero-bytes.csv']) {
      const batch = byKey(key);
      expect(batch.rows).toBe(0);
      expect(batch.report!.columns).toEqual([]);
      expect(batch.report!.dataset).toMatchObject({ columns: 0, drifted: 0, drift: false });
      expect(Number.isNaN(batch.report!.dataset.share)).toBe(true);
      expect(batch.problems).toContain('The batch has no rows: nothing to compare');
    }
    expect(byKey('b-header-only.csv').problems).toContain('b-header-only.csv has a header and no rows');
    expect(byKey('c-zero-bytes.csv').problems).toContain('c-zero-bytes.csv is empty: no header, no rows');
    expect(reason('c-zero-bytes.csv', 'x')).toBe('missing in current');
  });

  it('reads another delimiter, a BOM and UTF-16 as the plain file, with a note', () => {
    const plain = byKey('a-ok.csv').report!;
    for (const key of ['d-semicolon-bom.csv', 'e-utf16le.csv', 'f-utf16be.csv']) {
      expect(byKey(key).rows).toBe(300);
      expect(byKey(key).report!.columns).toEqual(plain.columns);
    }
    expect(byKey('d-semicolon-bom.csv').problems).toEqual(expect.arrayContaining(['d-semicolon-bom.csv starts with a UTF-8 byte-order mark: skipped', 'd-semicolon-bom.csv is semicolon-separated']));
    expect(byKey('e-utf16le.csv').problems).toContain('e-utf16le.csv is UTF-16 LE (by its byte-order mark): decoded');
    expect(byKey('f-utf16be.csv').problems).toContain('f-utf16be.csv is UTF-16 BE (by its byte-order mark): decoded');
  });

  it('skips malformed lines, counting them with their line numbers', () => {
    const batch = byKey('g-malformed.csv');
    expect(batch).toMatchObject({ rows: 300, skippedLines: 3, skippedExamples: malformedLines });
    expect(batch.report!.columns).toEqual(byKey('a-ok.csv').report!.columns);
    expect(batch.problems).toContain(`g-malformed.csv: 3 malformed lines skipped (a wrong number of fields; lines ${malformedLines.join(', ')})`);
  });

  it('changes nothing on a second run, then picks up the file once it is complete', async () => {
    const computed = detail.batches.map((b) => [b.key, b.computedAt]);
    expect(await runToEnd()).toMatchObject({ phase: 'done', done: 0 });
    const again = await ok(backend.send('drift/monitor', { id }));
    expect(again.batches.map((b) => [b.key, b.computedAt])).toEqual(computed);
    expect(again.alerts).toEqual(detail.alerts);
    fs.utimesSync(path.join(folder, 'h-writing.csv'), longAgo, longAgo);
    expect(await runToEnd()).toMatchObject({ phase: 'done', done: 1 });
    const later = await ok(backend.send('drift/monitor', { id }));
    expect(later.batches.find((b) => b.key === 'h-writing.csv')).toMatchObject({ rows: 50, error: null });
    expect(later.batches.filter((b) => b.key !== 'h-writing.csv').map((b) => [b.key, b.computedAt])).toEqual(computed);
  });
});

describe('a monitor whose model cannot score a batch', () => {
  it('keeps the column drift of that batch, says why, and scores the others', async () => {
    const breastCancer = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'breast_cancer');
    const root = tempDir('runlens-drift-model-');
    const folder = path.join(root, 'batches');
    fs.mkdirSync(folder);
    const week = fs.readFileSync(path.join(breastCancer, 'monitoring', '2026-01-05.csv'), 'utf8');
    fs.writeFileSync(path.join(folder, '2026-01-05.csv'), week);
    // Without "mean radius", one of the model's 30 features.
    const lines = week.trimEnd().split('\n').map((line) => line.split(',').slice(1).join(','));
    fs.writeFileSync(path.join(folder, '2026-01-12.csv'), `${lines.join('\n')}\n`);
    fs.writeFileSync(path.join(folder, '2026-01-19.csv'), `${week.split('\n')[0]}\n1,2,3\n`);
    for (const name of fs.readdirSync(folder)) fs.utimesSync(path.join(folder, name), longAgo, longAgo);
    const events: { name: string; payload: unknown }[] = [];
    const backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'cli', version: 'test', watch: false, emit: (name, payload) => events.push({ name, payload }) });
    try {
      const model = { kind: 'file' as const, path: path.join(repoRoot, 'test', 'fixtures', 'models', 'breast_cancer_logreg.onnx') };
      const { id } = await ok(backend.send('drift/addMonitor', { name: 'model', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: folder }, model }));
      await waitFor(() => events.some((e) => e.name === 'drift/progress' && (e.payload as Events['drift/progress']).phase === 'done'), 'the run', 120_000);
      const { batches } = await ok(backend.send('drift/monitor', { id }));
      expect(batches[0]).toMatchObject({ error: null, labeledRows: 150 });
      expect(batches[0].performance!.accuracy).toBeGreaterThan(0.9);
      expect(batches[1].error).toBe('The model cannot score this batch: The data has no column "mean radius" that the model needs');
      expect(batches[1].report!.notCompared).toContainEqual({ column: 'mean radius', reason: 'missing in current' });
      expect(batches[1]).toMatchObject({ performance: null, estimate: null, prediction: null });
      // A header and one malformed line: no rows, nothing to score, no error.
      expect(batches[2]).toMatchObject({ rows: 0, skippedLines: 1, skippedExamples: [2], error: null, performance: null });
      // Bad paths are refused when the monitor is added, naming them.
      const missing = await backend.send('drift/addMonitor', { name: 'nope', reference: { kind: 'file', path: path.join(root, 'nope.csv') }, current: { kind: 'folder', path: folder } });
      expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: `The reference ${path.join(root, 'nope.csv')} does not exist` } });
      const noFolder = await backend.send('drift/addMonitor', { name: 'nope', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: path.join(root, 'gone') } });
      expect(noFolder).toMatchObject({ ok: false, error: { code: 'not-found', message: `The folder ${path.join(root, 'gone')} does not exist` } });
      const twice = await backend.send('drift/addMonitor', { name: 'model', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: folder } });
      expect(twice).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'A drift monitor named "model" exists already: pick another name' } });
    } finally {
      await backend.close();
    }
  }, 120_000);
});

describe('readCsvFrame', () => {
  it('keeps quoted fields, a pipe delimiter, and a column that turns into text with its earlier cells', async () => {
    const file = path.join(tempDir('runlens-frame-'), 'quoted.csv');
    fs.writeFileSync(file, 'id|note|n\n1|"a|b"|1.5\n2|"two\nlines"|NA\n3|plain|x\r\n4||inf\n');
    const read = await readCsvFrame(file);
    expect(read.frame.rows).toBe(4);
    expect(read.problems).toEqual(['quoted.csv is pipe-separated']);
    expect(Array.from(read.frame.columns.get('id') as Float64Array)).toEqual([1, 2, 3, 4]);
    expect(read.frame.columns.get('note')).toEqual(['a|b', 'two\nlines', 'plain', null]);
    expect(read.frame.columns.get('n')).toEqual(['1.5', null, 'x', 'inf']);
  });

  it('names repeated and empty header cells as pandas does', async () => {
    const file = path.join(tempDir('runlens-frame-'), 'names.csv');
    fs.writeFileSync(file, 'a,a,,b\n1,2,3,4\n');
    const read = await readCsvFrame(file);
    expect(read.columns).toEqual(['a', 'a.1', 'Unnamed: 2', 'b']);
    expect(read.problems).toEqual([expect.stringMatching(/Column "a" appears more than once/)]);
  });
});

describe('a monitor with a three-class model', () => {
  it('tests the drift of the predicted class, measures accuracy, macro F1 and ROC AUC, and makes no estimate', async () => {
    const root = tempDir('runlens-drift-iris-');
    const folder = path.join(root, 'batches');
    fs.mkdirSync(folder);
    const iris = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'iris', 'test.csv');
    const [header, ...rows] = fs.readFileSync(iris, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(path.join(folder, '1-same.csv'), `${header}\n${rows.join('\n')}\n`);
    // Every flower's petals 2 cm longer: mostly "virginica" now.
    const longer = rows.map((row) => row.split(',').map((cell, c) => (c === 2 ? String(Number(cell) + 2) : cell)).join(','));
    fs.writeFileSync(path.join(folder, '2-longer.csv'), `${header}\n${longer.join('\n')}\n`);
    for (const name of fs.readdirSync(folder)) fs.utimesSync(path.join(folder, name), longAgo, longAgo);
    const events: { name: string; payload: unknown }[] = [];
    const backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'cli', version: 'test', watch: false, emit: (name, payload) => events.push({ name, payload }) });
    try {
      const model = { kind: 'file' as const, path: path.join(repoRoot, 'test', 'fixtures', 'models', 'iris_forest.onnx') };
      const { id } = await ok(backend.send('drift/addMonitor', { name: 'iris', reference: { kind: 'file', path: iris }, current: { kind: 'folder', path: folder }, model }));
      await waitFor(() => events.some((e) => e.name === 'drift/progress' && ['done', 'failed'].includes((e.payload as Events['drift/progress']).phase)), 'the run', 120_000);
      const detail = await ok(backend.send('drift/monitor', { id }));
      expect(detail.monitor.error).toBeNull();
      expect(detail.labelColumn).toBe('species');
      expect(detail.estimateAssumptions).toBeNull();
      const [same, longerBatch] = detail.batches;
      expect(same.prediction).toMatchObject({ column: 'predicted class', type: 'cat', drift: false });
      expect(longerBatch.prediction).toMatchObject({ column: 'predicted class', type: 'cat', drift: true });
      expect(same.performance).toEqual(detail.referencePerformance);
      for (const metric of ['accuracy', 'f1', 'roc_auc'] as const) expect(Number.isFinite(same.performance![metric])).toBe(true);
      expect(longerBatch.performance!.accuracy).toBeLessThan(same.performance!.accuracy);
      expect(same.estimate).toBeNull();
      expect(longerBatch.report!.columns.find((c) => c.column === 'petal_length')).toMatchObject({ drift: true });
    } finally {
      await backend.close();
    }
  }, 120_000);
});
