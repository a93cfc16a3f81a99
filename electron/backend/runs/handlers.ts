import type { MetricSeries } from '../../../shared/domain';
import { lttbIndices } from '../../../shared/math/lttb';
import type { Handlers } from '../handlerTypes';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { readMetricSeries } from '../store/metricChunks';
import { checkArgs } from '../validate';
import { getRun, listRuns, runKeyOf } from './queries';

const defaultMaxPoints = 2000;

export function runHandlers(db: Db): Partial<Handlers> {
  return {
    'runs/list': async (args) => {
      const { projectId, includeDeleted } = checkArgs<{ projectId?: number; includeDeleted?: boolean }>(args, {
        projectId: 'integer?',
        includeDeleted: 'boolean?',
      });
      return listRuns(db, projectId, includeDeleted);
    },
    'runs/get': async (args) => {
      const { runId } = checkArgs<{ runId: string }>(args, { runId: 'string' });
      const run = getRun(db, runId);
      if (!run) throw new RequestFailed('not-found', `No run with id ${runId}`);
      return run;
    },
    'runs/metricSeries': async (args) => {
      const { runId, key, maxPoints } = checkArgs<{ runId: string; key: string; maxPoints?: number }>(args, {
        runId: 'string',
        key: 'string',
        maxPoints: 'integer?',
      });
      const runKey = runKeyOf(db, runId);
      if (runKey === null) throw new RequestFailed('not-found', `No run with id ${runId}`);
      const limit = Math.max(3, Math.min(maxPoints ?? defaultMaxPoints, 100_000));
      const series = readMetricSeries(db, runKey, key);
      const keep = lttbIndices(series.steps, series.values, limit);
      const pick = (column: Float64Array) => keep.map((i) => column[i]);
      const result: MetricSeries = { key, steps: pick(series.steps), timestamps: pick(series.timestamps), values: pick(series.values) };
      return result;
    },
  };
}
