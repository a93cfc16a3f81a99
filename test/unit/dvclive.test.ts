// DVCLive reader on the real fixtures (test/fixtures/real/dvclive, copied
// unchanged from ../shared/fixtures/real, see SOURCES.md there), on files
// that grow and restart, and on the benchmark generator's output.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dvcliveFormat } from '../../electron/backend/sources/dvclive/format';
import type { CursorLookup, FileBatch, FileCursor, RunRecord } from '../../electron/backend/sources/records';
import { dvcliveMetricKeys, dvcliveMetricValue, dvcliveTimestamp, generateDvcliveRuns } from '../../bench/generate/dvclive';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

const fixtures = path.resolve(__dirname, '../fixtures/real/dvclive');

type Series = { steps: number[]; timestamps: number[]; values: number[] };

/** Applies batches the way ingest does (voids first, then appends; cursors kept), in memory. */
class MemoryRun implements CursorLookup {
  cursors = new Map<string, FileCursor>();
  series = new Map<string, Series>();
  params: Record<string, string> = {};
  tags: Record<string, string> = {};
  headers: Extract<RunRecord, { kind: 'header' }>[] = [];
  artifacts = new Map<string, number>();
  warnings: { file: string; message: string; count: number; detail?: string }[] = [];

  constructor(readonly folder: string) {}

  cursorFor(file: string): FileCursor | null {
    return this.cursors.get(file) ?? null;
  }

  /** One readRun, applying each batch as it comes; returns the batches. */
  read(): FileBatch[] {
    const batches: FileBatch[] = [];
    for (const batch of dvcliveFormat.readRun(this.folder, this)) {
      batches.push(batch);
      if (batch.fromStart) this.warnings = this.warnings.filter((w) => w.file !== batch.file);
      for (const record of batch.records) this.apply(batch.file, record);
      this.cursors.set(batch.file, batch.cursor);
    }
    return batches;
  }

  private apply(file: string, record: RunRecord): void {
    switch (record.kind) {
      case 'voidMetrics':
        if (record.keys === 'all') this.series.clear();
        else for (const key of record.keys) this.series.delete(key);
        break;
      case 'metrics':
        for (const [key, s] of record.points) {
          const into = this.series.get(key) ?? { steps: [], timestamps: [], values: [] };
          into.steps.push(...s.steps);
          into.timestamps.push(...s.timestamps);
          into.values.push(...s.values);
          this.series.set(key, into);
        }
        break;
      case 'params':
        Object.assign(this.params, record.values);
        break;
      case 'tags':
        Object.assign(this.tags, record.values);
        break;
      case 'header':
        this.headers.push(record);
        break;
      case 'artifact':
        this.artifacts.set(record.path, record.size);
        break;
      case 'warning':
        this.warnings.push({ file, message: record.message, count: record.count, detail: record.detail });
        break;
      default:
        break;
    }
  }

  last(key: string): { step: number; value: number } {
    const s = this.series.get(key)!;
    return { step: s.steps.at(-1)!, value: s.values.at(-1)! };
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.series].map(([key, s]) => [key, s.steps.length]));
  }
}

function names(folder: string): Set<string> {
  return new Set(fs.readdirSync(folder));
}

function allRecords(batches: FileBatch[]): RunRecord[] {
  return batches.flatMap((b) => b.records);
}

function pointsIn(batches: FileBatch[]): number {
  let n = 0;
  for (const r of allRecords(batches)) if (r.kind === 'metrics') for (const s of r.points.values()) n += s.steps.length;
  return n;
}

/** Copies a fixture's run folder (and the project's dvc.yaml) into a temp project. */
function copyFixture(name: string): string {
  const project = path.join(tempDir('runlens-dvclive-'), name);
  fs.cpSync(path.join(fixtures, name), project, { recursive: true });
  return path.join(project, 'dvclive');
}

// Point counts are `wc -l` of each TSV minus its header line; last values and
// steps are the TSV's last row (`tail -1`).
const expected: Record<string, { counts: Record<string, number>; last: Record<string, [number, number]> }> = {
  'fastai-duplicated-dvcyaml': {
    counts: { accuracy: 3, error_rate: 3, 'eval/loss': 3, 'train/loss': 3 },
    last: { accuracy: [2, 0.9285714030265808], 'train/loss': [2, 0.8826702237129211], 'eval/loss': [2, 0.24353300034999847] },
  },
  'hf-transformers-nested': {
    counts: {
      epoch: 215, 'eval/loss': 107, 'eval/runtime': 107, 'eval/samples_per_second': 107, 'eval/steps_per_second': 107,
      learning_rate: 107, loss: 107, 'train/loss': 1, 'train/runtime': 1, 'train/samples_per_second': 1, 'train/steps_per_second': 1,
    },
    last: { epoch: [214, 5], 'eval/loss': [213, 0.7261927127838135], loss: [212, 0.5471], 'train/runtime': [214, 13147.1757] },
  },
  'keras-dvclive1': {
    counts: { 'eval/acc': 10, 'eval/loss': 10, 'train/acc': 10, 'train/loss': 10 },
    last: { 'eval/acc': [9, 0.9884999990463257], 'train/loss': [9, 0.03015276975929737] },
  },
  'lightning-hydra': {
    counts: { epoch: 20, 'train/acc': 10, 'train/loss': 10, 'val/acc': 10, 'val/acc_best': 10, 'val/loss': 10 },
    last: { epoch: [4299, 9], 'val/acc': [4299, 0.9778000116348267], 'train/loss': [4299, 0.02159125544130802] },
  },
};

describe('DVCLive reader on the real fixtures', () => {
  for (const [fixture, want] of Object.entries(expected)) {
    it(`${fixture}: every TSV row is a point, keyed by its path; the last values match`, () => {
      const run = new MemoryRun(path.join(fixtures, fixture, 'dvclive'));
      run.read();
      expect(run.counts()).toEqual(want.counts);
      for (const [key, [step, value]] of Object.entries(want.last)) expect(run.last(key)).toEqual({ step, value });
      // DVCLive wrote no timestamps here (only `log_metric(..., timestamp=True)` does).
      for (const s of run.series.values()) expect(s.timestamps.every(Number.isNaN)).toBe(true);
      expect(run.warnings).toEqual([]);
    });

    it(`${fixture}: detected as a run folder; its project folder and plots/metrics are not`, () => {
      const folder = path.join(fixtures, fixture, 'dvclive');
      expect(dvcliveFormat.isRunFolder(folder, names(folder))).toBe(true);
      expect(dvcliveFormat.isRunFolder(path.dirname(folder), names(path.dirname(folder)))).toBe(false);
      const metrics = path.join(folder, 'plots', 'metrics');
      expect(dvcliveFormat.isRunFolder(metrics, names(metrics))).toBe(false);
    });

    it(`${fixture}: a header without name or experiment, started at the earliest summary or params file time; a second read yields nothing`, () => {
      const folder = path.join(fixtures, fixture, 'dvclive');
      const run = new MemoryRun(folder);
      run.read();
      const times = ['metrics.json', 'params.yaml'].filter((f) => fs.existsSync(path.join(folder, f))).map((f) => fs.statSync(path.join(folder, f)).mtimeMs);
      expect(run.headers).toEqual([{ kind: 'header', sourceRunId: null, name: null, experiment: null, startTime: Math.round(Math.min(...times)), heartbeatIntervalMs: null }]);
      expect(run.read()).toEqual([]);
    });
  }

  it('hf-transformers-nested: 111 params plus fsdp_config flattened with dots, source text kept (1e-08, null)', () => {
    const run = new MemoryRun(path.join(fixtures, 'hf-transformers-nested', 'dvclive'));
    run.read();
    expect(Object.keys(run.params)).toHaveLength(113);
    expect(run.params).toMatchObject({
      adam_epsilon: '1e-08', learning_rate: '0.0002', max_grad_norm: '1.0', per_gpu_train_batch_size: 'null',
      do_eval: 'true', output_dir: 'dvclive/artifacts', 'fsdp_config.min_num_params': '0', 'fsdp_config.xla': 'false',
    });
    expect(run.params.fsdp_config).toBeUndefined();
  });

  it('lightning-hydra: nested keys dotted, `/` in keys kept, lists as JSON, Hydra interpolations as written', () => {
    const run = new MemoryRun(path.join(fixtures, 'lightning-hydra', 'dvclive'));
    run.read();
    expect(run.params).toMatchObject({
      'model.optimizer.lr': '0.001', 'model.optimizer.weight_decay': '0.0', 'model/params/total': '67978',
      'data.train_val_test_split': '[55000,5000,10000]', 'data.data_dir': '${paths.data_dir}',
      'callbacks.model_checkpoint.every_n_train_steps': 'null', 'model.compile': 'false',
    });
  });

  it('fastai-duplicated-dvcyaml: params as written; the four-times-duplicated dvc.yaml changes nothing', () => {
    const run = new MemoryRun(path.join(fixtures, 'fastai-duplicated-dvcyaml', 'dvclive'));
    run.read();
    expect(run.params).toEqual({
      model: 'Sequential', batch_size: '8', batch_per_epoch: '5', frozen: 'false', frozen_idx: '0',
      transforms: "[Pipeline: PILBase.create, Pipeline: parent_label -> Categorize -- {'vocab': None, 'sort': True, 'add_na': False}]",
    });
  });

  it('keras-dvclive1 (DVCLive 1.x): full-path value column read; no params (they are the project root params.yaml, not read)', () => {
    const run = new MemoryRun(path.join(fixtures, 'keras-dvclive1', 'dvclive'));
    run.read();
    expect(run.params).toEqual({});
  });

  it('tags the layout: dvc.yaml inside the folder (2.x) or the project root dvc.yaml (3.x), with the pipeline stage', () => {
    const tagsOf = (fixture: string) => {
      const run = new MemoryRun(path.join(fixtures, fixture, 'dvclive'));
      run.read();
      return run.tags;
    };
    expect(tagsOf('hf-transformers-nested')).toEqual({ 'dvclive.dvcyaml': 'dvc.yaml' });
    expect(tagsOf('fastai-duplicated-dvcyaml')).toEqual({ 'dvclive.dvcyaml': 'dvc.yaml' });
    expect(tagsOf('lightning-hydra')).toEqual({ 'dvclive.dvcyaml': '../dvc.yaml' });
    expect(tagsOf('keras-dvclive1')).toEqual({ 'dvclive.dvcyaml': '../dvc.yaml', 'dvclive.stage': 'train' });
  });

  it('lightning-hydra: repeated steps are separate points', () => {
    const run = new MemoryRun(path.join(fixtures, 'lightning-hydra', 'dvclive'));
    run.read();
    expect(run.series.get('epoch')!.steps.slice(0, 4)).toEqual([429, 429, 859, 859]);
  });
});

describe('DVCLive metrics.json', () => {
  it('accepts bare Infinity, -Infinity and NaN, and "inf"/"nan" strings; metrics without a TSV get one point at its step', () => {
    const folder = copyFixture('fastai-duplicated-dvcyaml');
    fs.writeFileSync(
      path.join(folder, 'metrics.json'),
      '{\n "train": {"loss": 0.88}, "eval": {"loss": 0.24, "auc": Infinity, "nll": NaN},\n "best": -Infinity, "drift": "inf", "note": "Infinity is a word",\n "accuracy": 0.93, "step": 2\n}\n',
    );
    const run = new MemoryRun(folder);
    run.read();
    const mtime = Math.round(fs.statSync(path.join(folder, 'metrics.json')).mtimeMs);
    expect(run.series.get('eval/auc')).toEqual({ steps: [2], timestamps: [mtime], values: [Infinity] });
    expect(run.series.get('eval/nll')!.values).toEqual([NaN]);
    expect(run.series.get('best')!.values).toEqual([-Infinity]);
    expect(run.series.get('drift')!.values).toEqual([Infinity]);
    expect(run.series.has('note')).toBe(false);
    // Keys with a TSV keep their history only.
    expect(run.series.get('accuracy')!.values).toEqual([0.5714285969734192, 0.8571428656578064, 0.9285714030265808]);
    expect(run.series.get('train/loss')!.steps).toEqual([0, 1, 2]);
    expect(run.warnings).toEqual([]);
  });

  it('keeps one point per summary-only metric as metrics.json is rewritten; voids it once the metric gets a TSV', () => {
    const folder = copyFixture('fastai-duplicated-dvcyaml');
    const summary = path.join(folder, 'metrics.json');
    fs.writeFileSync(summary, '{"accuracy": 0.93, "test": {"f1": 0.5}, "step": 2}');
    const run = new MemoryRun(folder);
    run.read();
    expect(run.series.get('test/f1')).toMatchObject({ steps: [2], values: [0.5] });
    fs.writeFileSync(summary, '{"accuracy": 0.93, "test": {"f1": 0.75}, "step": 3}');
    run.read();
    expect(run.series.get('test/f1')).toMatchObject({ steps: [3], values: [0.75] });
    fs.mkdirSync(path.join(folder, 'plots/metrics/test'));
    fs.writeFileSync(path.join(folder, 'plots/metrics/test/f1.tsv'), 'step\tf1\n0\t0.25\n1\t0.5\n');
    const batches = run.read();
    expect(run.series.get('test/f1')).toMatchObject({ steps: [0, 1], values: [0.25, 0.5] });
    // The summary's void comes before the new TSV's points.
    const order = batches.flatMap((b) => b.records.filter((r) => r.kind === 'voidMetrics' || r.kind === 'metrics').map((r) => r.kind));
    expect(order[0]).toBe('voidMetrics');
  });

  it('warns about a metrics.json that is not JSON, and forgets the warning once it is', () => {
    const folder = copyFixture('fastai-duplicated-dvcyaml');
    const summary = path.join(folder, 'metrics.json');
    fs.writeFileSync(summary, '{"accuracy": 0.9, "test": {"f1": 0.5}, "step": 2}');
    const run = new MemoryRun(folder);
    run.read();
    fs.writeFileSync(summary, '{"accuracy": 0.9, "te');
    run.read();
    expect(run.warnings).toMatchObject([{ file: summary, message: expect.stringMatching(/^metrics\.json: not valid JSON/) }]);
    expect(run.series.get('test/f1')!.values).toEqual([0.5]);
    fs.writeFileSync(summary, '{"accuracy": 0.9, "test": {"f1": 0.6}, "step": 3}');
    run.read();
    expect(run.warnings).toEqual([]);
    expect(run.series.get('test/f1')!.values).toEqual([0.6]);
  });
});

/** A fresh DVCLive folder with one metric history. */
function newRun(tsv: string, key = 'train/loss'): { folder: string; file: string } {
  const folder = path.join(tempDir('runlens-dvclive-'), 'dvclive');
  const file = path.join(folder, 'plots', 'metrics', `${key}.tsv`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, tsv);
  fs.writeFileSync(path.join(folder, 'metrics.json'), '{"step": 0}');
  return { folder, file };
}

describe('DVCLive metric histories, incrementally', () => {
  it('reads only the appended row on the next read', () => {
    const { folder, file } = newRun('timestamp\tstep\tloss\n1000\t0\t1.5\n2000\t1\t1.25\n');
    const run = new MemoryRun(folder);
    expect(pointsIn(run.read())).toBe(2);
    fs.appendFileSync(file, '3000\t2\t1.0\n');
    const batches = run.read();
    expect(batches.map((b) => b.file)).toEqual([file]);
    expect(allRecords(batches)).toEqual([
      { kind: 'metrics', points: new Map([['train/loss', { steps: [2], timestamps: [3000], values: [1] }]]) },
    ]);
    expect(run.series.get('train/loss')!.steps).toEqual([0, 1, 2]);
  });

  it('voids only its own key when a TSV is truncated or replaced, then reads it again', () => {
    const { folder, file } = newRun('step\tloss\n0\t1.5\n1\t1.25\n');
    const other = path.join(folder, 'plots/metrics/acc.tsv');
    fs.writeFileSync(other, 'step\tacc\n0\t0.5\n');
    const run = new MemoryRun(folder);
    run.read();
    fs.writeFileSync(file, 'step\tloss\n0\t9\n');
    const records = allRecords(run.read());
    expect(records[0]).toEqual({ kind: 'voidMetrics', keys: ['train/loss'] });
    expect(run.counts()).toEqual({ 'train/loss': 1, acc: 1 });
    expect(run.last('train/loss')).toEqual({ step: 0, value: 9 });
    // Replaced by a new file (DVCLive's `Live(resume=False)` deletes and rewrites).
    fs.rmSync(file);
    fs.writeFileSync(file, 'step\tloss\n0\t7\n1\t6\n');
    expect(allRecords(run.read())[0]).toEqual({ kind: 'voidMetrics', keys: ['train/loss'] });
    expect(run.counts()).toEqual({ 'train/loss': 2, acc: 1 });
  });

  it('starts over when a TSV is rewritten in place with longer content (same inode, size past the cursor)', () => {
    const { folder, file } = newRun('step\tloss\n0\t1\n');
    const run = new MemoryRun(folder);
    run.read();
    const inode = fs.statSync(file).ino;
    fs.writeFileSync(file, 'step\tloss\n0\t7\n1\t6\n2\t5\n');
    expect(fs.statSync(file).ino).toBe(inode);
    expect(allRecords(run.read())[0]).toEqual({ kind: 'voidMetrics', keys: ['train/loss'] });
    expect(run.series.get('train/loss')).toMatchObject({ steps: [0, 1, 2], values: [7, 6, 5] });
  });

  it('leaves a torn last row for the next read', () => {
    const { folder, file } = newRun('step\tloss\n0\t1.5\n1\t1.2');
    const run = new MemoryRun(folder);
    run.read();
    expect(run.series.get('train/loss')!.steps).toEqual([0]);
    expect(run.read()).toEqual([]);
    fs.appendFileSync(file, '5\n2\t1.1\n');
    run.read();
    expect(run.series.get('train/loss')).toMatchObject({ steps: [0, 1, 2], values: [1.5, 1.25, 1.1] });
    expect(run.warnings).toEqual([]);
  });

  it('waits for a torn header line', () => {
    const { folder, file } = newRun('timestamp\tst');
    const run = new MemoryRun(folder);
    run.read();
    fs.appendFileSync(file, 'ep\tloss\n7\t0\t0.5\n');
    run.read();
    expect(run.series.get('train/loss')).toEqual({ steps: [0], timestamps: [7], values: [0.5] });
  });

  it('reads CRLF lines, numbers as Python writes them, NaN timestamps when there is no timestamp column', () => {
    const { folder } = newRun('step\tloss\r\n0\tinf\r\n1\t-inf\r\n2\tnan\r\n3\tInfinity\r\n4\tNaN\r\n5\t1e-08\r\n6\t-0.5\r\n');
    const run = new MemoryRun(folder);
    run.read();
    expect(run.series.get('train/loss')).toEqual({
      steps: [0, 1, 2, 3, 4, 5, 6],
      timestamps: Array(7).fill(NaN),
      values: [Infinity, -Infinity, NaN, Infinity, NaN, 1e-8, -0.5],
    });
    expect(run.warnings).toEqual([]);
  });

  it('takes the run start from the smallest timestamp of all histories', () => {
    const { folder } = newRun('timestamp\tstep\tloss\n5000\t0\t1\n6000\t1\t1\n');
    fs.writeFileSync(path.join(folder, 'plots/metrics/acc.tsv'), 'timestamp\tstep\tacc\n4000\t0\t0.1\n');
    const run = new MemoryRun(folder);
    run.read();
    expect(run.headers.at(-1)!.startTime).toBe(4000);
  });

  it('reads rows logged with and without timestamp=True under one header (DVCLive writes each row with its own columns)', () => {
    const { folder } = newRun('timestamp\tstep\tloss\n1000\t0\t1.5\n1\t1.25\n3000\t2\t1.0\n');
    const run = new MemoryRun(folder);
    run.read();
    expect(run.series.get('train/loss')).toEqual({ steps: [0, 1, 2], timestamps: [1000, NaN, 3000], values: [1.5, 1.25, 1] });
  });

  it('skips a repeated header line (a history appended to after a copy) silently', () => {
    const { folder } = newRun('step\tloss\n0\t1\nstep\tloss\n1\t2\n');
    const run = new MemoryRun(folder);
    run.read();
    expect(run.series.get('train/loss')!.steps).toEqual([0, 1]);
    expect(run.warnings).toEqual([]);
  });

  it('voids the series of a TSV that vanished', () => {
    const { folder } = newRun('step\tloss\n0\t1\n');
    const acc = path.join(folder, 'plots/metrics/acc.tsv');
    fs.writeFileSync(acc, 'step\tacc\n0\t0.1\n');
    const run = new MemoryRun(folder);
    run.read();
    fs.rmSync(acc);
    run.read();
    expect(run.counts()).toEqual({ 'train/loss': 1 });
  });

  it('lists plots/sklearn and plots/custom JSON files as artifacts, again when they change', () => {
    const { folder } = newRun('step\tloss\n0\t1\n');
    fs.mkdirSync(path.join(folder, 'plots/sklearn'), { recursive: true });
    const roc = '{"roc": [{"fpr": 0, "tpr": 0, "threshold": Infinity}]}';
    const confusion = '[{"actual": "0", "predicted": "1"}]';
    fs.writeFileSync(path.join(folder, 'plots/sklearn/roc.json'), roc);
    fs.writeFileSync(path.join(folder, 'plots/sklearn/confusion_matrix.json'), confusion);
    fs.mkdirSync(path.join(folder, 'plots/custom'));
    fs.writeFileSync(path.join(folder, 'plots/custom/importance.json'), '[]');
    const run = new MemoryRun(folder);
    run.read();
    expect(Object.fromEntries(run.artifacts)).toEqual({
      'plots/custom/importance.json': 2,
      'plots/sklearn/confusion_matrix.json': confusion.length,
      'plots/sklearn/roc.json': roc.length,
    });
    expect(run.read()).toEqual([]);
    fs.writeFileSync(path.join(folder, 'plots/sklearn/roc.json'), '{"roc": []}');
    run.read();
    expect(run.artifacts.get('plots/sklearn/roc.json')).toBe(11);
  });
});

describe('DVCLive detection', () => {
  function folderWith(files: Record<string, string>, name = 'dvclive'): string {
    const folder = path.join(tempDir('runlens-dvclive-'), name);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), text);
    }
    return folder;
  }
  const detect = (folder: string) => dvcliveFormat.isRunFolder(folder, names(folder));

  it('claims a custom-named folder with metric histories, and the default folder with only metrics.json', () => {
    expect(detect(folderWith({ 'plots/metrics/train/loss.tsv': 'step\tloss\n' }, 'eval_logs'))).toBe(true);
    expect(detect(folderWith({ 'metrics.json': '{}' }))).toBe(true);
  });

  it('does not claim a lone metrics.json elsewhere (a DVC pipeline output), nor a plots folder without histories', () => {
    expect(detect(folderWith({ 'metrics.json': '{}', 'params.yaml': 'a: 1', 'dvc.yaml': 'stages: {}' }, 'project'))).toBe(false);
    expect(detect(folderWith({ 'metrics.json': '{}', 'plots/metrics/confusion.json': '[]' }, 'evaluation'))).toBe(false);
  });

  it('does not claim MLflow, TensorBoard or native run folders', () => {
    expect(detect(folderWith({ 'meta.yaml': 'run_id: x', 'metrics.json': '{}' }))).toBe(false);
    expect(detect(folderWith({ 'events.out.tfevents.1.host': '', 'plots/metrics/a.tsv': 'step\ta\n' }))).toBe(false);
    expect(detect(folderWith({ 'run.json': '{"format": "runlens.run"}', 'metrics.json': '{}' }))).toBe(false);
  });
});

describe('DVCLive benchmark generator', () => {
  it('writes folders the reader reads back exactly: 2 runs x 3 metrics x 50 steps', () => {
    const dir = tempDir('runlens-dvclive-gen-');
    const opts = { runs: 2, metrics: 3, steps: 50 };
    expect(generateDvcliveRuns(dir, opts)).toEqual({ points: 300 });
    let points = 0;
    for (let r = 0; r < opts.runs; r++) {
      const folder = path.join(dir, `run-${r}`, 'dvclive');
      expect(dvcliveFormat.isRunFolder(folder, names(folder))).toBe(true);
      const run = new MemoryRun(folder);
      run.read();
      expect(run.warnings).toEqual([]);
      expect(Object.keys(run.counts()).sort()).toEqual([...dvcliveMetricKeys(3)].sort());
      dvcliveMetricKeys(3).forEach((key, k) => {
        const s = run.series.get(key)!;
        const steps = Array.from({ length: 50 }, (_, i) => i);
        expect(s.steps).toEqual(steps);
        expect(s.values).toEqual(steps.map((step) => dvcliveMetricValue(r, k, step, 50)));
        expect(s.timestamps).toEqual(steps.map((step) => dvcliveTimestamp(r, step)));
        points += s.steps.length;
      });
      expect(run.headers.at(-1)!.startTime).toBe(dvcliveTimestamp(r, 0));
      expect(run.params).toMatchObject({ seed: String(r), 'optimizer.name': 'adam', 'optimizer.betas': '[0.9,0.999]' });
      expect(run.tags).toEqual({ 'dvclive.dvcyaml': 'dvc.yaml' });
    }
    expect(points).toBe(300);
  });
});
