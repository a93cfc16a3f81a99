// Runlens's own run format (docs/FORMAT.md): the format (detection and the
// run's read) and its parts, for the registry and the tests.
export { isNativeRunFolder, nativeFiles, nativeFormat, readNativeRun } from './format';
export { maxHeaderBytes, maxValueChars, maxValuesPerRecord, parseNativeHeader, readNativeHeader } from './header';
export { parseJsonLine, quoteBareNonFinite } from './jsonLine';
export { readNativeEvents, readNativeMetrics } from './lines';
