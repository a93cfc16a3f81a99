// DVCLive reader on broken, hostile and odd files: whatever goes wrong in a
// file is a warning naming it, never an exception, and reads stay bounded.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dvcliveFormat } from '../../electron/backend/sources/dvclive/format';
import { parseJsonTolerant } from '../../electron/backend/sources/dvclive/metricsJson';
import { flattenParams } from '../../electron/backend/sources/dvclive/params';
import type { FileBatch, FileCursor, RunRecord } from '../../electron/backend/sources/records';
import { removeTempDirs, tempDir } from '../helpers';
import { seededRandom } from '../../bench/lib/random';

afterAll(removeTempDirs);

const fixtures = path.resolve(__dirname, '../fixtures/real/dvclive');

/** Reads a run as ingest would (cursors kept between reads); returns each read's batches. */
function reader(folder: string) {
  const cursors = new Map<string, FileCursor>();
  const lookup = { cursorFor: (file: string) => cursors.get(file) ?? null };
  return {
    cursors,
    read(): FileBatch[] {
      const batches: FileBatch[] = [];
      for (const batch of dvcliveFormat.readRun(folder, lookup)) {
        batches.push(batch);
        cursors.set(batch.file, batch.cursor);
      }
      return batches;
    },
    /** The generator itself, for stepping through a read. */
    iterate: () => dvcliveFormat.readRun(folder, lookup)[Symbol.iterator](),
    apply(batch: FileBatch) {
      cursors.set(batch.file, batch.cursor);
    },
  };
}

type Warning = Extract<RunRecord, { kind: 'warning' }>;
const warningsOf = (batches: FileBatch[]) =>
  batches.flatMap((b) => b.records.filter((r): r is Warning => r.kind === 'warning').map((w) => ({ file: b.file, ...w })));
const seriesOf = (batches: FileBatch[], key: string) => {
  const out = { steps: [] as number[], values: [] as number[] };
  for (const b of batches) for (const r of b.records) if (r.kind === 'metrics' && r.points.has(key)) {
    out.steps.push(...r.points.get(key)!.steps);
    out.values.push(...r.points.get(key)!.values);
  }
  return out;
};


function randomBytes(seed: number, length: number): Buffer {
  const next = seededRandom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
}

function newRun(files: Record<string, string | Buffer> = {}): string {
  const folder = path.join(tempDir('runlens-dvclive-fuzz-'), 'dvclive');
  const all = { 'metrics.json': '{"loss": 0.5, "step": 1}', 'plots/metrics/loss.tsv': 'step\tloss\n0\t1\n1\t0.5\n', ...files };
  for (const [file, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return folder;
}

describe('tolerant JSON', () => {
  it('reads bare NaN and Infinity outside strings only', () => {
    expect(parseJsonTolerant('{"a": NaN, "b": [Infinity, -Infinity], "NaN": "Infinity \\" NaN", "c": -1}')).toEqual({
      a: NaN, b: [Infinity, -Infinity], NaN: 'Infinity " NaN', c: -1,
    });
    expect(() => parseJsonTolerant('{"a": NaNa}')).toThrow();
    expect(() => parseJsonTolerant('{"a": Infinity')).toThrow();
  });
});

describe('params.yaml of unexpected shape', () => {
  it('flattens nulls, lists, anchors and merge keys; keeps the mapping own keys over merged ones', () => {
    const text = 'base: &base\n  lr: 0.1\n  opt: {name: sgd, momentum: ~}\nrun:\n  <<: *base\n  lr: 0.01\n  layers: [64, 32]\nempty: {}\nnothing:\nweird key with spaces: yes\n? [complex, key]\n: 1\n';
    expect(flattenParams(text).values).toEqual({
      'base.lr': '0.1', 'base.opt.name': 'sgd', 'base.opt.momentum': 'null',
      'run.lr': '0.01', 'run.opt.name': 'sgd', 'run.opt.momentum': 'null', 'run.layers': '[64,32]',
      empty: '{}', nothing: 'null', 'weird key with spaces': 'yes', '["complex","key"]': '1',
    });
  });

  it('refuses a document that is a list or a scalar, and YAML errors', () => {
    expect(() => flattenParams('- a\n- b\n')).toThrow(/list/);
    expect(() => flattenParams('just text')).toThrow(/scalar/);
    expect(() => flattenParams('a: [1, 2\nb: {')).toThrow();
    expect(flattenParams('').values).toEqual({});
    expect(flattenParams('# only a comment\n').values).toEqual({});
  });

  it('stops an alias bomb and a self-referencing alias quickly', () => {
    const bomb = ['a: &a {x: 1, y: 2}', ...Array.from({ length: 30 }, (_, i) => `${'b' + i}: &b${i} {p: *${i ? 'b' + (i - 1) : 'a'}, q: *${i ? 'b' + (i - 1) : 'a'}}`)].join('\n');
    const result = flattenParams(bomb);
    expect(result.truncated).toBe(true);
    expect(Object.keys(result.values).length).toBeLessThanOrEqual(10_000);
    const loop = flattenParams('a: &a\n  b: *a\n');
    expect(Object.keys(loop.values)).toHaveLength(1);
  });

  it('reports them as warnings naming params.yaml, and keeps reading the run', () => {
    for (const text of ['- lr\n- 0.1\n', 'a: [1, 2\n', 'lr: !!python/object:foo.Bar {x: 1}\nseed: 3\n']) {
      const folder = newRun({ 'params.yaml': text });
      const batches = reader(folder).read();
      expect(seriesOf(batches, 'loss').steps).toEqual([0, 1]);
      const params = batches.flatMap((b) => b.records).find((r) => r.kind === 'params');
      const warnings = warningsOf(batches);
      if (params) expect(params).toMatchObject({ values: { seed: '3' } });
      else expect(warnings).toMatchObject([{ file: path.join(folder, 'params.yaml'), message: expect.stringMatching(/^params\.yaml: /) }]);
    }
  });

  it('survives random bytes in params.yaml', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const folder = newRun({ 'params.yaml': randomBytes(seed, 64 + seed * 13) });
      const run = reader(folder);
      const batches = run.read();
      expect(seriesOf(batches, 'loss').steps).toEqual([0, 1]);
      for (const w of warningsOf(batches)) expect(w.file).toBe(path.join(folder, 'params.yaml'));
      expect(run.read()).toEqual([]);
    }
  });
});

describe('broken metrics.json', () => {
  it('warns about every truncation of a real metrics.json and still reads the histories', () => {
    const text = fs.readFileSync(path.join(fixtures, 'hf-transformers-nested/dvclive/metrics.json'), 'utf8');
    for (let cut = 1; cut < text.length - 2; cut += 7) {
      const folder = newRun({ 'metrics.json': text.slice(0, cut) });
      const batches = reader(folder).read();
      expect(seriesOf(batches, 'loss').steps).toEqual([0, 1]);
      expect(warningsOf(batches)).toMatchObject([{ file: path.join(folder, 'metrics.json'), message: expect.stringMatching(/^metrics\.json: not valid JSON/) }]);
    }
  });

  it('an empty metrics.json (DVCLive truncates before writing) is no warning; a JSON list is one', () => {
    expect(warningsOf(reader(newRun({ 'metrics.json': '' })).read())).toEqual([]);
    expect(warningsOf(reader(newRun({ 'metrics.json': '[1, 2]' })).read())).toMatchObject([{ message: 'metrics.json: not valid JSON (not a JSON object)' }]);
  });
});

describe('broken metric histories', () => {
  it('skips and counts a row of three tokens that are not numbers, naming file and line', () => {
    const folder = newRun({ 'plots/metrics/loss.tsv': 'step\tloss\n0\t1\nfoo\tbar\tbaz\n2\t0.5\n', 'plots/metrics/acc.tsv': 'timestamp\tstep\tacc\n1\t0\t0.5\nfoo\tbar\tbaz\n' });
    const batches = reader(folder).read();
    expect(seriesOf(batches, 'loss')).toEqual({ steps: [0, 2], values: [1, 0.5] });
    expect(seriesOf(batches, 'acc')).toEqual({ steps: [0], values: [0.5] });
    expect(warningsOf(batches)).toEqual([
      { file: path.join(folder, 'plots/metrics/acc.tsv'), kind: 'warning', message: 'plots/metrics/acc.tsv: malformed rows skipped', count: 1, detail: 'line 3: step is not a finite number' },
      { file: path.join(folder, 'plots/metrics/loss.tsv'), kind: 'warning', message: 'plots/metrics/loss.tsv: malformed rows skipped', count: 1, detail: 'line 3: step is not a finite number' },
    ]);
  });

  it('counts rows with too many columns, empty values and non-numeric values', () => {
    const folder = newRun({ 'plots/metrics/loss.tsv': 'step\tloss\n0\t1\n1\t\n2\tabc\n3\t1\t2\t3\t4\n4\t0.25\n' });
    const batches = reader(folder).read();
    expect(seriesOf(batches, 'loss')).toEqual({ steps: [0, 4], values: [1, 0.25] });
    expect(warningsOf(batches)[0]).toMatchObject({ count: 3, detail: 'line 3: value is not a number; line 4: value is not a number; line 5: 5 columns, expected 2' });
  });

  it('reads a headerless numeric TSV as DVCLive columns, with a warning; skips a file whose header has no step', () => {
    const folder = newRun({ 'plots/metrics/loss.tsv': '0\t1\n1\t0.5\n', 'plots/metrics/acc.tsv': 'epoch\taccuracy\n0\t0.5\n' });
    const run = reader(folder);
    const batches = run.read();
    expect(seriesOf(batches, 'loss')).toEqual({ steps: [0, 1], values: [1, 0.5] });
    expect(seriesOf(batches, 'acc').steps).toEqual([]);
    expect(warningsOf(batches).map((w) => w.message)).toEqual([
      'plots/metrics/acc.tsv: no "step" column in the header line; file not read',
      "plots/metrics/loss.tsv: no header line; read as DVCLive's step, value columns",
    ]);
    // Appending to either continues as decided, silently.
    fs.appendFileSync(path.join(folder, 'plots/metrics/loss.tsv'), '2\t0.25\n');
    fs.appendFileSync(path.join(folder, 'plots/metrics/acc.tsv'), '1\t0.75\n');
    const more = run.read();
    expect(seriesOf(more, 'loss')).toEqual({ steps: [2], values: [0.25] });
    expect(seriesOf(more, 'acc').steps).toEqual([]);
    expect(warningsOf(more)).toEqual([]);
  });

  it('survives random bytes in a TSV, and reads nothing twice', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const folder = newRun({ 'plots/metrics/noise.tsv': randomBytes(seed, 200 + seed * 97) });
      const run = reader(folder);
      const batches = run.read();
      expect(seriesOf(batches, 'loss').steps).toEqual([0, 1]);
      for (const w of warningsOf(batches)) expect(w.file).toBe(path.join(folder, 'plots/metrics/noise.tsv'));
      expect(run.read()).toEqual([]);
    }
  });

  it('survives random byte flips in every file of a real run', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const project = path.join(tempDir('runlens-dvclive-fuzz-'), 'p');
      fs.cpSync(path.join(fixtures, 'lightning-hydra'), project, { recursive: true });
      const next = seededRandom(seed);
      const folder = path.join(project, 'dvclive');
      const files = fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
      for (const file of files) {
        const bytes = fs.readFileSync(file);
        for (let i = 0; i < 1 + Math.floor(next() * 4); i++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        fs.writeFileSync(file, bytes);
      }
      const run = reader(folder);
      expect(() => run.read()).not.toThrow();
      expect(run.read()).toEqual([]);
    }
  });

  it('skips the NUL tail of a 2 GB sparse TSV without reading it, with a warning, in bounded time and memory', () => {
    const folder = newRun({ 'plots/metrics/loss.tsv': 'timestamp\tstep\tloss\n1000\t0\t1.5\n2000\t1\t1.25\n3000\t2\t1\n' });
    const file = path.join(folder, 'plots/metrics/loss.tsv');
    const valid = fs.statSync(file).size;
    fs.truncateSync(file, 2 ** 31);
    const rssBefore = process.memoryUsage().rss;
    const run = reader(folder);
    const batches = run.read();
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
    expect(seriesOf(batches, 'loss')).toEqual({ steps: [0, 1, 2], values: [1.5, 1.25, 1] });
    expect(warningsOf(batches)).toEqual([
      {
        file, kind: 'warning', count: 1,
        message: `plots/metrics/loss.tsv: ends in ${2 ** 31 - valid} NUL bytes (a sparse or preallocated file); skipped without reading them`,
        detail: `bytes ${valid} to ${2 ** 31}`,
      },
    ]);
    expect(run.cursors.get(file)!.byteOffset).toBe(2 ** 31);
    expect(run.read()).toEqual([]);
    // Rows written after the hole are read.
    fs.appendFileSync(file, '\n4000\t3\t0.5\n');
    expect(seriesOf(run.read(), 'loss')).toEqual({ steps: [3], values: [0.5] });
  });

  it('ends a symlink loop under plots/, warning once per link', () => {
    const folder = newRun();
    const metrics = path.join(folder, 'plots/metrics');
    fs.symlinkSync('.', path.join(metrics, 'self'));
    fs.symlinkSync('..', path.join(metrics, 'up'));
    fs.symlinkSync('b.tsv', path.join(metrics, 'a.tsv'));
    fs.symlinkSync('a.tsv', path.join(metrics, 'b.tsv'));
    const run = reader(folder);
    const batches = run.read();
    expect(seriesOf(batches, 'loss').steps).toEqual([0, 1]);
    const files = warningsOf(batches).map((w) => path.relative(folder, w.file)).sort();
    expect(files).toEqual(['plots/metrics/a.tsv', 'plots/metrics/b.tsv', 'plots/metrics/self', 'plots/metrics/up/metrics']);
    expect(run.read()).toEqual([]);
  });

  it('follows a symlinked history (DVC cache links), warns about a dangling one, skips a folder named like a TSV', () => {
    const folder = newRun();
    const cache = path.join(path.dirname(folder), 'cache.tsv');
    fs.writeFileSync(cache, 'step\tacc\n0\t0.5\n');
    fs.symlinkSync(cache, path.join(folder, 'plots/metrics/acc.tsv'));
    fs.symlinkSync(path.join(folder, 'missing'), path.join(folder, 'plots/metrics/gone.tsv'));
    fs.mkdirSync(path.join(folder, 'plots/metrics/dir.tsv'));
    const batches = reader(folder).read();
    expect(seriesOf(batches, 'acc').values).toEqual([0.5]);
    expect(warningsOf(batches)).toEqual([
      { file: path.join(folder, 'plots/metrics/gone.tsv'), kind: 'warning', count: 1, message: 'plots/metrics/gone.tsv: dangling symbolic link (its target does not exist): not read' },
    ]);
  });

  it('skips a file deleted between listing and reading', () => {
    const folder = newRun({ 'plots/metrics/zz_last.tsv': 'step\tx\n0\t1\n' });
    const run = reader(folder);
    const batches = run.iterate();
    const first = batches.next();
    expect(first.done).toBe(false);
    run.apply(first.value as FileBatch);
    fs.rmSync(path.join(folder, 'plots/metrics/zz_last.tsv'));
    const rest: FileBatch[] = [];
    for (let step = batches.next(); !step.done; step = batches.next()) rest.push(step.value);
    expect(rest.map((b) => path.relative(folder, b.file))).not.toContain('plots/metrics/zz_last.tsv');
    expect(warningsOf(rest)).toEqual([]);
  });

  it('lets ENOENT of the run folder itself propagate (ingest removes the run)', () => {
    const folder = newRun();
    fs.rmSync(folder, { recursive: true });
    expect(() => reader(folder).read()).toThrow(/ENOENT/);
  });
});
