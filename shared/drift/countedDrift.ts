// The drift tests of `runDriftTest` computed from category counts and sorted
// typed arrays instead of arrays of values, so a 1M-row column never becomes a
// JS array. Each gives exactly (bit for bit) what `runDriftTest` gives on the
// same values; test/unit/driftFrame.test.ts checks that on random data.
import { compareCategories, type Category, type CategoryCounts } from './counts';
import { jensenShannonDistance } from './jensenShannon';
import { ks2sampSorted } from './ks';
import { chiSquareOfCounts } from './chisquare';
import { erfc } from './special';
import { MIN_BATCH_ROWS, MIN_EXPECTED_COUNT, runDriftTest, type DriftMethod, type DriftResult } from './stattests';
import { histogram, sturgesEdgesOver } from './binning';
import { WASSERSTEIN_STD_FLOOR, wassersteinDistanceSorted } from './wasserstein';

type Base = Pick<DriftResult, 'method' | 'threshold' | 'referenceSize' | 'currentSize'>;

/** `runDriftTest`'s size note. */
function smallNote(referenceSize: number, currentSize: number): string | null {
  const notes: string[] = [];
  if (referenceSize < MIN_BATCH_ROWS) notes.push(`reference has ${referenceSize} rows (< ${MIN_BATCH_ROWS})`);
  if (currentSize < MIN_BATCH_ROWS) notes.push(`current has ${currentSize} rows (< ${MIN_BATCH_ROWS})`);
  return notes.length > 0 ? notes.join('; ') : null;
}

function distanceResult(base: Base, value: number): DriftResult {
  return { ...base, statistic: value, drift: value >= base.threshold, effectSize: value, tooSmall: smallNote(base.referenceSize, base.currentSize) };
}

/** Shares per category; with `fillZeros`, Evidently's fill of empty buckets (see `binnedShares`). */
function shares(counts: readonly number[], size: number, fillZeros: boolean): number[] {
  const out = counts.map((count) => count / size);
  if (!fillZeros) return out;
  let smallest = Infinity;
  for (const share of out) if (share !== 0 && share < smallest) smallest = share;
  const fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return out.map((share) => (share === 0 ? fill : share));
}

function psiOf(reference: readonly number[], current: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < reference.length; i++) total += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
  return total;
}

/** chisquare, z, jensenshannon or psi (per category) from counts; null for a method that needs the values. */
export function countedTest(method: DriftMethod, counts: CategoryCounts, threshold: number): DriftResult | null {
  const { referenceSize, currentSize } = counts;
  const base: Base = { method, threshold, referenceSize, currentSize };
  if (referenceSize === 0 || currentSize === 0) return runDriftTest(method, [], [], { threshold });
  switch (method) {
    case 'chisquare':
      return chiSquareCounted(base, counts);
    case 'z':
      return zCounted(base, counts);
    case 'jensenshannon':
      return distanceResult(base, jensenShannonDistance(shares(counts.reference, referenceSize, false), shares(counts.current, currentSize, false)));
    case 'psi':
      return distanceResult(base, psiOf(shares(counts.reference, referenceSize, true), shares(counts.current, currentSize, true)));
    default:
      return null;
  }
}

function chiSquareCounted(base: Base, counts: CategoryCounts): DriftResult {
  const { pvalue, minExpected, totalVariation } = chiSquareOfCounts(counts);
  const sizeNote = smallNote(base.referenceSize, base.currentSize);
  const expectedNote =
    minExpected < MIN_EXPECTED_COUNT
      ? `an expected count is ${Number.isFinite(minExpected) ? minExpected.toFixed(2) : String(minExpected)} (< ${MIN_EXPECTED_COUNT})`
      : null;
  const tooSmall = sizeNote && expectedNote ? `${sizeNote}; ${expectedNote}` : (sizeNote ?? expectedNote);
  return { ...base, statistic: pvalue, drift: pvalue < base.threshold, effectSize: totalVariation, tooSmall };
}

function zCounted(base: Base, counts: CategoryCounts): DriftResult {
  let first: Category | undefined;
  let firstAt = -1;
  counts.keys.forEach((key, at) => {
    if (first === undefined || compareCategories(key, first) < 0) [first, firstAt] = [key, at];
  });
  const n1 = counts.referenceSize;
  const n2 = counts.currentSize;
  const p1 = (n1 - counts.reference[firstAt]) / n1;
  const p2 = (n2 - counts.current[firstAt]) / n2;
  const tooSmall = smallNote(n1, n2);
  if ((p1 === 0 && p2 === 0) || (p1 === 1 && p2 === 1)) return { ...base, statistic: 1, drift: 1 < base.threshold, effectSize: 0, tooSmall };
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const pvalue = erfc(Math.abs(z) / Math.SQRT2);
  return { ...base, statistic: pvalue, drift: pvalue < base.threshold, effectSize: p2 - p1, tooSmall };
}

/** What a numerical test needs of one side: its sorted finite values and their std in file order. */
export interface SortedSide {
  sorted: Float64Array;
  std: number;
}

/**
 * ks, wasserstein, or the Sturges-binned jensenshannon / psi of a numerical column
 * from sorted values. Null when the distance needs per-value buckets (<= 20 distinct
 * reference values) or the method is a categorical one; the caller counts then.
 */
export function sortedTest(method: DriftMethod, reference: SortedSide, current: SortedSide, threshold: number, referenceDistinct: number): DriftResult | null {
  const a = reference.sorted;
  const b = current.sorted;
  const base: Base = { method, threshold, referenceSize: a.length, currentSize: b.length };
  if (a.length === 0 || b.length === 0) return runDriftTest(method, [], [], { threshold });
  switch (method) {
    case 'ks': {
      const r = ks2sampSorted(a, b);
      return { ...base, statistic: r.pvalue, drift: r.pvalue <= threshold, effectSize: r.statistic, tooSmall: smallNote(a.length, b.length) };
    }
    case 'wasserstein':
      return distanceResult(base, wassersteinDistanceSorted(a, b) / Math.max(reference.std, WASSERSTEIN_STD_FLOOR));
    case 'jensenshannon':
    case 'psi': {
      if (referenceDistinct <= 20) return null;
      const edges = sturgesEdgesOfSorted(a, b);
      const fill = method === 'psi';
      const r = shares(histogram(a, edges), a.length, fill);
      const c = shares(histogram(b, edges), b.length, fill);
      return distanceResult(base, method === 'psi' ? psiOf(r, c) : jensenShannonDistance(r, c));
    }
    default:
      return null;
  }
}

/** `sturgesEdges` of both sides together, from their ends and sizes (no concatenation). */
export function sturgesEdgesOfSorted(a: Float64Array, b: Float64Array): number[] {
  return sturgesEdgesOver(Math.min(a[0], b[0]), Math.max(a[a.length - 1], b[b.length - 1]), a.length + b.length);
}
