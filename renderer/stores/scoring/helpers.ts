// Pure helpers of the Scoring area: the what-if form's features and fields,
// a job's fraction done and time left, short hashes.
import type { DatasetSummary, ModelInspection, ScoringProgress } from '../../../shared/scoring/inspection';
import { featureOrderSourceText } from './featureOrder';

export type DatasetColumn = DatasetSummary['columns'][number];
export type FieldValue = number | string;

/** One field of the what-if form: a number bounded by the dataset's range, or a category. */
export type WhatIfField =
  | { feature: string; kind: 'number'; min: number; max: number; mean: number }
  | { feature: string; kind: 'category'; values: string[] }
  /** A feature the dataset has no usable column for: a free number. */
  | { feature: string; kind: 'free' };

/**
 * The features the form asks for, in the model's order: the order just
 * confirmed (then `explicit`: it must be sent until the re-inspection shows it
 * remembered), else the model's known order (signature, feature_names or
 * remembered), else its per-column inputs, else its feature_names (a model
 * whose input is not one 2-D tensor). A 2-D input whose order is not known
 * yet gets none: the order is confirmed first (featureOrder.ts).
 */
export function whatIfFeatures(inspection: ModelInspection | null, confirmedOrder: string[] | null): { features: string[]; explicit: boolean } {
  const info = inspection?.info;
  if (!info) return { features: [], explicit: false };
  const layout = info.inputLayout;
  if (layout?.kind === 'matrix') {
    if (confirmedOrder) return { features: confirmedOrder, explicit: true };
    return { features: inspection.featureOrder?.features ?? [], explicit: false };
  }
  if (layout?.kind === 'columns') return { features: layout.inputs.map((input) => input.name), explicit: false };
  return { features: info.featureNames ?? [], explicit: false };
}

export function fieldsOf(features: string[], dataset: DatasetSummary | null): WhatIfField[] {
  const byName = new Map((dataset?.columns ?? []).map((column) => [column.name, column]));
  return features.map((feature): WhatIfField => {
    const column = byName.get(feature);
    if (column?.kind === 'number') return { feature, kind: 'number', min: column.min, max: column.max, mean: column.mean };
    if (column?.kind === 'category') return { feature, kind: 'category', values: column.values };
    return { feature, kind: 'free' };
  });
}

/** A field's value from the reference row's text: a number for number fields (the mean when it does not parse). */
export function valueOf(field: WhatIfField, text: string | undefined): FieldValue {
  if (field.kind === 'category') return text !== undefined && field.values.includes(text) ? text : (field.values[0] ?? text ?? '');
  const value = text === undefined || text.trim() === '' ? NaN : Number(text);
  if (Number.isFinite(value)) return value;
  return field.kind === 'number' ? field.mean : 0;
}

/** The form's values for one of the dataset's first rows. */
export function referenceValues(fields: WhatIfField[], dataset: DatasetSummary | null, rowIndex: number | null): Record<string, FieldValue> {
  const names = dataset?.columns.map((column) => column.name) ?? [];
  const row = dataset && rowIndex !== null ? dataset.rows[rowIndex] : undefined;
  const values: Record<string, FieldValue> = {};
  for (const field of fields) {
    const at = names.indexOf(field.feature);
    values[field.feature] = valueOf(field, row && at >= 0 ? row[at] : undefined);
  }
  return values;
}

/** How far a job got, 0..1, or null when its size is unknown. */
export function progressFraction(progress: Pick<ScoringProgress, 'bytesRead' | 'totalBytes'> | null): number | null {
  if (!progress || !(progress.totalBytes > 0)) return null;
  return Math.min(1, Math.max(0, progress.bytesRead / progress.totalBytes));
}

/** Time left in ms, from the bytes read since the job started; null until it can be told. */
export function timeLeftMs(progress: Pick<ScoringProgress, 'bytesRead' | 'totalBytes'> | null, elapsedMs: number): number | null {
  const fraction = progressFraction(progress);
  if (fraction === null || fraction <= 0 || elapsedMs <= 0) return null;
  return (elapsedMs * (1 - fraction)) / fraction;
}

export const shortSha = (sha: string | null): string => (sha ? sha.slice(0, 12) : '—');

/** The arg-max class of one prediction row's probabilities (the first of equals), for the bars' highlight. */
export function topClass(probabilities: number[]): number {
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
  return probabilities.length ? best : -1;
}

/** Where the order of the features fed to the model comes from, in words. */
export function featureOrderSource(inspection: ModelInspection): string {
  const info = inspection.info;
  if (!info) return 'Unknown: the model could not be read';
  const layout = info.inputLayout;
  if (layout?.kind === 'columns') return `One input per column, matched by name (${layout.inputs.length} inputs)`;
  if (layout?.kind === 'matrix') {
    const order = inspection.featureOrder;
    if (order) return `${order.features.length} features into “${layout.input}”, ${featureOrderSourceText[order.source]}`;
    const count = layout.featureCount === null ? 'Several' : String(layout.featureCount);
    return `Not known yet: ${count} features into “${layout.input}”, in an order the model does not name`;
  }
  return 'None: the inputs are not a table';
}
