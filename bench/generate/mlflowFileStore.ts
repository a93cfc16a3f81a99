// An MLflow file store (`mlruns/`) of realistic shape, for benchmarks: what
// MLflow 2.x's FileStore writes for `mlflow.start_run()` + log_params +
// log_metric(step=...) + end_run(): experiment 0 with its meta.yaml, and per
// run a meta.yaml (PyYAML's sorted keys, status 3), params/, tags/ (with
// mlflow.runName), an empty artifacts/, and one metrics file per key holding
// `timestamp value step` lines, values spelled as Python's repr() spells
// floats. Nested keys (train/loss) are folders, as MLflow stores them.
// Deterministic: the values are a function of (run, metric, step), so a test
// can recompute every point. Each metric file is written in ~1 MB writes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const startTime = 1_763_900_000_000;
const baseKeys = ['train/loss', 'val/loss', 'train/accuracy', 'val/accuracy', 'lr', 'grad_norm', 'epoch', 'system/gpu_util'];

/** The metric keys a store with `count` metrics has: the base names, then `metric_<i>`. */
export function benchMetricKeys(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i < baseKeys.length ? baseKeys[i] : `train/metric_${i}`));
}

/** The run id (32 hex digits, like uuid4().hex) of run number `run`. */
export function benchRunId(run: number): string {
  return createHash('md5').update(`runlens-bench-run-${run}`).digest('hex');
}

export function benchTimestamp(run: number, step: number): number {
  return startTime + run * 3_600_000 + step * 250;
}

/** A stateless hash of (run, metric, step) to [-0.5, 0.5). */
function noise(run: number, metric: number, step: number): number {
  let h = Math.imul(run + 1, 0x9e3779b1) ^ Math.imul(metric + 1, 0x85ebca77) ^ Math.imul(step + 1, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296 - 0.5;
}

/** The value of metric number `metric` of run `run` at `step`, in a store of `steps` steps. */
export function benchMetricValue(run: number, metric: number, step: number, steps: number): number {
  const decay = Math.exp(-step / (steps / 4 + 1));
  const n = noise(run, metric, step);
  switch (metric % baseKeys.length) {
    case 0: return 2.3 * decay + 0.08 + 0.05 * n;
    case 1: return 2.35 * decay + 0.12 + 0.03 * n;
    case 2: return Math.min(1, 0.1 + 0.88 * (1 - decay) + 0.02 * n);
    case 3: return Math.min(1, 0.1 + 0.84 * (1 - decay) + 0.01 * n);
    case 4: return 3e-4 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)) * (1 + run / 10);
    case 5: return 0.5 + 4 * decay + 0.3 * Math.abs(n);
    case 6: return Math.floor(step / 100);
    default: return Math.round(88 + 20 * n);
  }
}

/** A float as Python's repr() writes it (what MLflow's f"{value}" gives): 1.0, 1e-05, 1e+16, nan, inf. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  // Python writes exponents 1e-4 <= |x| < 1e16 in fixed notation; so does JS's String() there.
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const fixed = String(value);
    return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function writeYaml(file: string, fields: Record<string, string | number | null>): void {
  const lines = Object.keys(fields)
    .sort()
    .map((key) => {
      const value = fields[key];
      return `${key}: ${value === null ? 'null' : typeof value === 'number' ? String(value) : value}`;
    });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function writeValues(folder: string, values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    const file = path.join(folder, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, value);
  }
}

export function generateMlflowFileStore(dir: string, opts: { runs: number; metrics: number; steps: number }): { points: number; root: string } {
  const root = path.join(dir, 'mlruns');
  const experiment = path.join(root, '0');
  fs.mkdirSync(experiment, { recursive: true });
  fs.mkdirSync(path.join(root, '.trash'), { recursive: true });
  writeYaml(path.join(experiment, 'meta.yaml'), {
    artifact_location: `file://${experiment}`, creation_time: startTime - 60_000, experiment_id: "'0'",
    last_update_time: startTime - 60_000, lifecycle_stage: 'active', name: 'Default',
  });
  const keys = benchMetricKeys(opts.metrics);
  for (let run = 0; run < opts.runs; run++) {
    const id = benchRunId(run);
    const folder = path.join(experiment, id);
    fs.mkdirSync(path.join(folder, 'artifacts'), { recursive: true });
    fs.mkdirSync(path.join(folder, 'metrics'), { recursive: true });
    const name = `bench-run-${run}`;
    writeYaml(path.join(folder, 'meta.yaml'), {
      artifact_uri: `file://${folder}/artifacts`, end_time: benchTimestamp(run, opts.steps), entry_point_name: "''",
      experiment_id: "'0'", lifecycle_stage: 'active', run_id: id, run_name: name, run_uuid: id, source_name: "''",
      source_type: 4, source_version: "''", start_time: benchTimestamp(run, 0) - 1000, status: 3, tags: '[]', user_id: 'bench',
    });
    writeValues(path.join(folder, 'params'), {
      lr: String(3e-4 * (1 + run / 10)), batch_size: String(32 << (run % 3)), optimizer: 'adamw', epochs: '100', seed: String(run),
    });
    writeValues(path.join(folder, 'tags'), {
      'mlflow.runName': name, 'mlflow.user': 'bench', 'mlflow.source.name': 'train.py', 'mlflow.source.type': 'LOCAL',
      'mlflow.source.git.commit': createHash('sha1').update(name).digest('hex'),
    });
    for (let m = 0; m < keys.length; m++) {
      const file = path.join(folder, 'metrics', ...keys[m].split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, 'w');
      try {
        let buffer = '';
        for (let step = 0; step < opts.steps; step++) {
          buffer += `${benchTimestamp(run, step)} ${pythonFloatRepr(benchMetricValue(run, m, step, opts.steps))} ${step}\n`;
          if (buffer.length > 1 << 20) {
            fs.writeSync(fd, buffer);
            buffer = '';
          }
        }
        if (buffer) fs.writeSync(fd, buffer);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  return { points: opts.runs * opts.metrics * opts.steps, root };
}
