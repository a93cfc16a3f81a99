// Two CSV files compared column by column: what `drift/compare` answers and
// `runlens drift` prints. Bad input (a file missing, no column in common) is
// a CompareInputError naming the file.
import path from 'node:path';
import { compareFrames } from '../../../shared/drift/frame';
import type { CompareSettings, DriftReport } from '../../../shared/drift/monitor';
import { FrameReadCancelled, FrameReadError, readCsvFrame } from './frameCsv';

export class CompareInputError extends Error {}
export class CompareCancelled extends Error {
  constructor() {
    super('The comparison was cancelled');
  }
}

async function readSide(file: string, side: string, signal?: AbortSignal) {
  try {
    return await readCsvFrame(file, { signal });
  } catch (error) {
    if (error instanceof FrameReadCancelled) throw new CompareCancelled();
    throw new CompareInputError(error instanceof FrameReadError ? `The ${side}: ${error.message}` : `The ${side} ${file} cannot be read: ${(error as Error).message}`);
  }
}

/** The report with distributions; throws CompareInputError when the files share no column. */
export async function compareFiles(reference: string, current: string, settings: CompareSettings = {}, signal?: AbortSignal): Promise<DriftReport> {
  const [a, b] = [path.resolve(reference), path.resolve(current)];
  const referenceRead = await readSide(a, 'reference', signal);
  const currentRead = await readSide(b, 'current data', signal);
  const common = referenceRead.columns.filter((name) => currentRead.frame.columns.has(name));
  if (referenceRead.columns.length === 0) throw new CompareInputError(`The reference ${path.basename(a)} is empty: it has no header`);
  if (currentRead.columns.length === 0) throw new CompareInputError(`The current data ${path.basename(b)} is empty: it has no header`);
  if (common.length === 0) throw new CompareInputError(`${path.basename(a)} and ${path.basename(b)} have no column in common (the reference has ${referenceRead.columns.slice(0, 10).join(', ')}${referenceRead.columns.length > 10 ? ', …' : ''})`);
  return compareFrames(referenceRead.frame, currentRead.frame, settings, { distributions: true });
}
