// The names a column of true classes usually has, declared once for every
// guess Runlens makes of it: an evaluation's mapping, a score job's label, and
// the scoring and importance forms. Most telling first.
export const LABEL_COLUMN_NAMES = ['y_true', 'label', 'labels', 'target', 'y', 'class', 'truth', 'ground_truth', 'actual', 'true_label'] as const;

/** The index of the column named like a label (case- and space-insensitive, in LABEL_COLUMN_NAMES order), or -1. */
export function labelColumnIndex(columns: readonly string[]): number {
  const lowered = columns.map((name) => name.trim().toLowerCase());
  return LABEL_COLUMN_NAMES.map((name) => lowered.indexOf(name)).find((index) => index >= 0) ?? -1;
}

/**
 * The label column to offer first: a column named like a label that is not
 * one of the model's features; else, when the features are known, the only
 * column that is not one of them (iris's `species`); else null.
 * Example: guessLabelColumn(['a', 'b', 'species'], ['a', 'b']) -> 'species'.
 */
export function guessLabelColumn(columns: readonly string[], features: readonly string[] = []): string | null {
  const featureSet = new Set(features);
  const candidates = columns.filter((column) => !featureSet.has(column));
  const named = labelColumnIndex(candidates);
  if (named >= 0) return candidates[named];
  return features.length > 0 && candidates.length === 1 ? candidates[0] : null;
}
