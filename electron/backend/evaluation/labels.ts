// Class labels as text: matching a file's labels to score columns' classes
// ("1" and "1.0" are one class), ordering them as scikit-learn's classes_
// (numbers by value, then text), and the positive class a binary problem
// assumes when nobody names one.

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The label's canonical text: numbers written one way ("1.0" -> "1"), other text as is (trimmed). */
export function canonicalLabel(label: string): string {
  const trimmed = label.trim();
  if (numberPattern.test(trimmed)) return String(Number(trimmed));
  return trimmed;
}

/** Labels in scikit-learn's order: all-numeric sets by value, otherwise by text. */
export function sortLabels(labels: Iterable<string>): string[] {
  const list = [...new Set(labels)];
  if (list.every((label) => numberPattern.test(label.trim()))) return list.sort((a, b) => Number(a) - Number(b));
  return list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const positiveWords = ['1', 'true', 'yes', 'positive', 'pos', 'y', 't'];

/**
 * The positive class of two labels when none was named: scikit-learn's 1 for
 * {0, 1} and {-1, 1}; "true", "yes" or "positive" in any case; else the last
 * in order (`assumed` says the choice was a guess the user should check).
 */
export function defaultPositive(labels: string[]): { positive: string; assumed: boolean } {
  for (const word of positiveWords) {
    const found = labels.find((label) => canonicalLabel(label).toLowerCase() === word);
    if (found !== undefined) return { positive: found, assumed: false };
  }
  const sorted = sortLabels(labels);
  return { positive: sorted[sorted.length - 1] ?? '', assumed: true };
}

/** A lookup from a file's label text to a class index, tolerant of "1" vs "1.0" and surrounding spaces. */
export function classLookup(classes: string[]): (label: string) => number {
  const exact = new Map<string, number>();
  const canonical = new Map<string, number>();
  classes.forEach((name, index) => {
    exact.set(name, index);
    if (!canonical.has(canonicalLabel(name))) canonical.set(canonicalLabel(name), index);
  });
  return (label) => exact.get(label) ?? canonical.get(canonicalLabel(label)) ?? -1;
}

/** A score cell as a number: NaN for an empty cell or "nan"; Infinity spelled as Python and JSON do; null when it is no number. */
export function scoreValue(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return NaN;
  const number = Number(trimmed);
  if (!Number.isNaN(number)) return number;
  const lower = trimmed.toLowerCase();
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return null;
}
