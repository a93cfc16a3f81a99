/** A category value as it arrives from a reader; missing values are dropped before counting. */
export type Category = string | number | boolean;

export interface CategoryCounts {
  /** The union of categories seen on either side, in first-seen order (reference first). */
  keys: Category[];
  reference: number[];
  current: number[];
  referenceSize: number;
  currentSize: number;
}

/**
 * Counts per category over the union of both sides (Evidently's
 * `get_unique_not_nan_values_list_from_series` + `value_counts`), so a category new in
 * the current data has reference count 0 and a vanished one current count 0.
 * O(n1 + n2). Example: countCategories(['a','b'], ['b','c']).keys -> ['a','b','c']
 */
export function countCategories(reference: readonly Category[], current: readonly Category[]): CategoryCounts {
  const index = new Map<Category, number>();
  const keys: Category[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  const slot = (value: Category): number => {
    let at = index.get(value);
    if (at === undefined) {
      at = keys.length;
      index.set(value, at);
      keys.push(value);
      ref.push(0);
      cur.push(0);
    }
    return at;
  };
  for (const value of reference) ref[slot(value)]++;
  for (const value of current) cur[slot(value)]++;
  return { keys, reference: ref, current: cur, referenceSize: reference.length, currentSize: current.length };
}

/** Python's ordering for sorted(): numbers numerically, strings by code point, numbers before strings. */
export function compareCategories(a: Category, b: Category): number {
  const ta = typeof a === 'string' ? 1 : 0;
  const tb = typeof b === 'string' ? 1 : 0;
  if (ta !== tb) return ta - tb;
  if (ta === 0) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
