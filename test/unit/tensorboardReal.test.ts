// The TensorBoard reader on real event files (test/fixtures/real/tensorboard,
// copied unchanged from ../shared/fixtures/real; see SOURCES.md there).
//
// Where the expected values come from: an independent reader in Python 3.11
// using only `struct` (no TensorFlow, no protobuf package), run over every
// file. Its essence:
//
//   def varint(b, i): r = s = 0; loop: x = b[i]; i += 1; r |= (x & 0x7f) << s; s += 7; stop when x < 0x80
//   def fields(b): walk (key varint; wire 0 varint, 1 eight bytes, 2 varint length + bytes, 5 four bytes)
//   records: u64 length at i, check masked crc32c (bitwise loop, poly 0x82F63B78) of the length
//            and of the data, next record at i + 16 + length; the file must end exactly there
//   per Event: wall_time = field 1 (double), step = field 2; summary = field 5; per Summary.Value
//            (field 1): tag = 1, metadata = 9 -> plugin_data 1 -> plugin_name 1 (remembered per tag,
//            first sight), simple_value = 2 (float) counts as a point; tensor = 8 counts when the
//            tag's plugin is 'scalars', every dim is 1 and dtype is 1 (4 bytes of tensor_content);
//            hparams: plugin_data content field 3 -> map entries field 1 -> key 1, Value 2
//            (2 = double, 3 = string, 4 = bool).
//
// It printed, per run folder: count, first step, last step and last value per tag (the float32
// widened to a double, as Python's struct.unpack('<f') gives it), the first wall_time, and the
// records per file. Numbers below are copied from its output; values compare exactly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensorboardFormat } from '../../electron/backend/sources/tensorboard/format';
import type { FileBatch, RunRecord } from '../../electron/backend/sources/records';

const root = path.join(__dirname, '..', 'fixtures', 'real', 'tensorboard');
const none = { cursorFor: () => null };

interface Expected {
  folder: string;
  startTime: number;
  /** Records per event file, in name order. */
  records: number[];
  /** tag -> [count, first step, last step, last value] */
  tags: Record<string, [number, number, number, number]>;
  params: number;
}

const expected: Expected[] = [
  { folder: 'keras-tf2-hparams/archive/hparam_tuning', startTime: 1690483601000, records: [2], tags: {}, params: 0 },
  {
    folder: 'keras-tf2-hparams/archive/logs/imdb-model-1690485351/train', startTime: 1690485354000, records: [163],
    tags: { epoch_loss: [20, 0, 19, 0.019987531006336212], epoch_accuracy: [20, 0, 19, 0.9977333545684814] },
    params: 0,
  },
  {
    folder: 'keras-tf2-hparams/archive/logs/imdb-model-1690485351/validation', startTime: 1690485359000, records: [81],
    tags: {
      evaluation_loss_vs_iterations: [20, 30, 600, 0.518250048160553],
      evaluation_accuracy_vs_iterations: [20, 30, 600, 0.8694999814033508],
      epoch_loss: [20, 0, 19, 0.518250048160553],
      epoch_accuracy: [20, 0, 19, 0.8694999814033508],
    },
    params: 0,
  },
  {
    folder: 'keras-tf25-mlflow-autolog/mlruns/1/ed05f9cd599442fe9a0c9222184710b8/artifacts/tensorboard_logs/train',
    startTime: 1628697775000, records: [14, 1], tags: { epoch_loss: [10, 0, 9, 234.7978057861328] }, params: 0,
  },
  {
    folder: 'lightning-hparams-nbeats/lightning_logs/version_0', startTime: 1690255049323, records: [214],
    tags: {
      hp_metric: [1, 0, 0, -1],
      train_loss_epoch: [90, 0, 89, 4.178401947021484],
      epoch: [100, 0, 89, 89],
      valid_loss: [9, 9, 89, 4.56652307510376],
      'ptl/val_loss': [9, 9, 89, 4.56652307510376],
      train_loss_step: [1, 49, 49, 4.400626182556152],
    },
    params: 31,
  },
  { folder: 'lightning-hparams-nbeats/lightning_logs/version_1', startTime: 1690255144367, records: [5], tags: { hp_metric: [1, 0, 0, -1] }, params: 31 },
  {
    folder: 'lightning-hparams-nbeats/lightning_logs/version_2', startTime: 1690255630315, records: [107],
    tags: {
      hp_metric: [1, 0, 0, -1],
      train_loss_epoch: [50, 0, 49, 13.26934814453125],
      epoch: [51, 0, 49, 49],
      train_loss_step: [1, 49, 49, 13.26934814453125],
    },
    params: 31,
  },
  {
    folder: 'pytorch-summarywriter-unet/unet/runs/UNet_RSMprop_dice', startTime: 1737914276083, records: [182],
    tags: {
      'Training loss': [31, 0, 6900, 0.10585188865661621],
      'Test loss (avg on test)': [31, 230, 7130, 0.11785650998353958],
      'IoU (avg on test)': [31, 230, 7130, 0.7972796559333801],
      'L1 Distance (avg on test)': [31, 230, 7130, 0.07857101410627365],
      'Epoch time': [31, 0, 6900, 1.078393578529358],
    },
    params: 0,
  },
  {
    folder: 'pytorch-summarywriter-unet/unet/runs/UNet_lr2e_3', startTime: 1738168825073, records: [95],
    tags: {
      'Training loss': [17, 0, 1840, 0.14323833584785461],
      'Test loss (avg on test)': [17, 115, 1955, 0.2089116871356964],
      'IoU (avg on test)': [17, 115, 1955, 0.6680039763450623],
      'L1 Distance (avg on test)': [17, 115, 1955, 0.139274463057518],
      'Epoch time': [17, 0, 1840, 4.312899589538574],
    },
    params: 0,
  },
  {
    folder: 'pytorch-summarywriter-unet/unet/runs/UNet_wd_1e_4', startTime: 1738277380898, records: [274],
    tags: {
      'Training loss': [50, 0, 5635, 0.06668209284543991],
      'Test loss (avg on test)': [50, 115, 5750, 0.08633700013160706],
      'IoU (avg on test)': [50, 115, 5750, 0.8468478322029114],
      'L1 Distance (avg on test)': [50, 115, 5750, 0.05755799636244774],
      'Epoch time': [50, 0, 5635, 1.9081096649169922],
    },
    params: 0,
  },
];

function readAll(folder: string): { batches: FileBatch[]; records: RunRecord[] } {
  const batches = [...tensorboardFormat.readRun(folder, none)];
  return { batches, records: batches.flatMap((b) => b.records) };
}

function series(records: RunRecord[]): Map<string, { steps: number[]; timestamps: number[]; values: number[] }> {
  const out = new Map<string, { steps: number[]; timestamps: number[]; values: number[] }>();
  for (const record of records) {
    if (record.kind !== 'metrics') continue;
    for (const [key, s] of record.points) {
      const into = out.get(key) ?? { steps: [], timestamps: [], values: [] };
      into.steps.push(...s.steps);
      into.timestamps.push(...s.timestamps);
      into.values.push(...s.values);
      out.set(key, into);
    }
  }
  return out;
}

describe('TensorBoard reader on real files', () => {
  it('finds every run folder, including nested train/validation ones', () => {
    for (const e of expected) {
      const folder = path.join(root, e.folder);
      expect(tensorboardFormat.isRunFolder(folder, new Set(fs.readdirSync(folder))), e.folder).toBe(true);
    }
    expect(tensorboardFormat.isRunFolder(root, new Set(fs.readdirSync(root)))).toBe(false);
    expect(tensorboardFormat.runsNest).toBe(true);
  });

  for (const e of expected) {
    it(`reads ${e.folder}`, () => {
      const { batches, records } = readAll(path.join(root, e.folder));
      const got = series(records);
      expect([...got.keys()].sort()).toEqual(Object.keys(e.tags).sort());
      for (const [tag, [count, firstStep, lastStep, lastValue]] of Object.entries(e.tags)) {
        const s = got.get(tag)!;
        expect(s.steps.length, tag).toBe(count);
        expect(s.steps[0], tag).toBe(firstStep);
        expect(s.steps[s.steps.length - 1], tag).toBe(lastStep);
        expect(s.values[s.values.length - 1], tag).toBe(lastValue);
        expect(s.timestamps.every((t) => t >= e.startTime - 1), tag).toBe(true);
      }
      const header = records.filter((r) => r.kind === 'header');
      expect(header).toEqual([{ kind: 'header', sourceRunId: null, name: null, experiment: null, startTime: e.startTime, heartbeatIntervalMs: null }]);
      expect(batches[0].records[0].kind).toBe('header');
      const params = records.filter((r) => r.kind === 'params') as Extract<RunRecord, { kind: 'params' }>[];
      expect(params.length > 0 ? Object.keys(params[0].values).length : 0).toBe(e.params);
      expect(records.filter((r) => r.kind === 'warning' || r.kind === 'status' || r.kind === 'voidMetrics')).toEqual([]);
      // One pass to the end of each file: every batch read from byte 0, the last cursor at the file's end.
      const lastCursor = new Map(batches.map((b) => [b.file, b.cursor]));
      expect([...lastCursor.values()].map((c) => c.lineNumber)).toEqual(e.records);
      for (const [file, cursor] of lastCursor) expect(cursor.byteOffset).toBe(fs.statSync(file).size);
      expect(batches.every((b) => b.fromStart)).toBe(true);
    });
  }

  it('keeps text tensors (DT_STRING) out of the metrics: tags with spaces and slashes are kept as written', () => {
    const { records } = readAll(path.join(root, 'pytorch-summarywriter-unet/unet/runs/UNet_RSMprop_dice'));
    const keys = [...series(records).keys()];
    expect(keys.some((k) => k.includes('text_summary'))).toBe(false);
    expect(keys).toContain('Test loss (avg on test)');
  });

  it('counts DT_FLOAT scalar tensors, not the DT_DOUBLE histograms or the keras model config (keras-tf2 train)', () => {
    const { records } = readAll(path.join(root, 'keras-tf2-hparams/archive/logs/imdb-model-1690485351/train'));
    const got = series(records);
    // Python: epoch_loss first value 0.5466302633285522 at step 0 (tensor_content of a rank-0 DT_FLOAT tensor).
    expect(got.get('epoch_loss')!.values[0]).toBe(0.5466302633285522);
    expect([...got.keys()].some((k) => k.includes('histogram') || k === 'keras')).toBe(false);
  });

  it('remembers the scalars plugin per file across incremental reads (state in the cursor)', () => {
    const folder = path.join(root, 'keras-tf2-hparams/archive/logs/imdb-model-1690485351/validation');
    const [batch] = [...tensorboardFormat.readRun(folder, none)];
    expect(JSON.parse(batch.cursor.state!).scalars.sort()).toEqual(
      ['epoch_accuracy', 'epoch_loss', 'evaluation_accuracy_vs_iterations', 'evaluation_loss_vs_iterations'],
    );
  });

  it('reads the hparams session_start_info of a Lightning run as params, numbers without a trailing .0', () => {
    const { records } = readAll(path.join(root, 'lightning-hparams-nbeats/lightning_logs/version_0'));
    const params = (records.find((r) => r.kind === 'params') as Extract<RunRecord, { kind: 'params' }>).values;
    // Python printed number_value 32.0, 0.001, 1.0, -1.0; string_value as is; bool_value False.
    expect(params).toMatchObject({
      batch_size: '32',
      learning_rate: '0.001',
      random_seed: '1',
      inference_windows_batch_size: '-1',
      dropout_prob_theta: '0',
      activation: 'ReLU',
      futr_exog_list: 'None',
      exclude_insample_y: 'false',
      stack_types: "['identity', 'trend', 'seasonality']",
      mlp_units: '[[512, 512], [512, 512], [512, 512]]',
      loss: 'DistributionLoss()',
    });
    // The hparams plugin's own tags are not metrics; hp_metric (a simple_value) is.
    expect([...series(records).keys()].some((k) => k.startsWith('_hparams_'))).toBe(false);
  });

  it('reads hparams_config output (the experiment definition only) as neither params nor metrics', () => {
    const { records } = readAll(path.join(root, 'keras-tf2-hparams/archive/hparam_tuning'));
    expect(records.map((r) => r.kind)).toEqual(['header']);
  });

  it('skips the 300 KB graph_def and 536 KB run-metadata records unread (keras-tf25 autolog)', () => {
    const folder = path.join(root, 'keras-tf25-mlflow-autolog/mlruns/1/ed05f9cd599442fe9a0c9222184710b8/artifacts/tensorboard_logs/train');
    const { batches } = readAll(folder);
    // Two files in name order: the .v2 file (with the header) and the profile-empty file (file_version only).
    expect(batches.map((b) => path.basename(b.file))).toEqual([
      'events.out.tfevents.1628697775.DESKTOP-V1DB051.21044.31250.v2',
      'events.out.tfevents.1628697787.DESKTOP-V1DB051.profile-empty',
    ]);
    expect(batches[1].records).toEqual([]);
  });
});
