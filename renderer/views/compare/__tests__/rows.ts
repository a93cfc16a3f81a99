// Rows as runs/query sends them, for the compare tests.
import type { CellValue, RunRow } from '../../../../shared/runQuery';

export function makeRow(id: string, values: Record<string, CellValue> = {}, extra: Partial<RunRow> = {}): RunRow {
  return {
    id,
    projectId: 1,
    source: 'mlflow',
    experiment: 'exp',
    name: `run ${id}`,
    sourceRunId: id,
    path: `/runs/${id}`,
    status: 'FINISHED',
    statusReason: null,
    startTime: 0,
    endTime: 1,
    lastActivity: 1,
    warningCount: 0,
    deleted: false,
    annotation: null,
    values,
    ...extra,
  };
}
