// A batch of rows as the typed arrays onnxruntime is fed: one [N, F] array for
// a matrix model, one [N, 1] array per input for a column model, each cast to
// the input's element type. Values come as a table reader gives them
// (numbers, numeric strings, booleans, bigints, empty cells); one that cannot
// be cast is a ScoringError naming its input and row, never a silent NaN or 0.
import type { OnnxDimension } from '../../../../shared/artifactPreview';
import type { InputLayout, ScoringElementType } from './modelLayout';

export type ScoringValue = number | string | boolean | bigint | null | undefined;
export type ScoringColumn = ArrayLike<ScoringValue>;

export type ScoringBatch =
  /** One array per row, its values in feature order (matrix) or input order (columns). */
  | { matrix: ArrayLike<ScoringValue>[] }
  /** One array per feature or input: in order, or by input name (or by `feature_names` for a matrix model). */
  | { columns: ScoringColumn[] | Record<string, ScoringColumn> };

/** A batch that does not fit the model, or a value that cannot be cast to its input's type. */
export class ScoringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScoringError';
  }
}

export type FeedData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | string[];

export interface Feed {
  name: string;
  elementType: ScoringElementType;
  data: FeedData;
  dims: number[];
}

function numberOf(value: ScoringValue, where: () => string): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = value.trim();
  if (text === '') return Number.NaN;
  const number = Number(text);
  // Number('nan') is NaN too, but so is Number('abc'): only the spellings of NaN pass.
  if (Number.isNaN(number) && !/^[+-]?nan$/i.test(text)) throw new ScoringError(`${where()} is ${JSON.stringify(value)}, not a number.`);
  return number;
}

function integerOf(value: ScoringValue, where: () => string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  const number = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? null : numberOf(value, where);
  if (number === null) return BigInt((value as string).trim());
  if (!Number.isSafeInteger(number)) throw new ScoringError(`${where()} is ${String(value)}, not an integer.`);
  return BigInt(number);
}

function boolOf(value: ScoringValue, where: () => string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = String(value).trim().toLowerCase();
  if (text === 'true' || text === '1') return 1;
  if (text === 'false' || text === '0') return 0;
  throw new ScoringError(`${where()} is ${JSON.stringify(value ?? null)}, not true or false.`);
}

/** Writes `count` values, value(i) for position i, into a new array of `type`. */
export function castValues(type: ScoringElementType, count: number, value: (i: number) => ScoringValue, where: (i: number) => string): FeedData {
  if (type === 'string') return Array.from({ length: count }, (_, i) => String(value(i) ?? ''));
  if (type === 'float' || type === 'double') {
    const out = type === 'float' ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = value(i);
      out[i] = typeof v === 'number' ? v : numberOf(v, () => where(i));
    }
    return out;
  }
  if (type === 'int64') {
    const out = new BigInt64Array(count);
    for (let i = 0; i < count; i++) out[i] = integerOf(value(i), () => where(i));
    return out;
  }
  if (type === 'int32') {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const v = integerOf(value(i), () => where(i));
      if (v > 2147483647n || v < -2147483648n) throw new ScoringError(`${where(i)} is ${v}, outside int32.`);
      out[i] = Number(v);
    }
    return out;
  }
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = boolOf(value(i), () => where(i));
  return out;
}

/** A batch read column by column, however it was given. */
interface Table {
  width: number;
  rows: number;
  at(column: number, row: number): ScoringValue;
}

function rowTable(rows: ArrayLike<ScoringValue>[], count: number | null, what: string): Table {
  const width = count ?? rows[0]?.length ?? 0;
  rows.forEach((row, r) => {
    if (row.length !== width) throw new ScoringError(`Row ${r} has ${row.length} values; the model takes ${width} ${what}.`);
  });
  return { width, rows: rows.length, at: (c, r) => rows[r][c] };
}

function pickColumns(byName: Record<string, ScoringColumn>, names: string[] | null, what: string): ScoringColumn[] {
  if (names === null) throw new ScoringError(`The model names no ${what} (no feature_names metadata): give the columns as an array in feature order.`);
  const missing = names.filter((name) => !Object.hasOwn(byName, name));
  if (missing.length > 0) {
    const listed = missing.slice(0, 5).map((m) => JSON.stringify(m)).join(', ');
    throw new ScoringError(`The batch has no column ${listed}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}.`);
  }
  return names.map((name) => byName[name]);
}

/** The batch as a table whose columns are in `names` order, every column as long as the first. */
function tableOf(batch: ScoringBatch, names: string[] | null, count: number | null, what: string): Table {
  if ('matrix' in batch) return rowTable(batch.matrix, count, what);
  const columns = Array.isArray(batch.columns) ? batch.columns : pickColumns(batch.columns, names, what);
  if (count !== null && columns.length !== count) throw new ScoringError(`The batch has ${columns.length} columns; the model takes ${count} ${what}.`);
  const rows = columns[0]?.length ?? 0;
  columns.forEach((column, c) => {
    if (column.length !== rows) throw new ScoringError(`Column ${names?.[c] ?? c} has ${column.length} rows; column ${names?.[0] ?? 0} has ${rows}.`);
  });
  return { width: columns.length, rows, at: (c, r) => columns[c][r] };
}

/** How many rows the batch has. */
export function rowCountOf(batch: ScoringBatch): number {
  if ('matrix' in batch) return batch.matrix.length;
  const columns = Array.isArray(batch.columns) ? batch.columns : Object.values(batch.columns);
  return columns[0]?.length ?? 0;
}

/**
 * The feeds for `batch`. `featureNames` maps a matrix model's columns by name;
 * `shapes` are the declared input shapes (a rank-1 input is fed [N], others [N, 1]).
 */
export function feedsFor(batch: ScoringBatch, layout: InputLayout, featureNames: string[] | null, shapes: Map<string, OnnxDimension[] | null>): Feed[] {
  if (layout.kind === 'matrix') {
    const table = tableOf(batch, featureNames, layout.featureCount, 'features');
    const width = table.width;
    // Row-major: position i is row i / width, feature i % width.
    const where = (i: number) => `Row ${Math.floor(i / width)}, feature ${JSON.stringify(featureNames?.[i % width] ?? i % width)},`;
    const data = castValues(layout.elementType, table.rows * width, (i) => table.at(i % width, Math.floor(i / width)), where);
    return [{ name: layout.input, elementType: layout.elementType, data, dims: [table.rows, width] }];
  }
  const names = layout.inputs.map((input) => input.name);
  const table = tableOf(batch, names, names.length, 'inputs');
  return layout.inputs.map((input, c) => {
    const data = castValues(input.elementType, table.rows, (r) => table.at(c, r), (r) => `Row ${r} of ${JSON.stringify(input.name)}`);
    return { name: input.name, elementType: input.elementType, data, dims: shapes.get(input.name)?.length === 1 ? [table.rows] : [table.rows, 1] };
  });
}
