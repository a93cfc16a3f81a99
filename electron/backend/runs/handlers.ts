import type { MetricSeries } from '../../../shared/domain';
import { m4Indices } from '../../../shared/math/m4';
import { RequestFailed, type Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { readMetricSeries } from '../store/metricChunks';
import { getRun, listRuns, runKeyOf } from './queries';
import { availableColumns, queryRuns } from './runQuery';

/** About the widest chart's width in pixels: more points than that only cost transport. */
const defaultMaxPoints = 1500;

export function runHandlers(db: Db) {
  return {
    'runs/list': async ({ projectId, includeDeleted }) => listRuns(db, projectId, includeDeleted),
    'runs/query': async (query) => queryRuns(db, query),
    'runs/columns': async (scope) => availableColumns(db, scope),
    'runs/get': async ({ runId }) => {
      const run = getRun(db, runId);
      if (!run) throw new RequestFailed('not-found', `No run with id ${runId}`);
      return run;
    },
    'runs/metricSeries': async ({ runId, key, maxPoints, fromStep, toStep }) => {
      const runKey = runKeyOf(db, runId);
      if (runKey === null) throw new RequestFailed('not-found', `No run with id ${runId}`);
      const series = readMetricSeries(db, runKey, key, { fromStep, toStep });
      const keep = m4Indices(series.steps, series.values, maxPoints ?? defaultMaxPoints);
      const pick = (column: Float64Array) => keep.map((i) => column[i]);
      const result: MetricSeries = { key, steps: pick(series.steps), timestamps: pick(series.timestamps), values: pick(series.values) };
      return result;
    },
  } satisfies Partial<Handlers>;
}
