// Writes realistic TensorBoard event files for the benchmarks and tests: per
// run one `events.out.tfevents.*.v2` file holding a file_version event, then
// one Event per step per tag. Half the tags are written as simple_value (what
// PyTorch's SummaryWriter and Keras before 2.6 write), half as rank-0 DT_FLOAT
// tensors whose first event carries `scalars` plugin metadata (what TF2
// writes). Records stream to disk through a 1 MB buffer, so 20M points need
// no more memory than 2,000.
//
// Also exports the tiny protobuf encoder and TFRecord framing the tests use
// to build odd files by hand.
import fs from 'node:fs';
import path from 'node:path';
import { crc32c, maskCrc } from '../../electron/backend/sources/tensorboard/tfrecord';

// ---------------------------------------------------------------- encoding

function varintBytes(value: number | bigint): number[] {
  // int64 on the wire: negative numbers are their 64-bit two's complement (ten bytes).
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** Protobuf fields, built for tests and templates (allocates; not for hot loops). */
export const pb = {
  varint: (field: number, value: number | bigint): Buffer => Buffer.from([...varintBytes(field << 3), ...varintBytes(value)]),
  double(field: number, value: number): Buffer {
    const b = Buffer.alloc(9);
    b[0] = (field << 3) | 1;
    b.writeDoubleLE(value, 1);
    return b;
  },
  float(field: number, value: number): Buffer {
    const b = Buffer.alloc(5);
    b[0] = (field << 3) | 5;
    b.writeFloatLE(value, 1);
    return b;
  },
  bytes: (field: number, data: Buffer | string): Buffer => {
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return Buffer.concat([Buffer.from([...varintBytes((field << 3) | 2), ...varintBytes(body.length)]), body]);
  },
  message: (field: number, ...parts: Buffer[]): Buffer => pb.bytes(field, Buffer.concat(parts)),
};

/** One TFRecord: u64 length, masked CRC-32C of it, data, masked CRC-32C of the data. */
export function tfRecord(data: Buffer): Buffer {
  const out = Buffer.alloc(16 + data.length);
  out.writeUInt32LE(data.length % 4294967296, 0);
  out.writeUInt32LE(Math.floor(data.length / 4294967296), 4);
  out.writeUInt32LE(maskCrc(crc32c(out, 0, 8)), 8);
  data.copy(out, 12);
  out.writeUInt32LE(maskCrc(crc32c(data)), 12 + data.length);
  return out;
}

/** The first event of every file: wall_time, file_version, source_metadata.writer. */
export function fileVersionEvent(wallTime: number): Buffer {
  return Buffer.concat([pb.double(1, wallTime), pb.bytes(3, 'brain.Event:2'), pb.message(10, pb.bytes(1, 'tensorflow.core.util.events_writer'))]);
}

/** SummaryMetadata naming a plugin. */
export function pluginMetadata(plugin: string, content?: Buffer): Buffer {
  return pb.message(9, pb.message(1, pb.bytes(1, plugin), ...(content ? [pb.bytes(2, content)] : [])));
}

/** A rank-0 DT_FLOAT TensorProto as TF2 writes it (empty shape, 4 bytes of tensor_content). */
export function floatTensor(value: number): Buffer {
  const content = Buffer.alloc(4);
  content.writeFloatLE(value, 0);
  return pb.message(8, pb.varint(1, 1), pb.bytes(2, Buffer.alloc(0)), pb.bytes(4, content));
}

/** An Event with a Summary of the given Summary.Value bodies (each already encoded, without its field key). */
export function summaryEvent(wallTime: number, step: number, ...values: Buffer[]): Buffer {
  return Buffer.concat([
    pb.double(1, wallTime),
    ...(step !== 0 ? [pb.varint(2, step)] : []),
    pb.message(5, ...values.map((v) => pb.bytes(1, v))),
  ]);
}

// ---------------------------------------------------------------- the data

const baseTags = [
  'train/loss', 'train/accuracy', 'val/loss', 'val/accuracy', 'learning_rate', 'grad_norm',
  'throughput/samples per s', 'gpu/mem_gb', 'epoch_loss', 'epoch_accuracy',
];

/** The tag of metric `i`: plausible names, with slashes and a space, made unique past the first ten. */
export function generatedTag(i: number): string {
  const base = baseTags[i % baseTags.length];
  return i < baseTags.length ? base : `${base}_${Math.floor(i / baseTags.length)}`;
}

/** Whether metric `i` is written as a tensor (odd) or as simple_value (even). */
export function generatedAsTensor(i: number): boolean {
  return i % 2 === 1;
}

export const generatedStartSeconds = 1_763_900_000;

/** Wall time (seconds) of a run's events at `step`: a quarter second per step. */
export function generatedWallTime(run: number, step: number): number {
  return generatedStartSeconds + run * 86_400 + step * 0.25;
}

/** Deterministic noise in [0, 1) from integers (a 32-bit hash). */
function noise(a: number, b: number, c: number): number {
  let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 7, 0x85ebca77) ^ Math.imul(c + 13, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** The value written (before float32 rounding): decaying losses, rising accuracies, noise. */
export function generatedValue(run: number, metric: number, step: number, steps: number): number {
  const p = step / Math.max(1, steps);
  const n = noise(run, metric, step) - 0.5;
  switch (metric % 4) {
    case 0: return (2 + run * 0.1) * Math.exp(-4 * p) + 0.05 * n;
    case 1: return 0.5 + 0.45 * (1 - Math.exp(-5 * p)) + 0.02 * n;
    case 2: return 1e-3 * 0.5 * (1 + Math.cos(Math.PI * p));
    default: return 10 + metric + 3 * n;
  }
}

export function generatedFileName(run: number): string {
  return `events.out.tfevents.${generatedStartSeconds + run * 86_400}.bench-host.${4000 + run}.0.v2`;
}

// ---------------------------------------------------------------- writing

/**
 * Writes `runs` run folders (`run-000/`, …) under `dir`, each with one event
 * file of `metrics` tags × `steps` steps. Returns the points written and the files.
 */
export function generateTensorBoardRuns(dir: string, opts: { runs: number; metrics: number; steps: number }): { points: number; files: string[] } {
  const files: string[] = [];
  let points = 0;
  for (let run = 0; run < opts.runs; run++) {
    const folder = path.join(dir, `run-${String(run).padStart(3, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, generatedFileName(run));
    points += writeRun(file, run, opts.metrics, opts.steps);
    files.push(file);
  }
  return { points, files };
}

function writeRun(file: string, run: number, metrics: number, steps: number): number {
  // Per tag: the Summary field (key 5 onwards) with its float as the last four bytes.
  const templates: Buffer[] = [];
  const firstEvents: Buffer[] = [];
  for (let m = 0; m < metrics; m++) {
    const tag = pb.bytes(1, generatedTag(m));
    if (generatedAsTensor(m)) {
      templates.push(pb.message(5, pb.message(1, tag, floatTensor(0))));
      firstEvents.push(pb.message(5, pb.message(1, tag, floatTensor(0), pluginMetadata('scalars'))));
    } else {
      templates.push(pb.message(5, pb.message(1, tag, pb.float(2, 0))));
      firstEvents.push(templates[m]);
    }
  }
  const fd = fs.openSync(file, 'w');
  const out = Buffer.allocUnsafe(1 << 20);
  let at = 0;
  const flush = () => {
    let done = 0;
    while (done < at) done += fs.writeSync(fd, out, done, at - done);
    at = 0;
  };
  /** Frames the event already written at out[at + 12, at + 12 + length). */
  const frame = (length: number) => {
    out.writeUInt32LE(length, at);
    out.writeUInt32LE(0, at + 4);
    out.writeUInt32LE(maskCrc(crc32c(out, at, at + 8)), at + 8);
    out.writeUInt32LE(maskCrc(crc32c(out, at + 12, at + 12 + length)), at + 12 + length);
    at += 16 + length;
  };
  try {
    const first = fileVersionEvent(generatedWallTime(run, 0));
    first.copy(out, at + 12);
    frame(first.length);
    let written = 0;
    for (let step = 0; step < steps; step++) {
      const wallTime = generatedWallTime(run, step);
      for (let m = 0; m < metrics; m++) {
        const summary = step === 0 ? firstEvents[m] : templates[m];
        const floatAt = step === 0 && generatedAsTensor(m) ? -1 : summary.length - 4;
        if (at + summary.length + 64 > out.length) flush();
        let p = at + 12;
        out[p] = 0x09;
        out.writeDoubleLE(wallTime, p + 1);
        p += 9;
        if (step !== 0) {
          out[p++] = 0x10;
          for (let v = step; ; v = Math.floor(v / 128)) {
            if (v < 0x80) {
              out[p++] = v;
              break;
            }
            out[p++] = (v & 0x7f) | 0x80;
          }
        }
        summary.copy(out, p);
        const value = generatedValue(run, m, step, steps);
        if (floatAt >= 0) out.writeFloatLE(value, p + floatAt);
        else writeFirstTensorValue(out, p, summary, value);
        p += summary.length;
        frame(p - (at + 12));
        written += 1;
      }
    }
    flush();
    return written;
  } finally {
    fs.closeSync(fd);
  }
}

/** The first event of a tensor tag carries metadata after the tensor: its float sits just before the metadata. */
function writeFirstTensorValue(out: Buffer, at: number, summary: Buffer, value: number): void {
  const metadataLength = pluginMetadata('scalars').length;
  out.writeFloatLE(value, at + summary.length - metadataLength - 4);
}
