// Holds the evaluation domain's state: the loads in progress (one per set,
// shared by whoever asks, cancellable) and the last few loaded sets, kept in
// typed arrays so the rows behind a cell and the per-group tables are answered
// without reading the file again.
import fs from 'node:fs';
import type { Events } from '../../../shared/api';
import { groupTables, thresholdIndex } from '../../../shared/evaluation';
import type { PredictionRows, PredictionSetKey } from '../../../shared/evaluation/predictionSets';
import type { Evaluation, GroupTable } from '../../../shared/evaluation/types';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { runEvaluation, type EvaluationOutcome, type RunningEvaluation } from './evaluationRunner';
import type { EvaluationLimits } from './computeEvaluation';
import { readFailure, readPredictionTable, ReadCancelled } from './predictionTable';
import { resolvePredictionSet } from './predictionSets';

/** Loaded sets kept in memory (a million binary rows take about 30 MB). */
const cachedSets = 3;

interface Cached {
  /** The file's identity and the mapping: a changed file or mapping is read again. */
  signature: string;
  outcome: EvaluationOutcome;
  file: string;
  format: Parameters<typeof readPredictionTable>[1];
}

interface InFlight {
  signature: string;
  running: RunningEvaluation;
  done: Promise<Cached>;
  /** Loads waiting for it (two windows, the compare view): a cancel stops the read only when it was the last. */
  waiters: number;
}

export type RowsQuery = PredictionSetKey & {
  trueClass: string;
  predictedClass: string;
  threshold?: number;
  offset: number;
  limit: number;
};

export class EvaluationService {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly db: Db,
    private readonly emit: <E extends keyof Events>(name: E, payload: Events[E]) => void,
    private readonly workerScript?: string,
    private readonly limits?: EvaluationLimits,
  ) {}

  async load(set: PredictionSetKey): Promise<Evaluation> {
    return (await this.loaded(set, true)).outcome.evaluation;
  }

  cancel(set: PredictionSetKey): boolean {
    const key = keyOf(set);
    const running = this.inFlight.get(key);
    if (!running) return false;
    running.waiters -= 1;
    if (running.waiters > 0) return true;
    running.running.cancel();
    this.inFlight.delete(key);
    return true;
  }

  async groups(set: PredictionSetKey, column: string): Promise<GroupTable[]> {
    const { outcome } = await this.loaded(set);
    const { loaded } = outcome;
    if (loaded.kind !== 'binary') throw new RequestFailed('bad-request', 'The fairness table is for binary problems');
    const group = loaded.groupColumns.find((candidate) => candidate.name === column);
    if (!group) throw new RequestFailed('bad-request', `"${column}" is not a column to group by (${loaded.groupColumns.map((c) => c.name).join(', ') || 'this file has none'})`);
    const isPositive = new Uint8Array(loaded.rows);
    for (let i = 0; i < loaded.rows; i++) isPositive[i] = loaded.yTrue[i] === 1 ? 1 : 0;
    return groupTables(isPositive, loaded.positiveScore!, group.codes, group.values);
  }

  async rows(query: RowsQuery): Promise<PredictionRows> {
    const cached = await this.loaded(query);
    const { loaded } = cached.outcome;
    const trueIndex = loaded.classes.indexOf(query.trueClass);
    const predictedIndex = loaded.classes.indexOf(query.predictedClass);
    if (trueIndex < 0 || predictedIndex < 0) throw new RequestFailed('bad-request', `Unknown class (the classes are ${loaded.classes.join(', ')})`);
    if (loaded.kind === 'binary' && query.threshold === undefined) throw new RequestFailed('bad-request', 'A binary problem needs the threshold the matrix was read at');
    const predicted = predictedClassOf(loaded, this.matrixThreshold(cached, query.threshold ?? 0.5));
    const wanted: number[] = [];
    let total = 0;
    for (let row = 0; row < loaded.rows; row++) {
      if (loaded.yTrue[row] !== trueIndex || predicted(row) !== predictedIndex) continue;
      if (total >= query.offset && wanted.length < query.limit) wanted.push(loaded.lines[row]);
      total += 1;
    }
    const lines = new Set(wanted);
    const last = wanted.length ? wanted[wanted.length - 1] : -1;
    const rows: PredictionRows['rows'] = [];
    let columns: string[] = [];
    if (wanted.length) {
      await readPredictionTable(cached.file, cached.format, {
        header: (names) => (columns = names),
        row(values, line) {
          if (lines.has(line)) rows.push({ line, values });
          return line >= last ? 'stop' : undefined;
        },
      }).catch((error: unknown) => {
        throw readFailure(error, query.path);
      });
    }
    return { columns: columns.length ? columns : loaded.columns, rows, total };
  }

  /**
   * The threshold the renderer's matrix was read at: on a thinned table its
   * counts are those of the kept score at or above the typed value, so the
   * rows behind a cell are too.
   */
  private matrixThreshold(cached: Cached, threshold: number): number {
    const { evaluation } = cached.outcome;
    if (evaluation.kind !== 'binary' || evaluation.table.distinctScores === evaluation.table.thresholds.length) return threshold;
    const index = thresholdIndex(evaluation.table, threshold);
    return index < 0 ? Infinity : evaluation.table.thresholds[index];
  }

  private async loaded(setKey: PredictionSetKey, waits = false): Promise<Cached> {
    const key = keyOf(setKey);
    const set = resolvePredictionSet(this.db, setKey);
    const path = setKey.path;
    const signature = signatureOf(set.file, set.mapping);
    const cached = this.cache.get(key);
    if (cached && cached.signature === signature) {
      this.cache.delete(key);
      this.cache.set(key, cached); // most recently used last
      return cached;
    }
    const pending = this.inFlight.get(key);
    if (pending && pending.signature === signature) {
      if (waits) pending.waiters += 1;
      return pending.done;
    }
    pending?.running.cancel();
    const running = runEvaluation(this.workerScript, { file: set.file, artifactPath: path, format: set.format, mapping: set.mapping, limits: this.limits }, (bytesRead, totalBytes, rowsRead) =>
      this.emit('evaluation/progress', { ...eventKeyOf(setKey), bytesRead, totalBytes, rowsRead }),
    );
    const done = running.result.then(
      (outcome) => {
        const entry: Cached = { signature, outcome, file: set.file, format: set.format };
        if (this.inFlight.get(key)?.running === running) this.inFlight.delete(key);
        this.cache.set(key, entry);
        while (this.cache.size > cachedSets) this.cache.delete(this.cache.keys().next().value as string);
        return entry;
      },
      (error: unknown) => {
        if (this.inFlight.get(key)?.running === running) this.inFlight.delete(key);
        if (error instanceof ReadCancelled) throw new RequestFailed('bad-request', 'The evaluation was cancelled');
        throw error;
      },
    );
    this.inFlight.set(key, { signature, running, done, waiters: waits ? 1 : 0 });
    return done;
  }
}

const keyOf = (set: PredictionSetKey) => (set.jobId !== undefined ? `job\u0000${set.jobId}\u0000${set.path}` : `run\u0000${set.runId}\u0000${set.path}`);

/** Only the key's own fields (a rows query carries more). */
const eventKeyOf = (set: PredictionSetKey): PredictionSetKey => (set.jobId !== undefined ? { jobId: set.jobId, path: set.path } : { runId: set.runId, path: set.path });

function signatureOf(file: string, mapping: unknown): string {
  let identity = '';
  try {
    const stat = fs.statSync(file);
    identity = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    identity = 'gone';
  }
  return `${identity}|${JSON.stringify(mapping)}`;
}

/** The class each row is predicted: binary by the threshold, multiclass by arg-max (first on ties, as numpy). */
function predictedClassOf(loaded: EvaluationOutcome['loaded'], threshold: number): (row: number) => number {
  if (loaded.kind === 'binary') {
    const score = loaded.positiveScore!;
    return (row) => (score[row] >= threshold ? 1 : 0);
  }
  return (row) => {
    let best = 0;
    for (let c = 1; c < loaded.scores.length; c++) if (loaded.scores[c][row] > loaded.scores[best][row]) best = c;
    return best;
  };
}
