// The view slice: how the matrix, the calibration, the histograms and the cost
// curve are drawn. Plain settings, checked on the way in.
import type { ViewSettings, ViewSlice } from '../state';
import type { SliceContext } from './context';

export const BIN_LIMITS = { min: 2, max: 100 } as const;
export const CELL_SIZE_LIMITS = { min: 14, max: 120 } as const;

export function defaultViewSettings(): ViewSettings {
  return {
    normalization: 'none',
    classOrder: 'name',
    cellSize: null,
    cost: { falsePositiveCost: 1, falseNegativeCost: 1, truePositiveBenefit: 0 },
    calibrationBins: 10,
    calibrationStrategy: 'uniform',
    histogramBins: 30,
  };
}

const clampInt = (value: number, lo: number, hi: number, fallback: number): number =>
  Number.isFinite(value) ? Math.min(hi, Math.max(lo, Math.round(value))) : fallback;

/** A cost is a finite amount, never negative (a benefit is its own field). */
const cost = (value: number, fallback: number): number => (Number.isFinite(value) && value >= 0 ? value : fallback);

/** The patch with out-of-range numbers brought into range and non-numbers dropped for the current value. */
export function checkedView(current: ViewSettings, patch: Partial<ViewSettings>): ViewSettings {
  const next = { ...current, ...patch };
  return {
    ...next,
    cellSize: next.cellSize === null ? null : clampInt(next.cellSize, CELL_SIZE_LIMITS.min, CELL_SIZE_LIMITS.max, current.cellSize ?? CELL_SIZE_LIMITS.max),
    calibrationBins: clampInt(next.calibrationBins, BIN_LIMITS.min, BIN_LIMITS.max, current.calibrationBins),
    histogramBins: clampInt(next.histogramBins, BIN_LIMITS.min, BIN_LIMITS.max, current.histogramBins),
    cost: {
      falsePositiveCost: cost(next.cost.falsePositiveCost, current.cost.falsePositiveCost),
      falseNegativeCost: cost(next.cost.falseNegativeCost, current.cost.falseNegativeCost),
      truePositiveBenefit: cost(next.cost.truePositiveBenefit, current.cost.truePositiveBenefit),
    },
  };
}

export function createViewSlice(ctx: SliceContext): ViewSlice {
  return {
    ...defaultViewSettings(),
    setView(patch) {
      const { normalization, classOrder, cellSize, cost: costs, calibrationBins, calibrationStrategy, histogramBins } = ctx.get();
      ctx.set(checkedView({ normalization, classOrder, cellSize, cost: costs, calibrationBins, calibrationStrategy, histogramBins }, patch));
    },
  };
}
