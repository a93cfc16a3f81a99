// Native run folders (docs/FORMAT.md) of realistic shape, for benchmarks.
import fs from 'node:fs';
import path from 'node:path';

/** `params` adds that many more params (p_0, p_1, …) beside lr, batch_size and seed. */
export function generateNativeRuns(dir: string, opts: { runs: number; metrics: number; steps: number; params?: number }): { points: number } {
  const keys = Array.from({ length: opts.metrics }, (_, i) => (i % 2 ? `val/metric_${i}` : `train/metric_${i}`));
  const start = 1_763_900_000_000;
  for (let r = 0; r < opts.runs; r++) {
    const id = r.toString(16).padStart(32, '0');
    const folder = path.join(dir, 'runlens', id);
    fs.mkdirSync(path.join(folder, 'artifacts'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'run.json'),
      JSON.stringify({
        format: 'runlens.run', version: 1, id, name: `run-${r}`, experiment: `exp-${r % 5}`, start_time: start + r * 60_000,
        params: { lr: String(10 ** -(1 + (r % 4))), batch_size: String(32 << (r % 3)), seed: String(r), ...extraParams(r, opts.params ?? 0) },
        tags: {}, system: {},
      }),
    );
    const fd = fs.openSync(path.join(folder, 'metrics.jsonl'), 'w');
    let buffer = '';
    for (let step = 0; step < opts.steps; step++) {
      const values: Record<string, number> = {};
      for (let k = 0; k < keys.length; k++) values[keys[k]] = Math.exp(-step / (opts.steps / 3)) * (1 + k / 10) + Math.sin(step + k) * 0.01;
      buffer += `${JSON.stringify({ step, timestamp: start + r * 60_000 + step * 100, values })}\n`;
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    fs.writeSync(fd, buffer);
    fs.closeSync(fd);
    fs.writeFileSync(path.join(folder, 'events.jsonl'), `${JSON.stringify({ type: 'end', status: 'FINISHED', timestamp: start + r * 60_000 + opts.steps * 100 })}\n`);
  }
  return { points: opts.runs * opts.metrics * opts.steps };
}

function extraParams(run: number, count: number): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < count; i++) params[`p_${i}`] = i % 3 === 0 ? `choice_${(run + i) % 7}` : String(((run * 31 + i * 17) % 1000) / 100);
  return params;
}
