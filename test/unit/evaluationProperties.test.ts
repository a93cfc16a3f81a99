// Properties of the evaluation math on seeded random data, each against a
// brute-force count written the slow, obvious way: the cumulative table,
// countsAt at any threshold, thinning, the areas, calibration, histograms and
// the per-group tables. Ties, ±Infinity, -0 and NaN rows are mixed in on purpose.
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  calibrationBins,
  countsAt,
  cumulativeTable,
  downsampleCurve,
  fairnessAt,
  groupTables,
  linspace,
  rocAuc,
  rocCurve,
  scoreHistogram,
  thinTable,
  thresholdIndex,
  type CumulativeTable,
} from '../../shared/evaluation';

/** mulberry32, the same generator as bench/lib/random.ts: a failing seed replays. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sample {
  labels: number[];
  scores: number[];
}

/** Scores from a few distinct values (ties) or continuous, with rare ±Infinity, -0 and NaN. */
function sample(random: () => number, rows: number, distinct: number | null): Sample {
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < rows; i++) {
    const positive = random() < 0.3 ? 1 : 0;
    const roll = random();
    let score = distinct ? Math.floor(random() * distinct) / distinct : random() * 0.6 + positive * 0.4;
    if (roll < 0.02) score = Infinity;
    else if (roll < 0.04) score = -Infinity;
    else if (roll < 0.06) score = NaN;
    else if (roll < 0.08) score = -0;
    labels.push(positive);
    scores.push(score);
  }
  return { labels, scores };
}

function bruteCounts({ labels, scores }: Sample, threshold: number): { tp: number; fp: number } {
  let tp = 0;
  let fp = 0;
  scores.forEach((score, i) => {
    if (score >= threshold) {
      if (labels[i]) tp++;
      else fp++;
    }
  });
  return { tp, fp };
}

const samples = Array.from({ length: 30 }, (_, seed) => {
  const random = seeded(seed + 1);
  const rows = 1 + Math.floor(random() * 400);
  return { seed: seed + 1, ...sample(random, rows, seed % 3 === 0 ? null : 2 + (seed % 7)) };
});

describe.each(samples)('random sample (seed $seed)', (data) => {
  const table = cumulativeTable(data.labels, data.scores);
  const finite = data.scores.filter((score) => !Number.isNaN(score));

  it('the table has each distinct non-NaN score once, decreasing, with brute-force counts', () => {
    const distinct = [...new Set(finite.map((score) => (score === 0 ? 0 : score)))].sort((a, b) => b - a);
    expect(table.thresholds).toEqual(distinct);
    expect(table.distinctScores).toBe(distinct.length);
    table.thresholds.forEach((threshold, i) => {
      const { tp, fp } = bruteCounts(data, threshold);
      expect([table.truePositives[i], table.falsePositives[i]]).toEqual([tp, fp]);
    });
    expect(table.positives + table.negatives).toBe(finite.length);
  });

  it('countsAt equals brute-force counting at random thresholds, scores themselves, ±Infinity and NaN', () => {
    const random = seeded(data.seed * 7919);
    const thresholds = [Infinity, -Infinity, NaN, 0, -0, 1, ...finite.slice(0, 20), ...Array.from({ length: 50 }, () => random() * 1.4 - 0.2)];
    for (const threshold of thresholds) {
      const { tp, fp } = bruteCounts(data, threshold);
      const counts = countsAt(table, threshold);
      expect(counts, `threshold ${threshold}`).toEqual({
        truePositives: tp,
        falsePositives: fp,
        trueNegatives: table.negatives - fp,
        falseNegatives: table.positives - tp,
      });
    }
    expect(thresholdIndex(table, NaN)).toBe(-1);
  });

  it('thinTable keeps the first and last entries, exact counts and the original distinct count', () => {
    for (const maxEntries of [2, 3, 7, 50]) {
      const thinned = thinTable(table, maxEntries);
      expect(thinned.thresholds.length).toBeLessThanOrEqual(Math.max(maxEntries, 2));
      expect(thinned.distinctScores).toBe(table.distinctScores);
      if (table.thresholds.length === 0) continue;
      expect(thinned.thresholds[0]).toBe(table.thresholds[0]);
      expect(thinned.thresholds.at(-1)).toBe(table.thresholds.at(-1));
      thinned.thresholds.forEach((threshold, i) => {
        const { tp, fp } = bruteCounts(data, threshold);
        expect([thinned.truePositives[i], thinned.falsePositives[i]]).toEqual([tp, fp]);
      });
      // When the ROC's corners fit, every point scikit-learn's drop_intermediate keeps is kept.
      const corners = rocCurve(table).thresholds.slice(1);
      if (corners.length <= maxEntries) expect(corners.filter((threshold) => !thinned.thresholds.includes(threshold))).toEqual([]);
    }
  });

  it('ROC AUC is the Mann-Whitney probability (ties count half) and AP is the step sum', () => {
    const rows = data.scores.map((score, i) => ({ score, positive: data.labels[i] })).filter((row) => !Number.isNaN(row.score));
    const pos = rows.filter((row) => row.positive).map((row) => row.score);
    const neg = rows.filter((row) => !row.positive).map((row) => row.score);
    const auc = rocAuc(table);
    if (pos.length === 0 || neg.length === 0) {
      expect(auc.value).toBeNull();
      return;
    }
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    expect(auc.value).toBeCloseTo(wins / (pos.length * neg.length), 12);
    let ap = 0;
    for (const threshold of table.thresholds) {
      const here = rows.filter((row) => row.score === threshold && row.positive).length;
      const { tp, fp } = bruteCounts(data, threshold);
      ap += (here / pos.length) * (tp / (tp + fp));
    }
    expect(averagePrecision(table).value).toBeCloseTo(ap, 12);
  });

  it('calibration and histogram bins count every row, by brute force', () => {
    const rows = data.scores.map((score, i) => ({ score, positive: data.labels[i] })).filter((row) => !Number.isNaN(row.score));
    // Brute force: a row's bin is the number of inner edges below its score (np.searchsorted, side 'left').
    const inUnit = rows.every((row) => row.score >= 0 && row.score <= 1);
    const finiteScores = rows.map((row) => row.score).filter(Number.isFinite);
    const edges = inUnit ? linspace(0, 1, 5) : linspace(Math.min(...finiteScores), Math.max(...finiteScores), 5);
    const expected = Array.from({ length: 4 }, () => ({ count: 0, positives: 0, sum: 0 }));
    for (const row of rows) {
      const bin = edges.slice(1, -1).filter((edge) => edge < row.score).length;
      expected[bin].count++;
      expected[bin].positives += row.positive;
      expected[bin].sum += row.score;
    }
    const nonEmpty = expected.flatMap((bin, b) => (bin.count > 0 ? [{ ...bin, b }] : []));
    const bins = calibrationBins(table, 4, 'uniform');
    expect(bins.map((bin) => [bin.count, bin.start, bin.end])).toEqual(nonEmpty.map((bin) => [bin.count, edges[bin.b], edges[bin.b + 1]]));
    bins.forEach((bin, i) => {
      expect(bin.fractionPositive).toBeCloseTo(nonEmpty[i].positives / nonEmpty[i].count, 12);
      // ±Infinity rows make a bin's mean infinite; toBeCloseTo needs finite numbers.
      if (Number.isFinite(nonEmpty[i].sum)) expect(bin.meanPredicted).toBeCloseTo(nonEmpty[i].sum / nonEmpty[i].count, 12);
      else expect(bin.meanPredicted).toBe(nonEmpty[i].sum / nonEmpty[i].count);
    });
    const quantile = calibrationBins(table, 5, 'quantile');
    expect(quantile.reduce((sum, bin) => sum + bin.count, 0)).toBe(rows.length);
    const histogram = scoreHistogram(table, 6);
    expect(histogram.reduce((sum, bin) => sum + bin.counts[0] + bin.counts[1], 0)).toBe(rows.length);
    const finiteRows = rows.filter((row) => Number.isFinite(row.score));
    histogram.slice(1, -1).forEach((bin) => {
      const inBin = finiteRows.filter((row) => row.score >= bin.start && row.score < bin.end);
      expect(bin.counts).toEqual([inBin.filter((row) => !row.positive).length, inBin.filter((row) => row.positive).length]);
    });
  });

  it('group tables equal one table per group, and fairnessAt reads each', () => {
    const random = seeded(data.seed * 31);
    const codes = data.scores.map(() => Math.floor(random() * 4) - 1); // -1: no group
    const names = ['a', 'b', 'c'];
    const groups = groupTables(data.labels, data.scores, codes, names);
    for (const { group, table: groupTable } of groups) {
      const g = names.indexOf(group);
      const keep = codes.map((code) => code === g);
      const expected = cumulativeTable(data.labels.filter((_, i) => keep[i]), data.scores.filter((_, i) => keep[i]));
      expect(groupTable).toEqual(expected);
      expect(groupTable.positives + groupTable.negatives).toBeGreaterThan(0);
    }
    const summary = fairnessAt(groups, 0.5);
    const rates = summary.groups.map((row) => row.selectionRate);
    expect(summary.demographicParityDifference).toBeCloseTo(Math.max(...rates) - Math.min(...rates), 14);
  });
});

describe('cumulativeTable edge cases', () => {
  it('groups -0 with +0, keeps ±Infinity as thresholds and skips NaN', () => {
    const table = cumulativeTable([1, 0, 1, 0, 1, 0], [-0, 0, Infinity, -Infinity, NaN, Infinity]);
    expect(table.thresholds).toEqual([Infinity, 0, -Infinity]);
    expect(table.truePositives).toEqual([1, 2, 2]);
    expect(table.falsePositives).toEqual([1, 2, 3]);
    expect([table.positives, table.negatives]).toEqual([2, 3]);
  });

  it('an empty input gives an empty table whose metrics are undefined', () => {
    const table: CumulativeTable = cumulativeTable([], []);
    expect(table).toEqual({ thresholds: [], truePositives: [], falsePositives: [], positives: 0, negatives: 0, distinctScores: 0 });
    expect(rocAuc(table).value).toBeNull();
    expect(averagePrecision(table).value).toBeNull();
    expect(countsAt(table, 0.5)).toEqual({ truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 });
  });

  it('refuses labels and scores of different lengths', () => {
    expect(() => cumulativeTable([1], [0.5, 0.2])).toThrow(RangeError);
  });
});

describe('downsampleCurve', () => {
  const random = seeded(99);
  const data = sample(random, 20_000, null);
  const table = cumulativeTable(data.labels, data.scores);
  const roc = rocCurve(table, { dropIntermediate: false });

  it('keeps the first and last point, ascending indices, at most maxPoints', () => {
    const kept = downsampleCurve(roc.falsePositiveRate, roc.truePositiveRate, 500);
    expect(kept.length).toBeLessThanOrEqual(500);
    expect(kept.length).toBeGreaterThan(250);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(roc.falsePositiveRate.length - 1);
    expect(kept.every((index, i) => i === 0 || index > kept[i - 1])).toBe(true);
  });

  it('the drawn ROC encloses nearly the exact area (the AUC itself is never taken from it)', () => {
    const kept = downsampleCurve(roc.falsePositiveRate, roc.truePositiveRate, 500);
    let area = 0;
    for (let i = 1; i < kept.length; i++) {
      const [a, b] = [kept[i - 1], kept[i]];
      area += ((roc.falsePositiveRate[b] - roc.falsePositiveRate[a]) * (roc.truePositiveRate[b] + roc.truePositiveRate[a])) / 2;
    }
    expect(Math.abs(area - (rocAuc(table).value as number))).toBeLessThan(1e-3);
  });

  it('handles a decreasing x (precision-recall order) and an all-NaN curve', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => 1 - i / 999);
    const ys = xs.map((x, i) => (i === 500 ? 5 : x));
    const kept = downsampleCurve(xs, ys, 40);
    expect(kept).toContain(500);
    expect(kept.length).toBeLessThanOrEqual(40);
    const nan = downsampleCurve(new Array(100).fill(NaN), new Array(100).fill(NaN), 10);
    expect(nan[0]).toBe(0);
    expect(nan.at(-1)).toBe(99);
    expect(nan.length).toBeLessThanOrEqual(10);
  });
});
