// The colors of the evaluation charts: theme variables, so both themes read them
// (and the export inlines their computed values).
export const CURVE_COLOR = 'var(--mantine-color-indigo-6)';
export const MARKER_COLOR = 'var(--mantine-color-red-6)';
export const CHEAPEST_COLOR = 'var(--mantine-color-teal-6)';
/** Per true class in the histograms: [negative, positive]. */
export const CLASS_COLORS = ['var(--mantine-color-blue-5)', 'var(--mantine-color-orange-6)'] as const;
