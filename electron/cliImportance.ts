// `runlens importance --model FILE --data CSV --label COLUMN`: permutation
// importance of an ONNX model on labeled data, as sklearn's
// permutation_importance computes it, recorded as a job in the data folder's
// scoring_jobs table. Exit 2 for bad input (the line and column named), 3 for a
// model that cannot be loaded.
import fs from 'node:fs';
import path from 'node:path';
import { importanceScorers, type ImportanceScorer, PermutationImportanceError } from '../shared/scoring/permutationImportance';
import { featuresOf } from './backend/scoring/batchModel';
import { headerOf, ScoringInputError } from './backend/scoring/batchScore';
import { runImportanceJob } from './backend/scoring/importance';
import { rememberedFeatureOrder } from './backend/scoring/queries';
import { ModelLoadError, openScoringModel, type ScoringModel, ScoringError } from './backend/scoring/onnx/session';
import { openDatabase } from './backend/store/database';

/** Bad input: exit 2. */
export class ImportanceInputError extends Error {}
/** A model that cannot be loaded: exit 3. */
export class ImportanceModelError extends Error {}

export interface ImportanceOptions {
  dataDir: string;
  model: string;
  /** The labeled CSV. */
  data: string;
  /** The column of true classes. */
  label: string;
  /** Default 5, as sklearn. */
  repeats?: number;
  /** Default: a fresh random seed, reported in the result so the run can be repeated. */
  seed?: number;
  /** Default 'accuracy', as sklearn's default scorer for a classifier. */
  scorer?: string;
  /** A 2-D input's feature columns in order, when the model names none (default: the CSV's columns but the label). */
  features?: string[];
  threads?: number;
  batch?: number;
  onProgress?: (featuresDone: number, featureCount: number) => void;
}

function checkedOptions(options: ImportanceOptions): { scorer: ImportanceScorer; repeats: number; seed: number } {
  const scorer = options.scorer ?? 'accuracy';
  if (!(importanceScorers as readonly string[]).includes(scorer)) throw new ImportanceInputError(`Unknown scorer "${scorer}": choose ${importanceScorers.join(', ')}`);
  const repeats = options.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 1000) throw new ImportanceInputError(`--repeats must be a whole number from 1 to 1000, not ${repeats}`);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new ImportanceInputError(`--seed must be a whole number from 0 to 4294967295, not ${seed}`);
  return { scorer: scorer as ImportanceScorer, repeats, seed };
}

/** The CSV's column names but the label, as a matrix model's feature order when neither the model nor the user gives one. */
function columnsBesides(file: string, label: string): string[] {
  return headerOf(file).filter((name) => name !== label);
}

async function openModel(file: string, threads: number | undefined): Promise<ScoringModel> {
  try {
    return await openScoringModel(file, { threads });
  } catch (error) {
    if (error instanceof ModelLoadError) throw new ImportanceModelError(error.message);
    throw new ImportanceModelError(`${file} cannot be loaded: ${(error as Error).message}`);
  }
}

export async function importanceForCli(options: ImportanceOptions): Promise<Record<string, unknown>> {
  const { scorer, repeats, seed } = checkedOptions(options);
  const data = path.resolve(options.data);
  if (!fs.existsSync(data)) throw new ImportanceInputError(`${data}: no such file`);
  const modelFile = path.resolve(options.model);
  const model = await openModel(modelFile, options.threads);
  const db = openDatabase(options.dataDir);
  try {
    const remembered = rememberedFeatureOrder(db, model.info.sha256);
    const given = options.features ?? (model.info.inputLayout?.kind === 'matrix' && !model.info.featureNames ? (remembered ? { features: remembered, source: 'remembered' as const } : columnsBesides(data, options.label)) : null);
    let chosen;
    try {
      chosen = featuresOf(model, given);
    } catch (error) {
      throw new ImportanceInputError(`${(error as Error).message}${options.features ? '' : ' (name the feature columns in order with --features a,b,c)'}`);
    }
    const summary = await runImportanceJob(db, {
      model,
      modelInfo: { path: modelFile, sha256: model.info.sha256, runId: null, artifactPath: null },
      features: chosen.features,
      input: data,
      label: options.label,
      scorer,
      repeats,
      seed,
      batchRows: options.batch,
      onProgress: options.onProgress,
      settings: { threads: options.threads ?? 2, batch: options.batch ?? null, feature_order: chosen.source },
    });
    return {
      scorer: summary.scorer,
      baseline_score: summary.baselineScore,
      features: summary.features.map((f) => ({ name: f.name, importance_mean: f.mean, importance_std: f.std, importances: f.importances })),
      repeats: summary.repeats,
      seed: summary.seed,
      rows: summary.rows,
      seconds: summary.seconds,
      job_id: summary.jobId,
      input_sha256: summary.inputSha256,
      model_sha256: model.info.sha256,
    };
  } catch (error) {
    if (error instanceof ScoringInputError || error instanceof ScoringError || error instanceof PermutationImportanceError) throw new ImportanceInputError(error.message);
    throw error;
  } finally {
    db.close();
    await model.close();
  }
}
