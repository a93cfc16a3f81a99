// A reference dataset for the what-if form: the range of each numeric column
// (shown beside its field and bounding its slider), the values of each column
// with few of them (a select), and the first rows to pick a reference row from.
// Read with the predictions reader (CSV, TSV, JSON lines, Parquet), stopping
// after enough rows to know the ranges.
import path from 'node:path';
import type { DatasetSummary } from '../../../shared/scoring/inspection';
import { RequestFailed } from '../handlerTypes';
import { readFailure, readPredictionTable, tableFormatOf } from '../evaluation/predictionTable';

const maxRowsRead = 200_000;
const maxShownRows = 200;
const maxCategories = 50;

export async function summarizeDataset(file: string): Promise<DatasetSummary> {
  const resolved = path.resolve(file);
  let names: string[] = [];
  const rows: string[][] = [];
  let numeric: { min: number; max: number; sum: number; count: number; numeric: boolean }[] = [];
  let categories: Set<string>[] = [];
  let rowsRead = 0;
  await readPredictionTable(resolved, tableFormatOf(resolved) ?? 'csv', {
    header(columns) {
      names = columns;
      numeric = columns.map(() => ({ min: Infinity, max: -Infinity, sum: 0, count: 0, numeric: true }));
      categories = columns.map(() => new Set<string>());
    },
    row(values) {
      rowsRead += 1;
      if (rows.length < maxShownRows) rows.push(values);
      values.forEach((text, c) => {
        const stats = numeric[c];
        const trimmed = text.trim();
        if (categories[c].size <= maxCategories) categories[c].add(trimmed);
        if (!stats.numeric || trimmed === '') return;
        const value = Number(trimmed);
        if (Number.isNaN(value)) {
          stats.numeric = false;
          return;
        }
        if (value < stats.min) stats.min = value;
        if (value > stats.max) stats.max = value;
        stats.sum += value;
        stats.count += 1;
      });
      return rowsRead >= maxRowsRead ? 'stop' : undefined;
    },
  }).catch((error: unknown) => {
    throw readFailure(error, path.basename(resolved));
  });
  if (names.length === 0) throw new RequestFailed('bad-request', `${path.basename(resolved)} has no header line`);
  const columns = names.map((name, c): DatasetSummary['columns'][number] => {
    const stats = numeric[c];
    if (stats.numeric && stats.count > 0) return { name, kind: 'number', min: stats.min, max: stats.max, mean: stats.sum / stats.count };
    if (categories[c].size <= maxCategories) return { name, kind: 'category', values: [...categories[c]].filter((v) => v !== '').sort() };
    return { name, kind: 'text' };
  });
  return { path: resolved, columns, rows, rowsRead };
}
