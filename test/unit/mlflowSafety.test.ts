// The MLflow readers (file store, registry, SQLite store) on files that are
// not what they should be: FIFOs, symlinks to /dev/zero, loops, oversized
// and odd YAML, invalid UTF-8, too many params. Every read returns, warns,
// reads the rest, and voids no series whose file is still there.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readMlflowFileRegistry } from '../../electron/backend/sources/mlflow/fileRegistry';
import { mlflowFileStoreFormat } from '../../electron/backend/sources/mlflow/fileStore';
import { isMlflowSqliteFile, readMlflowSqlite } from '../../electron/backend/sources/mlflow/sqliteStore';
import { removeTempDirs, tempDir } from '../helpers';
import { invalidUtf8, isRoot, killGuards, linkAs, loopAt, makeFifo, MemoryStore, randomBytes } from './hostileFiles';

afterEach(killGuards);
afterAll(removeTempDirs);

const runId = '0123456789abcdef0123456789abcdef';

function metaYaml(fields: Record<string, string>): string {
  return Object.keys(fields).sort().map((key) => `${key}: ${fields[key]}\n`).join('');
}

function writeFiles(folder: string, files: Record<string, string | Buffer>): void {
  for (const [key, content] of Object.entries(files)) {
    const file = path.join(folder, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** An mlruns/ with experiment 1 holding one run, read once; returns the run folder and its store. */
function knownRun(meta: Record<string, string> = {}): { run: string; store: MemoryStore } {
  const experiment = path.join(tempDir(), 'mlruns', '1');
  const run = path.join(experiment, runId);
  fs.mkdirSync(path.join(run, 'artifacts'), { recursive: true });
  fs.writeFileSync(path.join(experiment, 'meta.yaml'), metaYaml({ experiment_id: "'1'", lifecycle_stage: 'active', name: 'cnn' }));
  fs.writeFileSync(path.join(run, 'meta.yaml'), metaYaml({
    artifact_uri: `file://${run}/artifacts`, end_time: 'null', experiment_id: "'1'", lifecycle_stage: 'active',
    run_id: runId, run_name: 'baseline', start_time: '1700000000000', status: '1', ...meta,
  }));
  writeFiles(run, {
    'params/lr': '0.1', 'params/momentum': '0.9', 'tags/mlflow.runName': 'baseline', 'tags/team': 'vision',
    'metrics/loss': '1700000000001 1.0 0\n1700000000002 0.5 1\n', 'metrics/train/acc': '1700000000001 0.25 0\n',
  });
  const store = new MemoryStore(mlflowFileStoreFormat, run);
  store.read();
  expect(store.values('loss')).toEqual([1, 0.5]);
  expect(store.allWarnings()).toEqual([]);
  return { run, store };
}

describe('MLflow file store: files that are not regular files', () => {
  it('meta.yaml as a FIFO: a warning, the rest read, nothing voided, said once', () => {
    const { run, store } = knownRun();
    makeFifo(path.join(run, 'meta.yaml'));
    fs.appendFileSync(path.join(run, 'metrics', 'loss'), '1700000000003 0.25 2\n');
    store.read();
    expect(store.newWarnings()).toEqual(['meta.yaml is not a regular file (a FIFO): not read']);
    expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
    expect(store.voids).toEqual([]);
    expect(store.read()).toEqual([]);
  });

  it("the experiment's meta.yaml as a FIFO or /dev/zero: a warning", () => {
    for (const make of [(f: string) => makeFifo(f), (f: string) => linkAs(f, '/dev/zero')]) {
      const { run, store } = knownRun();
      make(path.join(run, '..', 'meta.yaml'));
      store.read();
      expect(store.newWarnings()).toEqual([expect.stringMatching(/^the experiment's \.\.\/meta\.yaml is not a regular file \(a (FIFO|character device)\): not read$/)]);
      expect(store.voids).toEqual([]);
    }
  });

  it('meta.yaml as a symlink to /dev/zero, a loop or a dangling link: a warning, unread', () => {
    const cases: [(file: string) => string, string][] = [
      [(f) => linkAs(f, '/dev/zero'), 'meta.yaml is not a regular file (a character device): not read'],
      [(f) => loopAt(f), 'meta.yaml is a symbolic link loop: not read'],
      [(f) => linkAs(f, 'nowhere.yaml'), 'meta.yaml is a dangling symbolic link (to "nowhere.yaml"): not read'],
    ];
    for (const [make, message] of cases) {
      const { run, store } = knownRun();
      make(path.join(run, 'meta.yaml'));
      store.read();
      expect(store.newWarnings()).toEqual([message]);
      expect(store.values('loss')).toEqual([1, 0.5]);
      expect(store.voids).toEqual([]);
      expect(store.read()).toEqual([]);
    }
  });

  it('a metric file replaced by a FIFO or a link to /dev/zero: its series stands (no voidMetrics), with a warning', () => {
    const { run, store } = knownRun();
    makeFifo(path.join(run, 'metrics', 'loss'));
    linkAs(path.join(run, 'metrics', 'train', 'acc'), '/dev/zero');
    store.read();
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.values('train/acc')).toEqual([0.25]);
    expect(store.allWarnings()).toEqual([
      'metrics: metrics folder: loss: not a regular file (a FIFO), skipped',
      'metrics: metrics folder: train/acc: symbolic link skipped',
    ]);
    expect(store.read()).toEqual([]);
    // Deleted for real: now it is gone, and only it is voided.
    fs.rmSync(path.join(run, 'metrics', 'loss'));
    store.read();
    expect(store.voids).toEqual([['loss']]);
    expect(store.values('train/acc')).toEqual([0.25]);
  });

  it('a metric file swapped for a FIFO after the listing: a warning, nothing voided, read from its start once it is a file again', () => {
    const { run, store } = knownRun();
    const loss = path.join(run, 'metrics', 'loss');
    fs.appendFileSync(loss, '1700000000003 0.25 2\n');
    const original = store.cursorFor.bind(store);
    store.cursorFor = (file: string) => {
      if (file === loss && !fs.lstatSync(file).isFIFO()) makeFifo(file);
      return original(file);
    };
    store.read();
    // (The listing saw a file: the folder's keys did not change.)
    expect(store.newWarnings()).toEqual(['metrics/loss is not a regular file (a FIFO): not read']);
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    store.cursorFor = original;
    fs.rmSync(loss);
    fs.writeFileSync(loss, '1700000000009 9.0 0\n');
    store.read();
    expect(store.voids).toEqual([['loss']]);
    expect(store.values('loss')).toEqual([9]);
  });

  it.skipIf(isRoot)('a metric file it may not read (EACCES): a warning, its series stands', () => {
    const { run, store } = knownRun();
    fs.appendFileSync(path.join(run, 'metrics', 'loss'), '1700000000003 0.25 2\n');
    fs.chmodSync(path.join(run, 'metrics', 'loss'), 0);
    store.read();
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.newWarnings()).toEqual([expect.stringMatching(/^metrics\/loss cannot be read \(EACCES/)]);
  });

  it('a param or tag file as a FIFO: a warning, and the stored value stays (the folder is not taken as complete)', () => {
    const { run, store } = knownRun();
    makeFifo(path.join(run, 'params', 'lr'));
    makeFifo(path.join(run, 'tags', 'team'));
    writeFiles(run, { 'params/epochs': '10' });
    store.read();
    expect(store.params).toEqual({ lr: '0.1', momentum: '0.9', epochs: '10' });
    expect(store.tags).toMatchObject({ team: 'vision' });
    expect(store.allWarnings()).toEqual(['params: params/lr: not a regular file (a FIFO), skipped', 'tags: tags/team: not a regular file (a FIFO), skipped']);
    expect(store.voids).toEqual([]);
  });

  it('tags/mlflow.runName as a FIFO does not block naming a 1.x run', () => {
    const { run } = knownRun({ run_name: "''" });
    makeFifo(path.join(run, 'tags', 'mlflow.runName'));
    const store = new MemoryStore(mlflowFileStoreFormat, run);
    store.read();
    expect(store.headers.at(-1)!.name).toBeNull();
  });
});

describe('MLflow file store: damaged and odd files', () => {
  const metaCases: [string, string | Buffer, RegExp][] = [
    ['empty', '', /^meta\.yaml is empty$/],
    ['a list', '- a\n- b\n', /^meta\.yaml is not a YAML mapping$/],
    ['random bytes', randomBytes(3, 400), /^meta\.yaml /],
    ['too large', `a: ${'x'.repeat(70_000)}\n`, /^meta\.yaml is larger than 65536 bytes/],
    ['an alias bomb', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(', ')}]`), 'status: 1'].join('\n'), /^meta\.yaml is not valid YAML/],
  ];
  for (const [what, content, message] of metaCases) {
    it(`meta.yaml ${what}: a warning, the status kept, metrics and params read`, () => {
      const { run, store } = knownRun();
      fs.writeFileSync(path.join(run, 'meta.yaml'), content);
      writeFiles(run, { 'params/epochs': '10' });
      store.read();
      expect(store.newWarnings().some((w) => message.test(w))).toBe(true);
      expect(store.status).toMatchObject({ status: 'RUNNING' });
      expect(store.params).toMatchObject({ epochs: '10', lr: '0.1' });
      expect(store.values('loss')).toEqual([1, 0.5]);
      expect(store.voids).toEqual([]);
    });
  }

  it('odd YAML types: a mapping or a self-referencing list as status, a string start_time, a date: warnings, never a throw', () => {
    for (const [meta, warning] of [
      [{ status: '{code: 3}' }, 'meta.yaml: unknown status a mapping'],
      [{ status: '&s [*s]' }, 'meta.yaml: unknown status a list'],
      [{ status: '2001-12-14' }, 'meta.yaml: unknown status 2001-12-14T00:00:00.000Z'],
      [{ start_time: 'yesterday' }, null],
      [{ start_time: '[1, 2]', end_time: '{a: 1}' }, null],
    ] as [Record<string, string>, string | null][]) {
      const experiment = path.join(tempDir(), 'mlruns', '1');
      const run = path.join(experiment, runId);
      writeFiles(experiment, { 'meta.yaml': 'name: cnn\n' });
      writeFiles(run, { 'meta.yaml': metaYaml({ run_id: runId, status: '1', start_time: '1', ...meta }), 'metrics/loss': '1 1.0 0\n' });
      const store = new MemoryStore(mlflowFileStoreFormat, run);
      expect(() => store.read()).not.toThrow();
      expect(store.newWarnings()).toEqual(warning ? [warning] : []);
      expect(store.values('loss')).toEqual([1]);
    }
  });

  it('invalid UTF-8 in meta.yaml and in a param: read, with warnings', () => {
    const { run } = knownRun();
    writeFiles(run, {
      'meta.yaml': Buffer.concat([Buffer.from(`run_id: ${runId}\nrun_name: a`), invalidUtf8, Buffer.from('\nstatus: 3\n')]),
      'params/name': Buffer.concat([Buffer.from('x'), invalidUtf8]),
    });
    const store = new MemoryStore(mlflowFileStoreFormat, run);
    store.read();
    expect(store.status).toMatchObject({ status: 'FINISHED' });
    expect(store.params.name).toContain('\uFFFD');
    expect(store.allWarnings()).toEqual([
      'meta.yaml: meta.yaml is not valid UTF-8: the bytes that are not were read as U+FFFD',
      'params: 1 param value(s) not valid UTF-8: the bytes that are not were read as U+FFFD',
    ]);
  });

  it('caps params at 10,000 keys (not taken as complete) and values at 64 KiB (cut), with warnings', () => {
    const { run, store } = knownRun();
    const files: Record<string, string> = { 'params/big': 'v'.repeat(100_000) };
    for (let i = 0; i < 10_000; i++) files[`params/p${String(i).padStart(5, '0')}`] = String(i);
    writeFiles(run, files);
    store.read();
    expect(Object.keys(store.params).length).toBeGreaterThanOrEqual(10_000);
    expect(store.allWarnings()).toEqual(expect.arrayContaining(['params: params/more than 10000 files: the rest were not read']));
    if (store.params.big !== undefined) {
      expect(store.params.big).toHaveLength(64 * 1024);
      expect(store.allWarnings()).toContain('params: 1 param value(s) longer than 65536 bytes: cut');
    }
  });

  it('cuts a tag value past 64 KiB', () => {
    const { run, store } = knownRun();
    writeFiles(run, { 'tags/mlflow.note.content': 'n'.repeat(200_000) });
    store.read();
    expect(store.tags['mlflow.note.content']).toHaveLength(64 * 1024);
    expect(store.allWarnings()).toEqual(['tags: 1 tag value(s) longer than 65536 bytes: cut']);
  });

  it('an empty or random-bytes metric file: warnings or nothing, never a throw, nothing voided', () => {
    const { run, store } = knownRun();
    writeFiles(run, { 'metrics/empty': '', 'metrics/noise': randomBytes(11, 4000) });
    store.read();
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.allWarnings().length).toBeGreaterThan(0);
    expect(store.allWarnings().every((w) => w.startsWith('metrics/noise: metrics/noise'))).toBe(true);
  });

  it('a known metric file replaced by random bytes without a line break: said (not taken for a line being written)', () => {
    const { run, store } = knownRun();
    const bytes = randomBytes(21, 35).map((b) => (b === 0x0a ? 0x01 : b));
    bytes[0] = 0x02;
    fs.writeFileSync(path.join(run, 'metrics', 'loss'), bytes);
    store.read();
    expect(store.allWarnings()).toEqual(['metrics/loss: metrics/loss: malformed lines skipped']);
    expect(store.warnings.get(path.join(run, 'metrics', 'loss'))![0].detail).toBe('line 1: the last 35 byte(s), after the last line break, hold binary data (not a line being written): not read');
    expect(store.read()).toEqual([]);
  });
});

describe('MLflow model registry on hostile files', () => {
  it("a model's meta.yaml as a FIFO and a version's as /dev/zero: warnings, the rest read", () => {
    const models = path.join(tempDir(), 'mlruns', 'models');
    writeFiles(path.join(models, 'net'), { 'version-1/meta.yaml': 'version: 1\ncurrent_stage: None\n', 'version-2/meta.yaml': 'version: 2\n', 'tags/owner': 'me' });
    makeFifo(path.join(models, 'net', 'meta.yaml'));
    linkAs(path.join(models, 'net', 'version-2', 'meta.yaml'), '/dev/zero');
    makeFifo(path.join(models, 'net', 'aliases', 'champion'));
    const { models: found, warnings } = readMlflowFileRegistry(models);
    expect(found.map((m) => [m.name, m.versions.map((v) => v.version), m.tags])).toEqual([['net', [1, 2], { owner: 'me' }]]);
    expect(warnings.map((w) => `${path.relative(models, w.path)}: ${w.message}`).sort()).toEqual([
      'net/aliases: champion: not a regular file (a FIFO), skipped',
      'net/meta.yaml: meta.yaml is not a regular file (a FIFO): not read',
      'net/version-2/meta.yaml: meta.yaml is not a regular file (a character device): not read',
    ]);
  });
});

describe('MLflow SQLite store on what is not a regular file', () => {
  const codeOf = (file: string): string => {
    try {
      [...readMlflowSqlite(file, null)];
    } catch (error) {
      return (error as { code: string }).code;
    }
    return 'read';
  };

  it('a store that is a FIFO, /dev/zero, a loop or a dangling link: refused before SQLite opens it', () => {
    const dir = tempDir();
    const fifo = makeFifo(path.join(dir, 'other.db'));
    expect(isMlflowSqliteFile(fifo)).toBe(false);
    expect(codeOf(fifo)).toBe('ENOTREG');
    const zero = linkAs(path.join(dir, 'zero.db'), '/dev/zero');
    expect(isMlflowSqliteFile(zero)).toBe(false);
    expect(codeOf(zero)).toBe('ENOTREG');
    const loop = loopAt(path.join(dir, 'loop.db'));
    expect(isMlflowSqliteFile(loop)).toBe(false);
    expect(codeOf(loop)).toBe('ELOOP');
    const dangling = linkAs(path.join(dir, 'dangling.db'), 'nowhere.db');
    expect(codeOf(dangling)).toBe('EDANGLING');
    expect(codeOf(path.join(dir, 'missing.db'))).toBe('ENOENT');
    fs.writeFileSync(path.join(dir, 'random.db'), randomBytes(5, 5000));
    expect(isMlflowSqliteFile(path.join(dir, 'random.db'))).toBe(false);
    expect(codeOf(path.join(dir, 'random.db'))).toMatch(/^SQLITE_/);
  });

  it("a damaged file named mlflow.db (MLflow's default) is taken as a store, so that reading it says what is wrong", () => {
    const dir = tempDir();
    const store = path.join(dir, 'mlflow.db');
    makeFifo(store);
    expect(isMlflowSqliteFile(store)).toBe(true);
    expect(codeOf(store)).toBe('ENOTREG');
    loopAt(store);
    expect(isMlflowSqliteFile(store)).toBe(true);
    fs.rmSync(store);
    fs.writeFileSync(store, randomBytes(9, 5000));
    expect(isMlflowSqliteFile(store)).toBe(true);
    expect(codeOf(store)).toMatch(/^SQLITE_/);
    fs.writeFileSync(store, '');
    expect(isMlflowSqliteFile(store)).toBe(false);
    fs.rmSync(store);
    expect(isMlflowSqliteFile(store)).toBe(false);
  });
});
