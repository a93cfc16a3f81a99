import { chiSquare } from './chisquare';
import type { Category } from './counts';
import { jensenShannonStat } from './jensenShannon';
import { ks2samp } from './ks';
import { psi } from './psi';
import { wassersteinNorm } from './wasserstein';
import { zTest } from './zTest';

export type DriftMethod = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

/** Tests whose statistic is a p-value (drift when small); the others are distances (drift when large). */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chisquare', 'z']);

/** Evidently's default thresholds (0.7.x): 0.05 for p-values, 0.1 for distances. */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

/** Below this many rows on either side a result is flagged as too small to trust. */
export const MIN_BATCH_ROWS = 30;
/** Chi-square expected counts under this are flagged. */
export const MIN_EXPECTED_COUNT = 5;

export interface DriftResult {
  method: DriftMethod;
  /** The p-value for ks, chisquare and z; the distance for wasserstein, jensenshannon and psi. NaN when it cannot be computed. */
  statistic: number;
  threshold: number;
  drift: boolean;
  referenceSize: number;
  currentSize: number;
  /**
   * ks: D; chisquare: total variation distance between the frequency tables; z: current
   * minus reference share of the non-first category; the distances: the statistic itself.
   */
  effectSize: number;
  /** Why this batch is too small for its test, or null. */
  tooSmall: string | null;
}

export type DriftValues = readonly Category[] | ArrayLike<number>;

/**
 * Runs one drift test on non-missing values (the caller drops null / NaN first, as
 * Evidently does) and applies Evidently's comparison: ks drifts at p <= threshold,
 * chisquare and z at p < threshold, the distances at >= threshold. An empty side gives
 * statistic NaN, drift false and a `tooSmall` message instead of throwing.
 * `numerical` tells jensenshannon and psi whether Sturges bins are allowed.
 */
export function runDriftTest(
  method: DriftMethod,
  reference: DriftValues,
  current: DriftValues,
  options: { threshold?: number; numerical?: boolean } = {},
): DriftResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[method];
  const referenceSize = reference.length;
  const currentSize = current.length;
  const base = { method, threshold, referenceSize, currentSize };
  const sizeNote = smallNote(referenceSize, currentSize);
  if (referenceSize === 0 || currentSize === 0) {
    return { ...base, statistic: NaN, drift: false, effectSize: NaN, tooSmall: sizeNote };
  }
  switch (method) {
    case 'ks': {
      const r = ks2samp(reference as ArrayLike<number>, current as ArrayLike<number>);
      return { ...base, statistic: r.pvalue, drift: r.pvalue <= threshold, effectSize: r.statistic, tooSmall: sizeNote };
    }
    case 'chisquare': {
      const r = chiSquare(Array.from(reference as ArrayLike<Category>), Array.from(current as ArrayLike<Category>));
      const expectedNote =
        r.minExpected < MIN_EXPECTED_COUNT ? `an expected count is ${round(r.minExpected)} (< ${MIN_EXPECTED_COUNT})` : null;
      return {
        ...base,
        statistic: r.pvalue,
        drift: r.pvalue < threshold,
        effectSize: r.totalVariation,
        tooSmall: joinNotes(sizeNote, expectedNote),
      };
    }
    case 'z': {
      const r = zTest(Array.from(reference as ArrayLike<Category>), Array.from(current as ArrayLike<Category>));
      return { ...base, statistic: r.pvalue, drift: r.pvalue < threshold, effectSize: r.proportionDifference, tooSmall: sizeNote };
    }
    case 'wasserstein': {
      const value = wassersteinNorm(reference as ArrayLike<number>, current as ArrayLike<number>);
      return { ...base, statistic: value, drift: value >= threshold, effectSize: value, tooSmall: sizeNote };
    }
    case 'jensenshannon':
    case 'psi': {
      const numerical = options.numerical ?? false;
      const value =
        method === 'psi' ? psi(reference, current, numerical) : jensenShannonStat(reference, current, numerical);
      return { ...base, statistic: value, drift: value >= threshold, effectSize: value, tooSmall: sizeNote };
    }
  }
}

function smallNote(referenceSize: number, currentSize: number): string | null {
  const notes: string[] = [];
  if (referenceSize < MIN_BATCH_ROWS) notes.push(`reference has ${referenceSize} rows (< ${MIN_BATCH_ROWS})`);
  if (currentSize < MIN_BATCH_ROWS) notes.push(`current has ${currentSize} rows (< ${MIN_BATCH_ROWS})`);
  return notes.length > 0 ? notes.join('; ') : null;
}

function joinNotes(a: string | null, b: string | null): string | null {
  return a && b ? `${a}; ${b}` : (a ?? b);
}

function round(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : String(value);
}
