// The evaluation domain's boundary: which prediction tables a run offers, the
// mapping dialog's sample and guess, the user's mapping (an owned table), and
// the loaded evaluation with the rows behind a cell and the per-group tables.
import type { PredictionColumns } from '../../../shared/evaluation/predictionSets';
import { locateArtifact } from '../artifacts/artifactFiles';
import { RequestFailed, type Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import type { EvaluationService } from './evaluationService';
import { predictionSetKeyOf } from './jobPredictions';
import { guessMapping } from './mappingGuess';
import { predictionSetsOf } from './predictionSets';
import { readFailure, readPredictionTable, tableFormatOf } from './predictionTable';
import { saveMapping } from './queries';

const sampleRows = 200;
const shownSampleRows = 8;

async function columnsOf(db: Db, runId: string, artifactPath: string): Promise<PredictionColumns> {
  const format = tableFormatOf(artifactPath);
  if (!format) throw new RequestFailed('bad-request', `"${artifactPath}" is not a CSV, TSV, JSON-lines or Parquet file`);
  const target = locateArtifact(db, runId, artifactPath);
  if (target.kind !== 'file') throw new RequestFailed('not-found', `"${artifactPath}" is not a file on disk`);
  let columns: string[] = [];
  const sample: string[][] = [];
  await readPredictionTable(target.file, format, {
    header: (names) => (columns = names),
    row: (values) => (sample.push(values) >= sampleRows ? 'stop' : undefined),
  }).catch((error: unknown) => {
    throw readFailure(error, artifactPath);
  });
  const { guess, rejected, labels } = guessMapping(columns, sample);
  return { path: artifactPath, columns, sample: sample.slice(0, shownSampleRows), guess, rejected, labels };
}

/** A run's table: a scoring job's output has a mapping of its own, which the user does not set. */
function runOnly(args: { runId?: string; jobId?: number; path: string }, jobMapping: string): string {
  const key = predictionSetKeyOf(args);
  if (key.jobId !== undefined) throw new RequestFailed('bad-request', `A scoring job's output needs no mapping: it ${jobMapping}`);
  return key.runId;
}

export function evaluationHandlers(db: Db, service: EvaluationService) {
  return {
    'evaluation/sets': async ({ runId }) => predictionSetsOf(db, runId),
    'evaluation/columns': async (args) => columnsOf(db, runOnly(args, 'are the columns the model wrote'), args.path),
    'evaluation/setMapping': async ({ mapping, ...args }) => {
      const runId = runOnly(args, 'is the label column it kept and the probabilities the model wrote');
      const path = args.path;
      const set = predictionSetsOf(db, runId).sets.find((candidate) => candidate.path === path);
      if (!set) throw new RequestFailed('not-found', `The run lists no CSV, TSV, JSON-lines or Parquet artifact "${path}"`);
      if (mapping && (mapping.scores.length === 0 || mapping.scores.length !== mapping.scoreClasses.length)) {
        throw new RequestFailed('bad-request', 'A mapping names at least one score column and one class per score column');
      }
      saveMapping(db, runId, path, mapping);
      return { mapping };
    },
    'evaluation/load': async (args) => service.load(predictionSetKeyOf(args)),
    'evaluation/cancel': async (args) => ({ cancelled: service.cancel(predictionSetKeyOf(args)) }),
    'evaluation/groups': async ({ column, ...args }) => service.groups(predictionSetKeyOf(args), column),
    'evaluation/rows': async ({ trueClass, predictedClass, threshold, offset, limit, ...args }) => service.rows({ ...predictionSetKeyOf(args), trueClass, predictedClass, threshold, offset, limit }),
  } satisfies Partial<Handlers>;
}
