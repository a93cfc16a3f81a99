// One run of a monitor: list its current data, find the batches that are new
// or changed (a signature differs from the stored one), and only then read
// the reference and compute them, oldest first, reporting each batch as it
// is done (the caller stores it). Pure but for reading files: the worker and
// the CLI's in-process backend run the same function. Cancel between batches.
import path from 'node:path';
import type { DriftBatch, MonitorCurrent, MonitorSettings } from '../../../shared/drift/monitor';
import { fileBatchPlans, fileSignature, listCurrentFiles, unchangedSince, type CurrentFile } from './batches';
import { computeBatch, MonitorInputError, prepareReference, unreadableBatch, type BatchInput, type ModelJob, type PreparedReference } from './batchCompute';
import { FrameReadCancelled, readCsvFrame, type CsvFrame } from './frameCsv';
import { splitByPeriod } from './periods';
import type { BatchDetails, ReferenceSummary } from './queries';

export { MonitorInputError };

export class MonitorCancelled extends Error {
  constructor() {
    super('The monitor run was cancelled');
  }
}

export interface MonitorJob {
  reference: string;
  current: MonitorCurrent;
  model: (ModelJob & { signature: string }) | null;
  settings: MonitorSettings;
  /** Stored batches' signatures by key. */
  known: Record<string, string>;
  /** Read the reference even with nothing to compute: its summary is not stored yet. */
  summarize: boolean;
}

export type MonitorProgress =
  | { kind: 'reference'; summary: ReferenceSummary; total: number }
  | { kind: 'computing'; label: string; done: number; total: number }
  | { kind: 'batch'; batch: DriftBatch; details: BatchDetails | null; signature: string; done: number; total: number };

export interface MonitorOutcome {
  /** Batches stored by this run. */
  computed: number;
  /** Files left for a later run: still being written. */
  fresh: string[];
  problems: string[];
}

/** A batch to compute, read when its turn comes. */
interface Pending {
  key: string;
  label: string;
  startAt: number;
  signature: string;
  load(): Promise<BatchInput | { unreadable: string; meta: Omit<BatchInput, 'frame'> } | null>;
}

const abortCheck = (signal: AbortSignal) => {
  if (signal.aborted) throw new MonitorCancelled();
};

function filePending(file: CurrentFile, plan: ReturnType<typeof fileBatchPlans>[number], basis: string, fresh: string[], signal: AbortSignal): Pending {
  const meta = { key: plan.key, label: plan.label, startAt: plan.startAt, problems: [] as string[], skippedLines: 0, skippedExamples: [] as number[] };
  return {
    key: plan.key,
    label: plan.label,
    startAt: plan.startAt,
    signature: `${plan.signature}|${basis}`,
    async load() {
      let read: CsvFrame;
      try {
        read = await readCsvFrame(file.file, { signal });
      } catch (error) {
        if (error instanceof FrameReadCancelled) throw new MonitorCancelled();
        return { unreadable: (error as Error).message, meta };
      }
      // Written to while it was read: left for the next run.
      if (!unchangedSince(file)) {
        fresh.push(file.file);
        return null;
      }
      return { ...meta, frame: read.frame, problems: read.problems, skippedLines: read.skippedLines, skippedExamples: read.skippedExamples };
    },
  };
}

async function periodPendings(files: CurrentFile[], settings: MonitorSettings, basis: string, problems: string[], signal: AbortSignal): Promise<Pending[]> {
  if (settings.batchBy.kind !== 'period') return [];
  const reads: { file: string; read: CsvFrame }[] = [];
  for (const file of files) {
    abortCheck(signal);
    try {
      reads.push({ file: file.file, read: await readCsvFrame(file.file, { signal }) });
    } catch (error) {
      if (error instanceof FrameReadCancelled) throw new MonitorCancelled();
      problems.push(`${path.basename(file.file)} is left out: ${(error as Error).message}`);
    }
  }
  return splitByPeriod(reads, settings.batchBy.column, settings.batchBy.period).map((period) => ({
    key: period.key,
    label: period.label,
    startAt: period.startAt,
    signature: `rows:${period.rowsHash}|${basis}`,
    load: async () => ({ key: period.key, label: period.label, startAt: period.startAt, frame: period.frame, problems: period.problems, skippedLines: period.skippedLines, skippedExamples: period.skippedExamples }),
  }));
}

/** Computes the monitor's new and changed batches; throws MonitorInputError (the run fails) or MonitorCancelled. */
export async function runMonitor(job: MonitorJob, signal: AbortSignal, progress: (p: MonitorProgress) => void): Promise<MonitorOutcome> {
  const listed = listCurrentFiles(job.current);
  const problems = [...listed.problems];
  const fresh = [...listed.fresh];
  const basis = `ref:${fileSignature(job.reference)}|model:${job.model?.signature ?? 'none'}`;
  const all = job.settings.batchBy.kind === 'file'
    ? fileBatchPlans(listed.files).map((plan) => filePending(plan.file, plan, basis, fresh, signal))
    : await periodPendings(listed.files, job.settings, basis, problems, signal);
  const todo = all.filter((p) => job.known[p.key] !== p.signature).sort((a, b) => a.startAt - b.startAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (todo.length === 0 && !job.summarize) return { computed: 0, fresh, problems };
  abortCheck(signal);
  const reference = await prepareReference(job.reference, job.settings, job.model);
  try {
    progress({ kind: 'reference', summary: reference.summary, total: todo.length });
    return { computed: await computeAll(reference, todo, job.settings, signal, progress), fresh, problems };
  } finally {
    await reference.model?.scoring.close();
  }
}

async function computeAll(reference: PreparedReference, todo: Pending[], settings: MonitorSettings, signal: AbortSignal, progress: (p: MonitorProgress) => void): Promise<number> {
  let done = 0;
  let stored = 0;
  for (const pending of todo) {
    abortCheck(signal);
    progress({ kind: 'computing', label: pending.label, done, total: todo.length });
    const input = await pending.load();
    done++;
    if (input === null) continue; // written to while it was read: the next run takes it
    stored++;
    if ('unreadable' in input) {
      progress({ kind: 'batch', batch: unreadableBatch(input.meta, input.unreadable), details: null, signature: pending.signature, done, total: todo.length });
      continue;
    }
    const { batch, details } = await computeBatch(reference, input, settings);
    progress({ kind: 'batch', batch, details, signature: pending.signature, done, total: todo.length });
  }
  return stored;
}
