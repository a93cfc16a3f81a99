// `runlens score --model FILE --input CSV|PARQUET --output CSV`: batch scoring with
// onnxruntime-node on the command line, recorded as a job in the data folder's
// scoring_jobs table like every job the app runs. Exit 2 for bad input (the
// line and column named), 3 for a model that cannot be loaded.
import fs from 'node:fs';
import path from 'node:path';
import { batchModelOf, featuresOf } from './backend/scoring/batchModel';
import { headerOf, recordsAtStart, ScoringInputError } from './backend/scoring/batchScore';
import { ModelLoadError, openScoringModel, ScoringError } from './backend/scoring/onnx/session';
import { labelColumnFor, runScoringJob } from './backend/scoring/scoringJob';
import { rememberedFeatureOrder } from './backend/scoring/queries';
import { openDatabase } from './backend/store/database';

/** Bad input: exit 2. */
export class ScoreInputError extends Error {}
/** A model that cannot be loaded: exit 3. */
export class ScoreModelError extends Error {}

export interface ScoreOptions {
  dataDir: string;
  model: string;
  input: string;
  output: string;
  batch?: number;
  threads?: number;
  missing: 'fail' | 'nan';
  idColumn?: string;
  /** A 2-D input's feature columns in order, when the model names none. */
  features?: string[];
  onProgress?: (rows: number, rowsPerSecond: number, fraction: number) => void;
}

export async function scoreForCli(options: ScoreOptions): Promise<Record<string, unknown>> {
  const input = path.resolve(options.input);
  const output = path.resolve(options.output);
  if (!fs.existsSync(input)) throw new ScoreInputError(`${input}: no such file`);
  if (!fs.existsSync(path.dirname(output))) throw new ScoreInputError(`${path.dirname(output)}: no such folder for the output`);
  let model;
  try {
    model = await openScoringModel(path.resolve(options.model), { threads: options.threads });
  } catch (error) {
    if (error instanceof ModelLoadError) throw new ScoreModelError(error.message);
    throw new ScoreModelError(`${path.resolve(options.model)} cannot be loaded: ${(error as Error).message}`);
  }
  const db = openDatabase(options.dataDir);
  try {
    const header = headerOf(input);
    const remembered = rememberedFeatureOrder(db, model.info.sha256);
    const given = options.features ?? (model.info.inputLayout?.kind === 'matrix' && !model.info.featureNames ? (remembered ? { features: remembered, source: 'remembered' as const } : header) : null);
    let chosen;
    try {
      chosen = featuresOf(model, given);
    } catch (error) {
      const hint = options.features ? '' : ' (name the feature columns in order with --features a,b,c)';
      throw new ScoreInputError(`${(error as Error).message}${hint}`);
    }
    const { features, source } = chosen;
    // Without --id-column every input column is kept: a label among them makes the output one the app can evaluate.
    const labelColumn = options.idColumn === undefined ? labelColumnFor(await recordsAtStart(input, 51), features, undefined, model.info.outputs.classLabels) : null;
    const summary = await runScoringJob(db, {
      labelColumn,
      model: batchModelOf(model, features),
      modelInfo: { path: path.resolve(options.model), sha256: model.info.sha256, runId: null, artifactPath: null },
      input,
      output,
      options: {
        batchRows: options.batch,
        missing: options.missing,
        idColumn: options.idColumn,
        onProgress: (p) => options.onProgress?.(p.rows, p.rowsPerSecond, p.totalBytes ? p.bytesRead / p.totalBytes : 0),
      },
      settings: { batch: options.batch ?? null, threads: options.threads ?? 2, missing: options.missing, feature_order: source },
    });
    return { rows: summary.rows, seconds: summary.seconds, rows_per_second: summary.rowsPerSecond, output: summary.output, columns: summary.columns, job_id: summary.jobId, input_sha256: summary.inputSha256, model_sha256: model.info.sha256 };
  } catch (error) {
    if (error instanceof ScoringInputError || error instanceof ScoringError) throw new ScoreInputError(error.message);
    throw error;
  } finally {
    db.close();
    await model.close();
  }
}
