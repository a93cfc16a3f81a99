import type { MetricSeries } from '../../../shared/domain';
import { lttbIndices } from '../../../shared/math/lttb';
import { RequestFailed, type Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { readMetricSeries } from '../store/metricChunks';
import { getRun, listRuns, runKeyOf } from './queries';

const defaultMaxPoints = 2000;

export function runHandlers(db: Db) {
  return {
    'runs/list': async ({ projectId, includeDeleted }) => listRuns(db, projectId, includeDeleted),
    'runs/get': async ({ runId }) => {
      const run = getRun(db, runId);
      if (!run) throw new RequestFailed('not-found', `No run with id ${runId}`);
      return run;
    },
    'runs/metricSeries': async ({ runId, key, maxPoints, fromStep, toStep }) => {
      const runKey = runKeyOf(db, runId);
      if (runKey === null) throw new RequestFailed('not-found', `No run with id ${runId}`);
      const series = readMetricSeries(db, runKey, key, { fromStep, toStep });
      const keep = lttbIndices(series.steps, series.values, maxPoints ?? defaultMaxPoints);
      const pick = (column: Float64Array) => keep.map((i) => column[i]);
      const result: MetricSeries = { key, steps: pick(series.steps), timestamps: pick(series.timestamps), values: pick(series.values) };
      return result;
    },
  } satisfies Partial<Handlers>;
}
