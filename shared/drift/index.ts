export * from './columnTypes';
export * from './counts';
export * from './stattests';
export * from './defaultTest';
export { ks2samp, ks2sampSorted, KS_MAX_EXACT_N, type KsResult } from './ks';
export { kolmogorovSf, smirnovSf } from './kolmogorov';
export { chiSquare, type ChiSquareResult } from './chisquare';
export { zTest, type ZTestResult } from './zTest';
export { wassersteinDistance, wassersteinDistanceSorted, wassersteinNorm, populationStd, WASSERSTEIN_STD_FLOOR } from './wasserstein';
export { jensenShannonDistance, jensenShannonStat } from './jensenShannon';
export { psi } from './psi';
export { binnedShares, sturgesEdges, histogram } from './binning';
export { chi2Sf, normalSf, erfc, gammaQ, lnGamma } from './special';
export { compareFrames, compareDriftRecords, driftScore, MOSTLY_NUMERIC_SHARE, type DriftFrame, type FrameColumn, type CompareOptions, type FrameDriftRecord } from './frame';
export {
  numericDistribution,
  numericDistributionOf,
  categoricalDistribution,
  quantileSorted,
  equalWidthEdges,
  DISTRIBUTION_BINS,
  DISTRIBUTION_QUANTILES,
  TOP_CATEGORIES,
  OTHER_CATEGORY,
} from './distributions';
export { fitIsotonic, predictIsotonic, type IsotonicModel } from './isotonic';
export { measuredPerformance, NO_PERFORMANCE } from './performance';
export { fitCbpe, estimatePerformance, CBPE_ASSUMPTIONS, CBPE_BOOTSTRAP_DRAWS, CBPE_BOOTSTRAP_ROWS, CBPE_THRESHOLD, type CbpeReference } from './cbpe';
