// The DVCLive reader on files that are not what they should be: FIFOs,
// symlinks to /dev/zero, loops, oversized metrics.json and params.yaml,
// invalid UTF-8, a FIFO for the parent dvc.yaml. Every read returns, warns,
// reads the rest, and voids no series whose TSV is still there.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dvcliveFormat } from '../../electron/backend/sources/dvclive/format';
import { removeTempDirs, tempDir } from '../helpers';
import { invalidUtf8, killGuards, linkAs, loopAt, makeFifo, MemoryStore, randomBytes } from './hostileFiles';

afterEach(killGuards);
afterAll(removeTempDirs);

function writeFiles(folder: string, files: Record<string, string | Buffer>): void {
  for (const [key, content] of Object.entries(files)) {
    const file = path.join(folder, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** A DVCLive folder read once: two TSV histories, a summary-only metric, params. */
function knownRun(): { run: string; store: MemoryStore } {
  const run = path.join(tempDir('runlens-dvclive-safety-'), 'dvclive');
  writeFiles(run, {
    'metrics.json': '{"loss": 0.5, "acc": 0.7, "f1": 0.6, "step": 1}',
    'params.yaml': 'lr: 0.1\noptimizer:\n  name: adam\n',
    'plots/metrics/loss.tsv': 'step\tloss\n0\t1\n1\t0.5\n',
    'plots/metrics/acc.tsv': 'step\tacc\n0\t0.5\n1\t0.7\n',
  });
  const store = new MemoryStore(dvcliveFormat, run);
  store.read();
  expect(store.values('loss')).toEqual([1, 0.5]);
  expect(store.values('f1')).toEqual([0.6]);
  expect(store.params).toEqual({ lr: '0.1', 'optimizer.name': 'adam' });
  expect(store.allWarnings()).toEqual([]);
  return { run, store };
}

describe('DVCLive: files that are not regular files', () => {
  for (const name of ['metrics.json', 'params.yaml']) {
    for (const [what, make, kind] of [
      ['a FIFO', (f: string) => makeFifo(f), 'a FIFO'],
      ['a symlink to /dev/zero', (f: string) => linkAs(f, '/dev/zero'), 'a character device'],
    ] as const) {
      it(`${name} as ${what}: a warning, the histories read, nothing voided, the params kept, said once`, () => {
        const { run, store } = knownRun();
        make(path.join(run, name));
        fs.appendFileSync(path.join(run, 'plots/metrics/loss.tsv'), '2\t0.25\n');
        store.read();
        expect(store.newWarnings()).toEqual([`${name}: is not a regular file (${kind}): not read`]);
        expect(store.voids).toEqual([]);
        expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
        expect(store.values('f1')).toEqual([0.6]);
        expect(store.params).toEqual({ lr: '0.1', 'optimizer.name': 'adam' });
        expect(store.read()).toEqual([]);
      });
    }
  }

  it('metrics.json as a symlink loop: a warning; back as a file, read again and the warning cleared', () => {
    const { run, store } = knownRun();
    loopAt(path.join(run, 'metrics.json'));
    store.read();
    expect(store.newWarnings()).toEqual(['metrics.json: is a symbolic link loop: not read']);
    expect(store.voids).toEqual([]);
    fs.rmSync(path.join(run, 'metrics.json'));
    fs.writeFileSync(path.join(run, 'metrics.json'), '{"loss": 0.5, "f1": 0.9, "step": 2}');
    store.read();
    expect(store.values('f1')).toEqual([0.9]);
    expect(store.allWarnings()).toEqual([]);
  });

  for (const [what, make, message] of [
    ['a FIFO', (f: string) => makeFifo(f), 'plots/metrics/loss.tsv: not a regular file (a FIFO): not read'],
    ['a symlink to /dev/zero', (f: string) => linkAs(f, '/dev/zero'), 'plots/metrics/loss.tsv: not a regular file (a character device): not read'],
    ['a symlink loop', (f: string) => loopAt(f), 'plots/metrics/loss.tsv: symlink loop skipped'],
    ['a dangling link', (f: string) => linkAs(f, 'nowhere.tsv'), 'plots/metrics/loss.tsv: dangling symbolic link (its target does not exist): not read'],
  ] as const) {
    it(`a history TSV replaced by ${what}: its series stands (no voidMetrics), with a warning said once`, () => {
      const { run, store } = knownRun();
      make(path.join(run, 'plots/metrics/loss.tsv'));
      fs.appendFileSync(path.join(run, 'plots/metrics/acc.tsv'), '2\t0.8\n');
      store.read();
      expect(store.voids).toEqual([]);
      expect(store.values('loss')).toEqual([1, 0.5]);
      expect(store.values('acc')).toEqual([0.5, 0.7, 0.8]);
      expect(store.newWarnings()).toEqual([message]);
      expect(store.read()).toEqual([]);
    });
  }

  it('a TSV back as a file after a FIFO: read from its start, its series voided first; gone for real: voided', () => {
    const { run, store } = knownRun();
    const tsv = path.join(run, 'plots/metrics/loss.tsv');
    makeFifo(tsv);
    store.read();
    fs.rmSync(tsv);
    fs.writeFileSync(tsv, 'step\tloss\n0\t9\n');
    store.read();
    expect(store.voids).toEqual([['loss']]);
    expect(store.values('loss')).toEqual([9]);
    expect(store.allWarnings()).toEqual([]);
    fs.rmSync(tsv);
    store.read();
    // (metrics.json is read again when the TSV keys change: its own keys are voided and read again too.)
    expect(store.voids).toEqual([['loss', 'f1']]);
    // Without its history, loss is metrics.json's point again.
    expect(store.values('loss')).toEqual([0.5]);
    expect(store.values('f1')).toEqual([0.6]);
  });

  it('a TSV swapped for a FIFO after the listing: a warning, nothing voided', () => {
    const { run, store } = knownRun();
    const tsv = path.join(run, 'plots/metrics/loss.tsv');
    fs.appendFileSync(tsv, '2\t0.25\n');
    const original = store.cursorFor.bind(store);
    store.cursorFor = (file: string) => {
      if (file === tsv && !fs.lstatSync(file).isFIFO()) makeFifo(file);
      return original(file);
    };
    store.read();
    expect(store.newWarnings()).toEqual(['plots/metrics/loss.tsv: is not a regular file (a FIFO): not read']);
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5]);
  });

  it('an unreadable plots/metrics folder: a warning, and no history is voided', () => {
    const { run, store } = knownRun();
    // A file where the folder was: listing it fails with ENOTDIR... which is "gone"; a loop is not.
    fs.rmSync(path.join(run, 'plots/metrics'), { recursive: true });
    loopAt(path.join(run, 'plots/metrics'));
    store.read();
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.newWarnings()).toEqual([expect.stringMatching(/^plots\/metrics: cannot read folder/)]);
  });

  it("the project's dvc.yaml as a FIFO: a warning, no layout tag, the run read", () => {
    const { run, store } = knownRun();
    makeFifo(path.join(run, '..', 'dvc.yaml'));
    store.read();
    expect(store.newWarnings()).toEqual(['../dvc.yaml: is not a regular file (a FIFO): not read']);
    expect(store.voids).toEqual([]);
    expect(store.read()).toEqual([]);
  });
});

describe('DVCLive: oversized, empty and odd files', () => {
  it('params.yaml over 1 MiB is not parsed: a warning, no params record, the params read before stay', () => {
    const { run, store } = knownRun();
    fs.writeFileSync(path.join(run, 'params.yaml'), Array.from({ length: 120_000 }, (_, i) => `k${i}: ${i}`).join('\n'));
    store.read();
    expect(store.batches.flatMap((b) => b.records).filter((r) => r.kind === 'params')).toEqual([]);
    expect(store.newWarnings()).toEqual(['params.yaml: is larger than 1048576 bytes: not read (the params read before stay)']);
    expect(store.params).toEqual({ lr: '0.1', 'optimizer.name': 'adam' });
    expect(store.read()).toEqual([]);
  });

  it('params.yaml with more than 10,000 keys: 10,000 read, not taken as complete; long values cut', () => {
    const { run, store } = knownRun();
    fs.writeFileSync(path.join(run, 'params.yaml'), `big: ${'v'.repeat(100_000)}\n${Array.from({ length: 10_500 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`);
    store.read();
    const params = store.batches.flatMap((b) => b.records).find((r) => r.kind === 'params');
    expect(params).toMatchObject({ complete: false });
    expect(store.params.big).toHaveLength(64 * 1024);
    // 10,000 read, added to the two known before (not removed: the record is not complete).
    expect(Object.keys(params!.kind === 'params' ? params!.values : {})).toHaveLength(10_000);
    expect(store.params).toMatchObject({ lr: '0.1', 'optimizer.name': 'adam' });
    expect(store.newWarnings()).toEqual(['params.yaml: more than 10000 params; the rest not read', 'params.yaml: values longer than 65536 characters were cut']);
  });

  it('an empty params.yaml (DVCLive truncates before it writes) keeps the params, without a warning', () => {
    const { run, store } = knownRun();
    fs.writeFileSync(path.join(run, 'params.yaml'), '');
    store.read();
    expect(store.params).toEqual({ lr: '0.1', 'optimizer.name': 'adam' });
    expect(store.newWarnings()).toEqual([]);
  });

  it('metrics.json over 4 MiB: a warning, the summary values read before stay', () => {
    const { run, store } = knownRun();
    fs.writeFileSync(path.join(run, 'metrics.json'), `{"f1": 0.1, "pad": "${'x'.repeat(4 * 1024 * 1024)}"}`);
    store.read();
    expect(store.newWarnings()).toEqual(['metrics.json: is larger than 4194304 bytes: not read (too large for a DVCLive summary)']);
    expect(store.voids).toEqual([]);
    expect(store.values('f1')).toEqual([0.6]);
  });

  it('invalid UTF-8 in params.yaml and metrics.json: read, with warnings', () => {
    const { run, store } = knownRun();
    fs.writeFileSync(path.join(run, 'params.yaml'), Buffer.concat([Buffer.from('name: a'), invalidUtf8, Buffer.from('\nlr: 0.2\n')]));
    fs.writeFileSync(path.join(run, 'metrics.json'), Buffer.concat([Buffer.from('{"f1": 0.8, "note": "'), invalidUtf8, Buffer.from('"}')]));
    store.read();
    expect(store.params.lr).toBe('0.2');
    expect(store.values('f1')).toEqual([0.8]);
    expect(store.newWarnings().sort()).toEqual([
      'metrics.json: not valid UTF-8: the bytes that are not were read as U+FFFD',
      'params.yaml: not valid UTF-8: the bytes that are not were read as U+FFFD',
    ]);
  });

  it('random bytes in metrics.json, params.yaml and a TSV: warnings, never a throw, nothing voided', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { run, store } = knownRun();
      fs.writeFileSync(path.join(run, 'metrics.json'), randomBytes(seed, 300));
      fs.writeFileSync(path.join(run, 'params.yaml'), randomBytes(seed + 50, 300));
      fs.appendFileSync(path.join(run, 'plots/metrics/acc.tsv'), randomBytes(seed + 99, 300));
      expect(() => store.read()).not.toThrow();
      expect(store.newWarnings().length).toBeGreaterThan(0);
      expect(store.values('loss')).toEqual([1, 0.5]);
      expect(store.voids.flat().filter((k) => k === 'loss' || k === 'acc')).toEqual([]);
    }
  });
});
