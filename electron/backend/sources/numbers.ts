// Number tokens as Python writes them, shared by the readers of text files
// Python wrote (DVCLive's TSVs and metrics.json, MLflow's metric files).
// Hand-written rather than Number() alone: Number() knows neither Python's
// `nan`/`inf` spellings nor how to read a column without a substring.

// Python's float() spellings of non-finite values: what str()/repr() write
// ('nan', 'inf', '-inf') and what json.dumps writes ('NaN', 'Infinity').
const nonFiniteValues: ReadonlyMap<string, number> = new Map([
  ['nan', NaN], ['+nan', NaN], ['-nan', NaN],
  ['inf', Infinity], ['+inf', Infinity], ['infinity', Infinity], ['+infinity', Infinity],
  ['-inf', -Infinity], ['-infinity', -Infinity],
]);

/** The non-finite value `token` spells for Python's float() (any case, no surrounding blanks); undefined otherwise. */
export function nonFiniteFloat(token: string): number | undefined {
  return nonFiniteValues.get(token.toLowerCase());
}

/**
 * The integer spelled by line[start, end) when it is plain digits (with an
 * optional '-') short enough to be exact (15 digits), without making a
 * substring; NaN when it is anything else, for the caller to parse the slow way.
 */
export function plainInteger(line: string, start: number, end: number): number {
  const negative = line.charCodeAt(start) === 45;
  let i = negative ? start + 1 : start;
  if (i >= end || end - i > 15) return NaN;
  let n = 0;
  for (; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}
