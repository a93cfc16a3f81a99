// DVCLive output folders of realistic shape, for benchmarks: one run per
// `run-<i>/dvclive/` as `Live(dir="dvclive")` leaves it after training with
// `log_metric(..., timestamp=True)`: metrics.json (latest values, nested by
// `/`, plus `step`), params.yaml, dvc.yaml (the 2.x layout) and one
// plots/metrics/<name>.tsv per metric (`timestamp\tstep\t<leaf>`).
import fs from 'node:fs';
import path from 'node:path';

export const dvcliveGeneratorStart = 1_763_900_000_000;

/** The metric names of a generated run: train/ and val/ alternate, so histories sit in sub-folders. */
export function dvcliveMetricKeys(metrics: number): string[] {
  return Array.from({ length: metrics }, (_, i) => (i % 2 ? `val/metric_${i}` : `train/metric_${i}`));
}

/** The value logged for metric `k` of run `r` at `step` (a decaying, slightly noisy curve). */
export function dvcliveMetricValue(r: number, k: number, step: number, steps: number): number {
  return Math.exp(-step / Math.max(1, steps / 3)) * (1 + k / 10) + Math.sin(step + k + r) * 0.01;
}

/** The timestamp (ms) logged for run `r` at `step`. */
export function dvcliveTimestamp(r: number, step: number): number {
  return dvcliveGeneratorStart + r * 60_000 + step * 100;
}

function writeStreamed(file: string, rows: (write: (text: string) => void) => void): void {
  const fd = fs.openSync(file, 'w');
  let buffer = '';
  try {
    rows((text) => {
      buffer += text;
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    });
    fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
}

export function generateDvcliveRuns(dir: string, opts: { runs: number; metrics: number; steps: number }): { points: number } {
  const keys = dvcliveMetricKeys(opts.metrics);
  for (let r = 0; r < opts.runs; r++) {
    const folder = path.join(dir, `run-${r}`, 'dvclive');
    fs.mkdirSync(path.join(folder, 'plots', 'metrics'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'params.yaml'),
      `lr: ${10 ** -(1 + (r % 4))}\nbatch_size: ${32 << (r % 3)}\nseed: ${r}\noptimizer:\n  name: adam\n  betas:\n  - 0.9\n  - 0.999\n`,
    );
    fs.writeFileSync(path.join(folder, 'dvc.yaml'), 'params:\n- params.yaml\nmetrics:\n- metrics.json\nplots:\n- plots/metrics:\n    x: step\n');
    const summary: Record<string, Record<string, number> | number> = {};
    keys.forEach((key, k) => {
      const [group, leaf] = key.split('/');
      fs.mkdirSync(path.join(folder, 'plots', 'metrics', group), { recursive: true });
      writeStreamed(path.join(folder, 'plots', 'metrics', group, `${leaf}.tsv`), (write) => {
        write(`timestamp\tstep\t${leaf}\n`);
        for (let step = 0; step < opts.steps; step++) {
          write(`${dvcliveTimestamp(r, step)}\t${step}\t${dvcliveMetricValue(r, k, step, opts.steps)}\n`);
        }
      });
      const nested = (summary[group] ??= {}) as Record<string, number>;
      if (opts.steps > 0) nested[leaf] = dvcliveMetricValue(r, k, opts.steps - 1, opts.steps);
    });
    summary.step = Math.max(0, opts.steps - 1);
    fs.writeFileSync(path.join(folder, 'metrics.json'), JSON.stringify(summary, null, 4));
  }
  return { points: opts.runs * opts.metrics * opts.steps };
}
