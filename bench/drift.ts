// The drift comparison (issue 19) of two 1,000,000-row × 30-column numerical
// datasets held in memory as Float64Array columns, with distributions: every
// column gets the default test (normed Wasserstein above 1,000 rows), 20 bins
// and quantiles. Baseline, in the same process: copy and
// Float64Array.prototype.sort every column of both sides, the least any exact
// comparison must do. Targets: at most 3× the baseline, peak RSS under 1 GB.
//   node dist/bench/drift.cjs            (ROWS=1000000 COLUMNS=30 ROUNDS=3 by default)
import os from 'node:os';
import { compareFrames, type DriftFrame } from '../shared/drift';
import { collectGarbage, withPeakRss } from './lib/memory';
import { seededRandom } from './lib/random';

const rows = Number(process.env.ROWS ?? 1_000_000);
const columnCount = Number(process.env.COLUMNS ?? 30);
const rounds = Number(process.env.ROUNDS ?? 3);
const targetRatio = 3;
const targetPeakBytes = 1024 ** 3;

/** Normal values (Box–Muller); the current side shifts a third of the columns and widens another sixth; 1 % missing in a few. */
function makeFrame(seed: number, current: boolean): DriftFrame {
  const random = seededRandom(seed);
  const columns = new Map<string, Float64Array>();
  for (let c = 0; c < columnCount; c++) {
    const shift = current && c % 3 === 0 ? 0.3 : 0;
    const scale = current && c % 6 === 1 ? 1.5 : 1;
    const missing = c % 10 === 5 ? 0.01 : 0;
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      values[i] = missing && random() < missing ? NaN : 10 + c + scale * normal + shift;
    }
    columns.set(`feature ${c}`, values);
  }
  return { rows, columns };
}

/** Copy and sort every column of both sides, one at a time (what the comparison can't avoid). */
function baseline(reference: DriftFrame, current: DriftFrame): number {
  let checksum = 0;
  for (const frame of [reference, current]) {
    for (const column of frame.columns.values()) {
      const sorted = Float64Array.from(column as Float64Array).sort();
      checksum += sorted[sorted.length >> 1];
    }
  }
  return checksum;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function main(): void {
  console.log(`Runlens drift benchmark: ${rows.toLocaleString('en-US')} rows × ${columnCount} numerical columns per side, node ${process.version}, ${os.cpus().length} CPUs`);
  const generated = performance.now();
  const reference = makeFrame(1, false);
  const current = makeFrame(2, true);
  console.log(`generated both sides in ${((performance.now() - generated) / 1000).toFixed(1)} s (not timed); RSS ${mib(process.memoryUsage().rss)}`);
  const baseMs: number[] = [];
  const compareMs: number[] = [];
  let peak = 0;
  let peakMethod = '';
  let drifted = 0;
  let share = NaN;
  for (let round = 0; round < rounds; round++) {
    collectGarbage();
    let started = performance.now();
    baseline(reference, current);
    baseMs.push(performance.now() - started);
    collectGarbage();
    started = performance.now();
    const { result, rss } = withPeakRss(() => compareFrames(reference, current, {}, { distributions: true }));
    compareMs.push(performance.now() - started);
    peak = Math.max(peak, rss.peakBytes);
    peakMethod = rss.method;
    drifted = result.dataset.drifted;
    share = result.dataset.share;
    console.log(`round ${round + 1}: baseline ${baseMs[round].toFixed(0)} ms, compareFrames ${compareMs[round].toFixed(0)} ms, peak RSS ${mib(rss.peakBytes)} (before ${mib(rss.beforeBytes)})`);
  }
  const base = median(baseMs);
  const compared = median(compareMs);
  const ratio = compared / base;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log('');
  console.log(`median of ${rounds} rounds (same process, alternating)`);
  console.log(`  baseline: copy + Float64Array sort of ${2 * columnCount} columns  ${base.toFixed(0).padStart(7)} ms`);
  console.log(`  compareFrames with distributions              ${compared.toFixed(0).padStart(7)} ms   ratio ${ratio.toFixed(2)} (target <= ${targetRatio})`);
  console.log(`  drifted columns ${drifted} of ${columnCount} (share ${share.toFixed(2)})`);
  console.log(`  peak RSS while comparing (${peakMethod}) ${mib(peak)}; process maxRSS ${mib(maxRss)} (target < ${mib(targetPeakBytes)})`);
  console.log('');
  console.log(JSON.stringify({ benchmark: 'drift', rows, columns: columnCount, baseline_ms: Math.round(base), compare_ms: Math.round(compared), ratio: Number(ratio.toFixed(3)), peak_rss_bytes: peak, max_rss_bytes: maxRss }));
  if (ratio > targetRatio || maxRss >= targetPeakBytes) {
    console.error(`FAIL: ${ratio > targetRatio ? `above ${targetRatio}× the baseline` : ''}${maxRss >= targetPeakBytes ? ' peak RSS above 1 GB' : ''}`);
    process.exitCode = 1;
  }
}

main();
