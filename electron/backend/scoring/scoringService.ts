// Holds the scoring jobs in progress: each runs in its own worker, is recorded
// in scoring_jobs from start to end, reports `scoring/progress`, and takes a
// Cancel. The output path is checked here: a new .csv file in a folder that
// exists, never the input, never inside a project folder.
import fs from 'node:fs';
import path from 'node:path';
import type { ArgsOf, Events } from '../../../shared/api';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { featuresOf } from './batchModel';
import { ScoringCancelled, type FeatureSpec } from './batchScore';
import { WhatIfModels } from './whatIf';
import type { WhatIfPrediction } from '../../../shared/scoring/inspection';
import { inspectResolved, resolveModel } from './modelSource';
import { recordScoringJob } from './scoringJob';
import { runScoring, type RunningScoring } from './scoringRunner';
import { openScoringModel } from './onnx/session';

type ScoreArgs = ArgsOf<'scoring/score'>;

function insideFolder(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export class ScoringService {
  private readonly running = new Map<number, RunningScoring>();
  private readonly featureCache = new Map<string, FeatureSpec[]>();
  private readonly whatIf: WhatIfModels;

  constructor(
    private readonly db: Db,
    private readonly emit: <E extends keyof Events>(name: E, payload: Events[E]) => void,
    private readonly workerScript?: string,
    whatIfWorkerScript?: string,
  ) {
    this.whatIf = new WhatIfModels(whatIfWorkerScript);
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

  async start(args: ScoreArgs): Promise<{ jobId: number }> {
    const input = path.resolve(args.input);
    if (!fs.existsSync(input)) throw new RequestFailed('not-found', `${input}: no such file`);
    const output = this.checkedOutput(input, args.output);
    const resolved = resolveModel(this.db, args.model);
    const inspection = inspectResolved(resolved);
    if (!inspection.file || inspection.unscorable) throw new RequestFailed('bad-request', inspection.unscorable ?? 'The model cannot be scored');
    const model = await openScoringModel(inspection.file, { threads: args.threads });
    let chosen;
    try {
      chosen = featuresOf(model, args.features ?? null);
    } catch (error) {
      throw new RequestFailed('bad-request', (error as Error).message);
    } finally {
      await model.close();
    }
    const threads = args.threads ?? 2;
    const settings = { batch: args.batchRows ?? null, threads, missing: args.missing ?? 'fail', feature_order: chosen.source };
    const source = args.model;
    const modelInfo = { path: inspection.file, sha256: inspection.info?.sha256 ?? null, runId: source.kind === 'artifact' ? source.runId : null, artifactPath: source.kind === 'artifact' ? source.artifactPath : null };
    let jobId = 0;
    // Each event repeats the last counts, so the one that ends the job still says how far it got.
    let last: Events['scoring/progress'] = { jobId, rows: 0, rowsPerSecond: 0, bytesRead: 0, totalBytes: 0, status: 'running', error: null };
    const progress = (patch: Partial<Events['scoring/progress']>) => {
      last = { ...last, jobId, ...patch };
      this.emit('scoring/progress', last);
    };
    const job = recordScoringJob(
      this.db,
      { modelInfo, input, output, settings },
      () => {
        const run = runScoring(this.workerScript, { modelFile: inspection.file!, threads, features: chosen.features, input, output, options: { batchRows: args.batchRows, missing: args.missing, idColumn: args.idColumn } }, (p) => progress({ ...p }));
        this.running.set(jobId, run);
        return run.result;
      },
      (id) => (jobId = id),
    );
    job.then(
      (summary) => progress({ rows: summary.rows, rowsPerSecond: summary.rowsPerSecond, bytesRead: last.totalBytes, status: 'finished' }),
      (error: unknown) => progress({ status: error instanceof ScoringCancelled ? 'cancelled' : 'failed', error: (error as Error).message }),
    ).finally(() => this.running.delete(jobId));
    return { jobId };
  }

  /** The what-if form's rows, scored by the model kept open for it. */
  async predict(source: ArgsOf<'scoring/predict'>['model'], rows: ArgsOf<'scoring/predict'>['rows'], givenOrder: string[] | null): Promise<WhatIfPrediction> {
    const inspection = inspectResolved(resolveModel(this.db, source));
    if (!inspection.file || inspection.unscorable) throw new RequestFailed('bad-request', inspection.unscorable ?? 'The model cannot be scored');
    const cached = this.featureCache.get(`${inspection.file}\u0000${givenOrder?.join('\u0000') ?? ''}`);
    let features = cached;
    if (!features) {
      const model = await openScoringModel(inspection.file, { threads: 1 });
      try {
        features = featuresOf(model, givenOrder).features;
      } catch (error) {
        throw new RequestFailed('bad-request', (error as Error).message);
      } finally {
        await model.close();
      }
      this.featureCache.set(`${inspection.file}\u0000${givenOrder?.join('\u0000') ?? ''}`, features);
    }
    return this.whatIf.predict(inspection.file, features, rows);
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
