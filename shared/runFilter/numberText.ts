// What counts as a number in filter text and in a param's or tag's value, so
// `params.lr = 0.001` and the run's "1e-3" are read by the same rule.

/** Decimal numbers as people and Python write them: `5`, `-0.5`, `.5`, `1e-3`, `+2`. No hex, no spaces, no NaN or inf. */
export const numberPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The finite number a text is, or null (`'1e-3'` → 0.001; `'adam'`, `''`, `'inf'`, `'1e999'` → null). */
export function numberFromText(text: string): number | null {
  if (!numberPattern.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
