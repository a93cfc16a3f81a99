// Holds the scoring domain's jobs in progress: each score or importance job
// runs in its own worker, is recorded in scoring_jobs from start to end,
// reports its progress event, and takes a Cancel. The output path is checked
// here: a new .csv file in a folder that exists, never the input, never
// inside a project folder.
import fs from 'node:fs';
import path from 'node:path';
import type { ArgsOf, Events } from '../../../shared/api';
import type { ModelInspection, WhatIfPrediction } from '../../../shared/scoring/inspection';
import { PermutationImportanceCancelled } from '../../../shared/scoring/permutationImportance';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { featuresOf, type FeatureOrderSource } from './batchModel';
import { columnIndex, headerOf, recordsAtStart, ScoringCancelled, ScoringInputError, type FeatureSpec } from './batchScore';
import { recordImportanceJob } from './importance';
import { runImportance } from './importanceRunner';
import { inspectModelSource } from './modelSource';
import { openScoringModel } from './onnx/session';
import { rememberFeatureOrder } from './queries';
import { labelColumnFor, recordScoringJob } from './scoringJob';
import { runScoring } from './scoringRunner';
import { WhatIfModels } from './whatIf';
import type { RunningJob } from './workerJob';

type ScoreArgs = ArgsOf<'scoring/score'>;
type ImportanceArgs = ArgsOf<'scoring/importance'>;
type ModelSourceArgs = ScoreArgs['model'];

export interface ScoringWorkers {
  scoring?: string;
  whatIf?: string;
  importance?: string;
}

interface PreparedModel {
  inspection: ModelInspection;
  file: string;
  features: FeatureSpec[];
  featureOrder: FeatureOrderSource;
  modelInfo: { path: string; sha256: string | null; runId: string | null; artifactPath: string | null };
}

function insideFolder(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function existingFile(requested: string): string {
  const file = path.resolve(requested);
  if (!fs.existsSync(file)) throw new RequestFailed('not-found', `${file}: no such file`);
  return file;
}

export class ScoringService {
  private readonly running = new Map<number, RunningJob<unknown>>();
  private readonly featureCache = new Map<string, FeatureSpec[]>();
  private readonly whatIf: WhatIfModels;

  constructor(
    private readonly db: Db,
    private readonly emit: <E extends keyof Events>(name: E, payload: Events[E]) => void,
    private readonly workers: ScoringWorkers = {},
  ) {
    this.whatIf = new WhatIfModels(workers.whatIf);
  }

  private checkedOutput(input: string, requested: string): string {
    if (!path.isAbsolute(requested)) throw new RequestFailed('bad-request', 'The output must be an absolute path');
    const output = path.resolve(requested);
    if (!output.toLowerCase().endsWith('.csv')) throw new RequestFailed('bad-request', 'The output must be a .csv file');
    if (output === input) throw new RequestFailed('bad-request', 'The output must not be the input');
    if (!fs.existsSync(path.dirname(output))) throw new RequestFailed('bad-request', `The folder ${path.dirname(output)} does not exist`);
    if (fs.existsSync(output)) throw new RequestFailed('bad-request', `${path.basename(output)} exists already: pick a new file`);
    const projects = this.db.prepare('SELECT path FROM projects').all() as { path: string }[];
    const inside = projects.find((project) => insideFolder(project.path, output));
    if (inside) throw new RequestFailed('bad-request', `Runlens does not write into a project folder (${inside.path}): pick another folder`);
    return output;
  }

  /**
   * The model's file and features: a 2-D input's order is the model's own,
   * else the one remembered for it, else the one given now (then remembered).
   */
  private async prepared(source: ModelSourceArgs, given: string[] | undefined, threads = 1): Promise<PreparedModel> {
    const inspection = inspectModelSource(this.db, source);
    const file = inspection.file;
    if (!file || !inspection.info || inspection.unscorable) throw new RequestFailed('bad-request', inspection.unscorable ?? 'The model cannot be scored');
    const order = inspection.featureOrder ?? given ?? null;
    const model = await openScoringModel(file, { threads });
    let chosen;
    try {
      chosen = featuresOf(model, order);
    } catch (error) {
      throw new RequestFailed('bad-request', (error as Error).message);
    } finally {
      await model.close();
    }
    if (chosen.source === 'given') rememberFeatureOrder(this.db, inspection.info.sha256, chosen.features.map((feature) => feature.column));
    const modelInfo = { path: file, sha256: inspection.info.sha256, runId: source.kind === 'artifact' ? source.runId : null, artifactPath: source.kind === 'artifact' ? source.artifactPath : null };
    return { inspection, file, features: chosen.features, featureOrder: chosen.source, modelInfo };
  }

  async start(args: ScoreArgs): Promise<{ jobId: number }> {
    const input = existingFile(args.input);
    const output = this.checkedOutput(input, args.output);
    const model = await this.prepared(args.model, args.features, args.threads);
    let labelColumn: string | null;
    try {
      labelColumn = labelColumnFor(await recordsAtStart(input, 51), model.features, args.labelColumn, model.inspection.info?.outputs.classLabels ?? null);
    } catch (error) {
      throw new RequestFailed('bad-request', (error as Error).message);
    }
    const threads = args.threads ?? 2;
    const settings = { batch: args.batchRows ?? null, threads, missing: args.missing ?? 'fail', feature_order: model.featureOrder };
    let jobId = 0;
    // Each event repeats the last counts, so the one that ends the job still says how far it got.
    let last: Events['scoring/progress'] = { jobId, rows: 0, rowsPerSecond: 0, bytesRead: 0, totalBytes: 0, status: 'running', error: null };
    const progress = (patch: Partial<Events['scoring/progress']>) => {
      last = { ...last, jobId, ...patch };
      this.emit('scoring/progress', last);
    };
    const options = { batchRows: args.batchRows, missing: args.missing, idColumn: args.idColumn, labelColumn: labelColumn ?? undefined };
    const job = recordScoringJob(
      this.db,
      { modelInfo: model.modelInfo, input, output, settings, labelColumn },
      () => this.track(jobId, runScoring(this.workers.scoring, { modelFile: model.file, threads, features: model.features, input, output, options }, (p) => progress({ ...p }))),
      (id) => (jobId = id),
    );
    job.then(
      (summary) => progress({ rows: summary.rows, rowsPerSecond: summary.rowsPerSecond, bytesRead: last.totalBytes, status: 'finished' }),
      (error: unknown) => progress({ status: error instanceof ScoringCancelled ? 'cancelled' : 'failed', error: (error as Error).message }),
    );
    return { jobId };
  }

  async startImportance(args: ImportanceArgs): Promise<{ jobId: number }> {
    const input = existingFile(args.data);
    const header = headerOf(input);
    if (!header.includes(args.label)) throw new RequestFailed('bad-request', `The data has no label column "${args.label}" (its columns: ${header.join(', ')})`);
    const model = await this.prepared(args.model, args.features, args.threads);
    if (model.features.some((feature) => columnIndex(header, feature.column) === header.indexOf(args.label))) throw new RequestFailed('bad-request', `"${args.label}" is one of the model's features, not a label`);
    const threads = args.threads ?? 2;
    const scorer = args.scorer ?? 'accuracy';
    const repeats = args.repeats ?? 5;
    const seed = args.seed ?? Math.floor(Math.random() * 2 ** 32);
    let jobId = 0;
    let last: Events['importance/progress'] = { jobId, featuresDone: 0, featureCount: model.features.length, status: 'running', error: null };
    const progress = (patch: Partial<Events['importance/progress']>) => {
      last = { ...last, jobId, ...patch };
      this.emit('importance/progress', last);
    };
    const job = recordImportanceJob(
      this.db,
      { modelInfo: model.modelInfo, input, label: args.label, scorer, repeats, seed, settings: { threads, feature_order: model.featureOrder } },
      () => this.track(jobId, runImportance(this.workers.importance, { modelFile: model.file, threads, features: model.features, input, label: args.label, scorer, repeats, seed }, (p) => progress(p))),
      (id) => (jobId = id),
    );
    job.then(
      () => progress({ featuresDone: last.featureCount, status: 'finished' }),
      (error: unknown) => progress({ status: error instanceof PermutationImportanceCancelled ? 'cancelled' : 'failed', error: (error as Error).message }),
    );
    return { jobId };
  }

  /** Keeps a running job cancellable until it settles. */
  private track<T>(jobId: number, run: RunningJob<T>): Promise<T> {
    this.running.set(jobId, run);
    const forget = () => this.running.delete(jobId);
    run.result.then(forget, forget);
    return run.result;
  }

  /** The what-if form's rows, scored by the model kept open for it. */
  async predict(source: ModelSourceArgs, rows: ArgsOf<'scoring/predict'>['rows'], givenOrder: string[] | undefined): Promise<WhatIfPrediction> {
    const inspection = inspectModelSource(this.db, source);
    if (!inspection.file || inspection.unscorable) throw new RequestFailed('bad-request', inspection.unscorable ?? 'The model cannot be scored');
    const order = inspection.featureOrder?.features ?? givenOrder;
    const key = `${inspection.file}\u0000${inspection.info?.sha256}\u0000${order?.join('\u0000') ?? ''}`;
    let features = this.featureCache.get(key);
    if (!features) {
      features = (await this.prepared(source, givenOrder)).features;
      this.featureCache.set(key, features);
    }
    try {
      return await this.whatIf.predict(inspection.file, features, rows);
    } catch (error) {
      if (error instanceof ScoringInputError) throw new RequestFailed('bad-request', error.message);
      throw error;
    }
  }

  cancel(jobId: number): boolean {
    const run = this.running.get(jobId);
    if (!run) return false;
    run.cancel();
    return true;
  }

  /** Waits for every job in progress to end (cancelling them): the backend is closing. */
  async close(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.cancel();
    await Promise.allSettled(runs.map((run) => run.result));
    await this.whatIf.close();
  }
}
