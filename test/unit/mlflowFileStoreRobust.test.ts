// The MLflow file-store reader read again and again as a store would (cursors
// kept between reads, voided series dropped, a file's warnings cleared when
// it is read from its start), and fed broken files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mlflowFileStoreFormat } from '../../electron/backend/sources/mlflow/fileStore';
import type { CursorLookup, FileBatch, FileCursor, RunRecord } from '../../electron/backend/sources/records';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

type Of<K extends RunRecord['kind']> = Extract<RunRecord, { kind: K }>;

/** What ingest/runWriter.ts does with batches, in memory. */
class MemoryStore implements CursorLookup {
  cursors = new Map<string, FileCursor>();
  header: Of<'header'> | null = null;
  status: Of<'status'> | null = null;
  params: Record<string, string> = {};
  tags: Record<string, string> = {};
  metrics = new Map<string, { steps: number[]; timestamps: number[]; values: number[] }>();
  artifacts = new Map<string, number>();
  datasets: Of<'dataset'>[] = [];
  warnings = new Map<string, Of<'warning'>[]>();
  /** What the files were asked for, in order (to act between listing and reading). */
  onCursor: (file: string) => void = () => {};

  cursorFor(file: string): FileCursor | null {
    this.onCursor(file);
    return this.cursors.get(file) ?? null;
  }

  /** One readRun, each batch applied as it comes (as ingestRun does). */
  read(runFolder: string): FileBatch[] {
    const batches: FileBatch[] = [];
    for (const batch of mlflowFileStoreFormat.readRun(runFolder, this)) {
      batches.push(batch);
      this.apply(batch);
    }
    return batches;
  }

  private apply(batch: FileBatch): void {
    expect(batch.cursor.path).toBe(batch.file);
    if (batch.fromStart) this.warnings.delete(batch.file);
    for (const r of batch.records) {
      if (r.kind === 'header') this.header = { ...r, name: r.name ?? this.header?.name ?? null };
      else if (r.kind === 'status') this.status = r;
      else if (r.kind === 'params') Object.assign(this.params, r.values);
      else if (r.kind === 'tags') Object.assign(this.tags, r.values);
      else if (r.kind === 'voidMetrics') (r.keys === 'all' ? [...this.metrics.keys()] : r.keys).forEach((k) => this.metrics.delete(k));
      else if (r.kind === 'artifact') this.artifacts.set(r.path, r.size);
      else if (r.kind === 'dataset') this.datasets.push(r);
      else if (r.kind === 'warning') this.warnings.set(batch.file, [...(this.warnings.get(batch.file) ?? []), r]);
      else if (r.kind === 'metrics') {
        for (const [key, s] of r.points) {
          const series = this.metrics.get(key) ?? { steps: [], timestamps: [], values: [] };
          series.steps.push(...s.steps);
          series.timestamps.push(...s.timestamps);
          series.values.push(...s.values);
          this.metrics.set(key, series);
        }
      }
    }
    this.cursors.set(batch.file, batch.cursor);
  }

  values(key: string): number[] | undefined {
    return this.metrics.get(key)?.values;
  }

  allWarnings(): string[] {
    return [...this.warnings.entries()].flatMap(([file, list]) => list.map((w) => `${path.basename(file)}: ${w.message}${w.detail ? ` [${w.detail}]` : ''} x${w.count}`));
  }
}

const runId = '0123456789abcdef0123456789abcdef';

interface RunSpec {
  meta?: Record<string, string>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  metrics?: Record<string, string>;
  experimentName?: string;
}

/** meta.yaml as PyYAML writes it: sorted keys, one per line. */
function metaYaml(fields: Record<string, string>): string {
  return Object.keys(fields).sort().map((key) => `${key}: ${fields[key]}\n`).join('');
}

function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [key, content] of Object.entries(files)) {
    const file = path.join(folder, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** An mlruns/ with experiment 1 holding one run; returns the run folder. */
function makeRun(spec: RunSpec = {}, root = path.join(tempDir(), 'mlruns')): string {
  const experiment = path.join(root, '1');
  const run = path.join(experiment, runId);
  fs.mkdirSync(path.join(run, 'artifacts'), { recursive: true });
  fs.mkdirSync(path.join(run, 'metrics'), { recursive: true });
  fs.mkdirSync(path.join(run, 'params'), { recursive: true });
  fs.writeFileSync(path.join(experiment, 'meta.yaml'), metaYaml({ artifact_location: `file://${experiment}`, experiment_id: "'1'", lifecycle_stage: 'active', name: spec.experimentName ?? 'cnn' }));
  fs.writeFileSync(path.join(run, 'meta.yaml'), metaYaml({
    artifact_uri: `file://${run}/artifacts`, end_time: 'null', experiment_id: "'1'", lifecycle_stage: 'active',
    run_id: runId, run_name: 'baseline', run_uuid: runId, start_time: '1700000000000', status: '1', user_id: 'me', ...spec.meta,
  }));
  writeFiles(path.join(run, 'params'), spec.params ?? { lr: '0.1' });
  writeFiles(path.join(run, 'tags'), spec.tags ?? { 'mlflow.runName': 'baseline' });
  writeFiles(path.join(run, 'metrics'), spec.metrics ?? { loss: '1700000000001 1.0 0\n1700000000002 0.5 1\n', 'train/acc': '1700000000001 0.25 0\n' });
  return run;
}

function kinds(batches: FileBatch[]): string[] {
  return batches.map((b) => `${path.basename(b.file)}:${b.records.map((r) => r.kind).join('+')}`);
}

describe('MLflow file store: incremental reading', () => {
  it('reads everything once, then nothing until something changes', () => {
    const run = makeRun();
    const store = new MemoryStore();
    store.read(run);
    expect(store.header).toMatchObject({ sourceRunId: runId, name: 'baseline', experiment: 'cnn', startTime: 1700000000000, deleted: false });
    expect(store.status).toEqual({ kind: 'status', status: 'RUNNING', endTime: null, reason: null });
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.values('train/acc')).toEqual([0.25]);
    expect(store.read(run)).toEqual([]);
  });

  it('reads one appended line as one new point, and a torn line only once it is whole', () => {
    const run = makeRun();
    const store = new MemoryStore();
    store.read(run);
    fs.appendFileSync(path.join(run, 'metrics', 'loss'), '1700000000003 0.25 2\n1700000000004 0.1');
    const batches = store.read(run);
    expect(kinds(batches)).toEqual(['loss:metrics']);
    expect((batches[0].records[0] as Of<'metrics'>).points.get('loss')!.values).toEqual([0.25]);
    expect(batches[0].fromStart).toBe(false);
    fs.appendFileSync(path.join(run, 'metrics', 'loss'), '25 3\n');
    store.read(run);
    expect(store.metrics.get('loss')).toEqual({ steps: [0, 1, 2, 3], timestamps: [1700000000001, 1700000000002, 1700000000003, 1700000000004], values: [1, 0.5, 0.25, 0.125] });
  });

  it('voids only the key of a truncated or replaced metric file, then reads it again', () => {
    const run = makeRun();
    const store = new MemoryStore();
    store.read(run);
    fs.writeFileSync(path.join(run, 'metrics', 'loss'), '1700000000009 9.0 0\n');
    const batches = store.read(run);
    expect(batches).toHaveLength(1);
    expect(batches[0].records[0]).toEqual({ kind: 'voidMetrics', keys: ['loss'] });
    expect(batches[0].fromStart).toBe(true);
    expect(store.values('loss')).toEqual([9]);
    expect(store.values('train/acc')).toEqual([0.25]);
    // Same size, new inode: replaced by a rename.
    fs.writeFileSync(path.join(run, 'replacement'), '1700000000009 8.0 0\n');
    fs.renameSync(path.join(run, 'replacement'), path.join(run, 'metrics', 'loss'));
    expect(kinds(store.read(run))).toEqual(['loss:voidMetrics+metrics']);
    expect(store.values('loss')).toEqual([8]);
  });

  it('voids the series of a metric file that was deleted', () => {
    const run = makeRun();
    const store = new MemoryStore();
    store.read(run);
    fs.rmSync(path.join(run, 'metrics', 'train'), { recursive: true });
    expect(kinds(store.read(run))).toEqual(['metrics:voidMetrics']);
    expect([...store.metrics.keys()]).toEqual(['loss']);
  });

  it('re-reads params, tags and meta.yaml whole when one of their files changed', () => {
    const run = makeRun();
    const store = new MemoryStore();
    store.read(run);
    writeFiles(path.join(run, 'tags'), { 'mlflow.note.content': 'better' });
    writeFiles(path.join(run, 'params'), { 'optimizer/name': 'adam' });
    expect(kinds(store.read(run))).toEqual(['params:params', 'tags:tags']);
    expect(store.params).toEqual({ lr: '0.1', 'optimizer/name': 'adam' });
    expect(store.tags).toEqual({ 'mlflow.runName': 'baseline', 'mlflow.note.content': 'better' });
    // MLflow ends a run by writing a new meta.yaml and renaming it over the old one.
    const meta = fs.readFileSync(path.join(run, 'meta.yaml'), 'utf8').replace('status: 1', 'status: 5').replace('end_time: null', 'end_time: 1700000009999');
    fs.writeFileSync(path.join(run, 'meta.tmp'), meta);
    fs.renameSync(path.join(run, 'meta.tmp'), path.join(run, 'meta.yaml'));
    expect(kinds(store.read(run))).toEqual(['meta.yaml:header+status']);
    expect(store.status).toMatchObject({ status: 'KILLED', endTime: 1700000009999 });
    // Renaming the experiment changes the run's header, though its meta.yaml did not change.
    const experimentMeta = path.join(run, '..', 'meta.yaml');
    fs.writeFileSync(experimentMeta, fs.readFileSync(experimentMeta, 'utf8').replace('name: cnn', 'name: cnn-v2'));
    expect(kinds(store.read(run))).toEqual(['meta.yaml:header+status']);
    expect(store.header!.experiment).toBe('cnn-v2');
    expect(store.read(run)).toEqual([]);
  });

  it('names a 1.x run by its mlflow.runName tag, and falls back to the experiment id', () => {
    const run = makeRun({ meta: { run_name: "''", name: "''" }, tags: { 'mlflow.runName': 'from-tag' } });
    fs.rmSync(path.join(run, '..', 'meta.yaml'));
    fs.writeFileSync(path.join(run, '..', 'meta.yaml'), 'lifecycle_stage: active\n');
    const store = new MemoryStore();
    store.read(run);
    expect(store.header).toMatchObject({ name: 'from-tag', experiment: '1' });
  });

  it('flags deleted runs: lifecycle_stage deleted, or in a deleted experiment in .trash', () => {
    const deleted = new MemoryStore();
    deleted.read(makeRun({ meta: { lifecycle_stage: 'deleted', deleted_time: '1700000100000' } }));
    expect(deleted.header!.deleted).toBe(true);
    const trashed = makeRun({}, path.join(tempDir(), 'mlruns', '.trash'));
    const inTrash = new MemoryStore();
    inTrash.read(trashed);
    expect(inTrash.header).toMatchObject({ deleted: true, experiment: 'cnn' });
    expect(mlflowFileStoreFormat.isRunFolder(trashed, new Set(fs.readdirSync(trashed)))).toBe(true);
  });

  it('reads dataset inputs with their context', () => {
    const run = makeRun();
    const datasetId = 'd41d8cd98f00b204e9800998ecf8427e';
    writeFiles(path.join(run, '..', 'datasets', datasetId), {
      'meta.yaml': "digest: 2a1e3f4b\nname: wine-quality\nprofile: '{\"num_rows\": 4898}'\nschema: '{}'\nsource: '{\"url\": \"https://example.com/wine.csv\"}'\nsource_type: http\n",
    });
    writeFiles(path.join(run, 'inputs', 'b5f1'), {
      'meta.yaml': `destination_id: ${datasetId}\ndestination_type: RUN\nsource_id: ${datasetId}\nsource_type: DATASET\ntags:\n  mlflow.data.context: train\n`,
    });
    writeFiles(path.join(run, 'inputs', 'c6a2'), { 'meta.yaml': 'source_id: missing0000\nsource_type: DATASET\ntags: {}\n' });
    const store = new MemoryStore();
    store.read(run);
    expect(store.datasets).toEqual([{ kind: 'dataset', name: 'wine-quality', digest: '2a1e3f4b', sourceType: 'http', context: 'train' }]);
    expect(store.allWarnings()).toEqual(["inputs: inputs/c6a2/meta.yaml: its dataset missing0000 is not in the experiment's datasets folder x1"]);
    expect(store.read(run)).toEqual([]);
  });
});

describe('MLflow file store: artifacts', () => {
  it('lists artifacts with sizes when artifact_uri is the run folder, bounded and without leaving it', () => {
    const run = makeRun();
    writeFiles(path.join(run, 'artifacts'), { 'model/MLmodel': 'flavors: {}\n', 'model/model.pkl': 'x'.repeat(1234), 'plots/roc.png': 'png' });
    fs.symlinkSync(path.join(run, 'artifacts'), path.join(run, 'artifacts', 'model', 'loop'));
    fs.symlinkSync('/etc', path.join(run, 'artifacts', 'etc'));
    fs.symlinkSync(path.join(run, 'params', 'lr'), path.join(run, 'artifacts', 'lr-link'));
    const store = new MemoryStore();
    store.read(run);
    expect(Object.fromEntries(store.artifacts)).toEqual({
      'artifacts/lr-link': 3, 'artifacts/model/MLmodel': 12, 'artifacts/model/model.pkl': 1234, 'artifacts/plots/roc.png': 3,
    });
    expect(store.allWarnings()).toEqual(['artifacts: artifacts/etc: symbolic link out of the run folder, skipped x1']);
    writeFiles(path.join(run, 'artifacts'), { 'plots/pr.png': 'pr' });
    expect(kinds(store.read(run))).toEqual([`artifacts:${'artifact+'.repeat(5)}warning`]);
  });

  it('stops at 1000 entries and 5 levels', () => {
    const run = makeRun();
    const files: Record<string, string> = { 'a/b/c/d/e/f/deep.txt': 'deep' };
    for (let i = 0; i < 1100; i++) files[`many/f${String(i).padStart(4, '0')}`] = '';
    writeFiles(path.join(run, 'artifacts'), files);
    const store = new MemoryStore();
    store.read(run);
    expect(store.artifacts.size).toBeLessThan(1000);
    expect(store.allWarnings()).toEqual([
      'artifacts: artifacts/a/b/c/d/e: deeper than 5 levels, not listed x1',
      'artifacts: more than 1000 entries: the rest were not listed x1',
    ]);
  });

  it('reads artifacts of a store written on Windows or WSL, and none behind a remote URI', () => {
    // A copy of a store whose original is still on this disk: its artifact_uri names the original.
    const original = makeRun();
    for (const uri of [
      `file:///E:/Project%20X/mlruns/1/${runId}/artifacts`, `C:\\\\mlruns\\\\1\\\\${runId}\\\\artifacts`,
      `file:///mnt/c/Users/a/mlruns/1/${runId}/artifacts`, `file://${original}/artifacts`,
    ]) {
      const run = makeRun({ meta: { artifact_uri: `'${uri}'` } });
      writeFiles(path.join(run, 'artifacts'), { 'model.onnx': 'onnx' });
      const store = new MemoryStore();
      store.read(run);
      expect(Object.fromEntries(store.artifacts)).toEqual({ 'artifacts/model.onnx': 4 });
    }
    for (const uri of [`mlflow-artifacts:/1/${runId}/artifacts`, `s3://bucket/1/${runId}/artifacts`, 'file:///E:/elsewhere/artifacts']) {
      const run = makeRun({ meta: { artifact_uri: `'${uri}'` } });
      writeFiles(path.join(run, 'artifacts'), { 'model.onnx': 'onnx' });
      const store = new MemoryStore();
      store.read(run);
      expect(store.artifacts.size).toBe(0);
      expect(store.allWarnings()).toEqual([]);
    }
  });
});

/** Deterministic bytes (mulberry32), so a failing case can be replayed. */
function randomBytes(seed: number, length: number): Buffer {
  let a = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

describe('MLflow file store: broken files', () => {
  it('warns about a truncated meta.yaml and still reads the rest of the run', () => {
    const run = makeRun({ meta: { artifact_uri: "'file:///tmp/it''s/artifacts'" } });
    const meta = fs.readFileSync(path.join(run, 'meta.yaml'), 'utf8');
    fs.writeFileSync(path.join(run, 'meta.yaml'), meta.slice(0, meta.indexOf("it''s") + 2));
    const store = new MemoryStore();
    store.read(run);
    expect(store.header).toMatchObject({ sourceRunId: runId, name: 'baseline', experiment: 'cnn', startTime: null });
    expect(store.status).toBeNull();
    expect(store.allWarnings()).toEqual([expect.stringMatching(/^meta\.yaml: meta\.yaml is not valid YAML/)]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    // Fixed: read again from the start, and the warning is gone.
    fs.writeFileSync(path.join(run, 'meta.yaml'), meta);
    store.read(run);
    expect(store.allWarnings()).toEqual([]);
    expect(store.status).toMatchObject({ status: 'RUNNING' });
  });

  it('never throws on random bytes in meta.yaml', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const run = makeRun();
      fs.writeFileSync(path.join(run, 'meta.yaml'), randomBytes(seed, 1 + ((seed * 37) % 600)));
      const store = new MemoryStore();
      store.read(run);
      expect(store.header!.sourceRunId).toBe(runId);
      expect(store.allWarnings().length).toBeGreaterThan(0);
    }
  });

  it('ignores fields it does not know, and warns about an unknown status or a wrong experiment id', () => {
    const run = makeRun({
      meta: { status: '3', end_time: '1700000005000', future: '{nested: [1, 2, {deep: true}]}', tags: '[]', list_field: '[a, b]', experiment_id: "'7'" },
    });
    const store = new MemoryStore();
    store.read(run);
    expect(store.status).toMatchObject({ status: 'FINISHED', endTime: 1700000005000 });
    expect(store.allWarnings()).toEqual(["meta.yaml: meta.yaml: experiment_id 7 is not its folder's 1 (MLflow ignores such a run) x1"]);
    const odd = makeRun({ meta: { status: '9' } });
    const oddStore = new MemoryStore();
    oddStore.read(odd);
    expect(oddStore.status).toBeNull();
    expect(oddStore.allWarnings()).toEqual(['meta.yaml: meta.yaml: unknown status 9 x1']);
  });

  it('ignores the files Finder leaves, and refuses a meta.yaml too large to be one', () => {
    const run = makeRun();
    const clutter = randomBytes(7, 300);
    for (const file of ['metrics/.DS_Store', 'metrics/train/.DS_Store', 'tags/.DS_Store', 'params/._lr']) fs.writeFileSync(path.join(run, file), clutter);
    // 100,000 nested brackets: megabytes of these take the YAML parser seconds.
    fs.writeFileSync(path.join(run, 'meta.yaml'), `a: ${'['.repeat(100_000)}`);
    const store = new MemoryStore();
    store.read(run);
    // Past its 64 KiB cap a meta.yaml is not parsed at all: the brackets never reach the parser.
    expect(store.allWarnings().join('\n')).toMatch(/meta\.yaml.*larger than/);
    expect([...store.metrics.keys()].sort()).toEqual(['loss', 'train/acc']);
    expect(store.params).toEqual({ lr: '0.1' });
    expect(store.tags).toEqual({ 'mlflow.runName': 'baseline' });
    expect(store.allWarnings()).toEqual(['meta.yaml: meta.yaml is larger than 65536 bytes (not a meta.yaml) x1']);
  });

  it('skips and counts metric lines that are not numbers, naming the line; reads two-field (pre-1.0) lines, nan/inf and CRLF', () => {
    const run = makeRun({
      metrics: {
        loss: '1700000000001 1.5 0\nfoo bar baz\n1700000000002 nan 1\n1700000000003 inf 2\n\n1700000000004 -inf 3\n1 2 3 4\n1700000000005 0x10 4\n1700000000006 2.5\n'
          + '1700000000007 1e-05 7 wine-quality 2a1e3f4b\r\n',
      },
    });
    const store = new MemoryStore();
    store.read(run);
    expect(store.metrics.get('loss')).toEqual({
      steps: [0, 1, 2, 3, 0, 7],
      timestamps: [1700000000001, 1700000000002, 1700000000003, 1700000000004, 1700000000006, 1700000000007],
      values: [1.5, NaN, Infinity, -Infinity, 2.5, 1e-5],
    });
    expect(store.allWarnings()).toEqual([
      'loss: metrics/loss: malformed lines skipped [line 2: not a number: timestamp, value, step ("foo bar baz"); line 7: 4 fields; expected "timestamp value step"; line 8: not a number: value ("1700000000005 0x10 4")] x3',
    ]);
  });

  it('never throws on random bytes in a metric file, and keeps the valid lines around them', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const run = makeRun({ metrics: {} });
      const file = path.join(run, 'metrics', 'noisy');
      fs.writeFileSync(file, Buffer.concat([Buffer.from('1700000000001 1.0 0\n'), randomBytes(seed, 5000), Buffer.from('\n1700000000002 2.0 1\n')]));
      const store = new MemoryStore();
      store.read(run);
      const values = store.values('noisy')!;
      expect(values[0]).toBe(1);
      expect(values[values.length - 1]).toBe(2);
    }
  });

  it('recovers a line behind the NUL bytes a crash leaves', () => {
    const run = makeRun({ metrics: {} });
    fs.writeFileSync(path.join(run, 'metrics', 'loss'), Buffer.concat([Buffer.from('1700000000001 1.0 0\n'), Buffer.alloc(4096), Buffer.from('1700000000002 2.0 1\n')]));
    const store = new MemoryStore();
    store.read(run);
    expect(store.values('loss')).toEqual([1, 2]);
    expect(store.allWarnings()).toEqual(['loss: metrics/loss: NUL bytes before a line (left by a crash while writing?) were dropped x1']);
  });

  it('streams past a 2 GB sparse metric file in bounded memory, with a warning', () => {
    const run = makeRun({ metrics: {} });
    const file = path.join(run, 'metrics', 'huge');
    fs.writeFileSync(file, '1700000000001 1.0 0\n1700000000002 2.0 1\n1700000000003 3.0 2\n');
    fs.truncateSync(file, 2 ** 31);
    const store = new MemoryStore();
    const before = process.memoryUsage().rss;
    store.read(run);
    expect(store.values('huge')).toEqual([1, 2, 3]);
    expect(store.allWarnings()).toEqual([
      'huge: metrics/huge: malformed lines skipped [line 4: 1 line(s) longer than 16 MB without a line break (binary data or NUL bytes)] x1',
    ]);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(store.cursors.get(file)!.byteOffset).toBe(2 ** 31);
    // Once past it, the next read does not look at it again.
    expect(store.read(run)).toEqual([]);
    fs.rmSync(file);
  }, 120_000);

  it('ends a symlink loop in artifacts', () => {
    const run = makeRun();
    fs.mkdirSync(path.join(run, 'artifacts', 'a'));
    fs.symlinkSync('..', path.join(run, 'artifacts', 'a', 'up'));
    fs.symlinkSync('self', path.join(run, 'artifacts', 'self'));
    writeFiles(path.join(run, 'artifacts'), { 'a/x.txt': 'x' });
    const store = new MemoryStore();
    store.read(run);
    expect(Object.fromEntries(store.artifacts)).toEqual({ 'artifacts/a/x.txt': 1 });
    expect(store.allWarnings()).toEqual(['artifacts: artifacts/self: symbolic link loop, skipped x1']);
  });

  it('skips a file deleted between listing and reading', () => {
    const run = makeRun({ params: { lr: '0.1', momentum: '0.9' } });
    const store = new MemoryStore();
    // cursorFor is asked after a folder is listed and before its files are read.
    store.onCursor = (file) => {
      if (file === path.join(run, 'metrics', 'loss')) fs.rmSync(file);
      if (file === path.join(run, 'params')) fs.rmSync(path.join(run, 'params', 'momentum'));
    };
    store.read(run);
    expect(store.params).toEqual({ lr: '0.1' });
    expect([...store.metrics.keys()]).toEqual(['train/acc']);
    expect(store.allWarnings()).toEqual([]);
  });

  it('lets ENOENT of the run folder itself through (the run was deleted)', () => {
    const run = makeRun();
    fs.rmSync(run, { recursive: true });
    expect(() => new MemoryStore().read(run)).toThrow(/ENOENT/);
  });
});
