// The classifier-evaluation math, one import for the backend, the CLI and the renderer.
export * from './types';
export * from './predictionSets';
export * from './cumulative';
export * from './curves';
export * from './thresholdMetrics';
export * from './agreement';
export * from './probabilityMetrics';
export * from './calibration';
export * from './histogram';
export * from './gain';
export * from './cost';
export * from './fairness';
export * from './confusion';
export * from './binary';
export * from './multiclass';
export * from './grid';
export * from './numberArray';
