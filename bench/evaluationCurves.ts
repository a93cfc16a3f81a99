// Benchmark: the evaluation curves of a binary classifier at 1,000,000
// predictions (seeded, ~30 % positives), against a baseline measured in the
// same process: a plain native Float64Array sort of the same 1M scores (the
// copy it sorts is made outside the timing). Ratios only (time / baseline).
//
//   node scripts/build-node.mjs && node dist/bench/evaluationCurves.cjs
//
// Contender: cumulativeTable + rocCurve + precisionRecallCurve + rocAuc +
// averagePrecision, on continuous scores and on scores rounded to 2 decimals
// (101 distinct values: every threshold a tie). Target: at most 3× the sort.
// 5 timed rounds after 1 warm-up, alternating, medians compared.
// Also printed: the cost of one countsAt (what the renderer calls per frame
// while the threshold is dragged), and how far the trapezoid area of the ROC
// as drawn (downsampled to 1000 points) is from the exact AUC, which is
// always computed from the full table.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { averagePrecision, countsAt, cumulativeTable, downsampleCurve, precisionRecallCurve, rocAuc, rocCurve } from '../shared/evaluation';
import { seededRandom } from './lib/random';

const rows = Number(process.env.ROWS ?? 1_000_000);
const rounds = 5;
const warmups = 1;
const targetRatio = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

/** Positives score higher on average, with overlap, so the ROC is a real curve (AUC ≈ 0.9). */
function predictions(seed: number, decimals: number | null): { labels: Uint8Array; scores: Float64Array } {
  const random = seededRandom(seed);
  const labels = new Uint8Array(rows);
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    labels[i] = random() < 0.3 ? 1 : 0;
    const score = Math.min(1, Math.max(0, 0.35 + (labels[i] ? 0.25 : 0) + (random() + random() + random() - 1.5) * 0.3));
    scores[i] = decimals === null ? score : Math.round(score * 10 ** decimals) / 10 ** decimals;
  }
  return { labels, scores };
}

function curves(labels: Uint8Array, scores: Float64Array): { auc: number; table: ReturnType<typeof cumulativeTable>; steps: number[] } {
  const t0 = performance.now();
  const table = cumulativeTable(labels, scores);
  const t1 = performance.now();
  const roc = rocCurve(table);
  const t2 = performance.now();
  const pr = precisionRecallCurve(table);
  const t3 = performance.now();
  const auc = rocAuc(table);
  const ap = averagePrecision(table);
  const t4 = performance.now();
  if (auc.value === null || ap.value === null || roc.thresholds.length < 2 || pr.precision.length < 2) throw new Error('undefined curves');
  return { auc: auc.value, table, steps: [t4 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3] };
}

function sortMs(scores: Float64Array): number {
  const copy = scores.slice();
  const start = performance.now();
  copy.sort();
  return performance.now() - start;
}

/** Trapezoid area of the drawn ROC (the full curve, downsampled to 1000 points). */
function drawnArea(table: ReturnType<typeof cumulativeTable>): { area: number; points: number; curvePoints: number } {
  const roc = rocCurve(table, { dropIntermediate: false });
  const kept = downsampleCurve(roc.falsePositiveRate, roc.truePositiveRate, 1000);
  let area = 0;
  for (let i = 1; i < kept.length; i++) {
    const [a, b] = [kept[i - 1], kept[i]];
    area += ((roc.falsePositiveRate[b] - roc.falsePositiveRate[a]) * (roc.truePositiveRate[b] + roc.truePositiveRate[a])) / 2;
  }
  return { area, points: kept.length, curvePoints: roc.thresholds.length };
}

function countsAtNs(table: ReturnType<typeof cumulativeTable>): number {
  const random = seededRandom(7);
  const calls = 1_000_000;
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink += countsAt(table, random()).truePositives;
  const elapsed = performance.now() - start;
  if (sink < 0) throw new Error('unreachable');
  return (elapsed * 1e6) / calls;
}

function main(): void {
  console.log(`Runlens evaluation-curves benchmark: ${rows.toLocaleString('en-US')} predictions, ${rounds} rounds after ${warmups} warm-up, alternating`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.arch()}`);
  const variants = [
    { name: 'continuous', ...predictions(1, null) },
    { name: 'ties (2 decimals)', ...predictions(2, 2) },
  ];
  const summary: Record<string, number> = {};
  let failed = false;
  for (const variant of variants) {
    const baseline: number[] = [];
    const contender: number[][] = [];
    let last = curves(variant.labels, variant.scores);
    for (let round = -warmups; round < rounds; round++) {
      const sorted = sortMs(variant.scores);
      last = curves(variant.labels, variant.scores);
      if (round >= 0) {
        baseline.push(sorted);
        contender.push(last.steps);
      }
    }
    const base = median(baseline);
    const [total, table, roc, pr, areas] = [0, 1, 2, 3, 4].map((step) => median(contender.map((steps) => steps[step])));
    const ratio = total / base;
    failed ||= ratio > targetRatio;
    const drawn = drawnArea(last.table);
    const perCall = countsAtNs(last.table);
    console.log('');
    console.log(`${variant.name}: ${last.table.thresholds.length.toLocaleString('en-US')} distinct scores, ${last.table.positives.toLocaleString('en-US')} positives`);
    console.log(`  baseline Float64Array sort      ${base.toFixed(1).padStart(8)} ms`);
    console.log(`  table + ROC + PR + AUC + AP     ${total.toFixed(1).padStart(8)} ms   ratio ${ratio.toFixed(2)} (target <= ${targetRatio})`);
    console.log(`    cumulativeTable ${table.toFixed(1)} ms, rocCurve ${roc.toFixed(1)} ms, precisionRecallCurve ${pr.toFixed(1)} ms, rocAuc + averagePrecision ${areas.toFixed(1)} ms`);
    console.log(`  countsAt                        ${perCall.toFixed(0).padStart(8)} ns per call`);
    console.log(`  drawn ROC: ${drawn.points} of ${drawn.curvePoints.toLocaleString('en-US')} points, trapezoid area ${drawn.area.toFixed(9)} vs AUC ${last.auc.toFixed(9)}: |difference| ${Math.abs(drawn.area - last.auc).toExponential(2)}`);
    const key = variant.name.split(' ')[0];
    Object.assign(summary, {
      [`${key}_baseline_ms`]: Number(base.toFixed(2)),
      [`${key}_curves_ms`]: Number(total.toFixed(2)),
      [`${key}_ratio`]: Number(ratio.toFixed(3)),
      [`${key}_counts_at_ns`]: Number(perCall.toFixed(0)),
      [`${key}_drawn_auc_difference`]: Number(Math.abs(drawn.area - last.auc).toExponential(3)),
    });
  }
  console.log('');
  console.log(JSON.stringify({ benchmark: 'evaluation-curves', rows, ...summary }));
  if (failed) {
    console.error(`FAIL: above ${targetRatio}× the sort`);
    process.exitCode = 1;
  }
}

main();
