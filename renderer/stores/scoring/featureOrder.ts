// A 2-D input's feature order: the one in use (the MLflow signature, the
// model's feature_names, or the order the user confirmed once), or, while the
// model names none, the order proposed from the CSV the user picked: its
// columns in file order, less the label column and the columns left out. Pure.
import { guessLabelColumn } from '../../../shared/evaluation/labelColumn';
import type { DatasetSummary, FeatureOrder, ModelInspection } from '../../../shared/scoring/inspection';

export type FeatureOrderSource = FeatureOrder['source'];

/** Where an order came from, in words: "4 features, from the MLflow signature". */
export const featureOrderSourceText: Record<FeatureOrderSource, string> = {
  signature: 'from the MLflow signature',
  metadata: "from the model's feature_names",
  remembered: 'as you confirmed',
};

export type FeatureOrderView =
  /** Not a model with one 2-D input (or none inspected): it needs no order. */
  | { kind: 'none' }
  /** The order in use; `pending` while the one just confirmed waits for the re-inspection. */
  | { kind: 'known'; features: string[]; source: FeatureOrderSource; pending: boolean }
  /** The model names none: the picked CSV's columns, to confirm once. */
  | { kind: 'proposed'; from: 'input' | 'dataset'; path: string; columns: string[]; features: string[]; expected: number | null }
  /** The model names none and no CSV is picked yet to propose one from. */
  | { kind: 'unknown'; expected: number | null };

export interface FeatureOrderInputs {
  inspection: ModelInspection | null;
  /** The order just confirmed, until the re-inspection shows it remembered. */
  confirmedOrder: string[] | null;
  /** The batch job's input header, and the label column picked in it. */
  inputColumns: { path: string; columns: string[] } | null;
  labelColumn: string | null;
  /** The what-if form's reference dataset. */
  dataset: DatasetSummary | null;
  /** Columns the user unticked in the proposal. */
  leftOut: readonly string[];
}

/**
 * What the model panel shows of the feature order. The proposal comes from
 * the input CSV when its header is read, else from the reference dataset (its
 * number columns only, unless the input takes strings: a category cannot feed
 * a number matrix).
 */
export function featureOrderView({ inspection, confirmedOrder, inputColumns, labelColumn, dataset, leftOut }: FeatureOrderInputs): FeatureOrderView {
  const layout = inspection?.info?.inputLayout;
  if (!inspection || inspection.unscorable !== null || layout?.kind !== 'matrix') return { kind: 'none' };
  if (confirmedOrder) return { kind: 'known', features: confirmedOrder, source: 'remembered', pending: true };
  if (inspection.featureOrder) return { kind: 'known', ...inspection.featureOrder, pending: false };
  const expected = layout.featureCount;
  const propose = (from: 'input' | 'dataset', path: string, columns: string[]): FeatureOrderView => ({
    kind: 'proposed',
    from,
    path,
    columns,
    features: columns.filter((column) => !leftOut.includes(column)),
    expected,
  });
  if (inputColumns) return propose('input', inputColumns.path, inputColumns.columns.filter((column) => column !== labelColumn));
  if (dataset) {
    const label = guessLabelColumn(dataset.columns.map((column) => column.name));
    const usable = dataset.columns.filter((column) => column.name !== label && (layout.elementType === 'string' || column.kind === 'number'));
    return propose('dataset', dataset.path, usable.map((column) => column.name));
  }
  return { kind: 'unknown', expected };
}

/** Why the proposed order cannot be confirmed as it is, or null. */
export function proposalIssue(view: FeatureOrderView): string | null {
  if (view.kind !== 'proposed') return null;
  const count = view.features.length;
  if (count === 0) return 'Tick the columns the model takes.';
  if (view.expected !== null && count !== view.expected) {
    return `The model takes ${view.expected} feature${view.expected === 1 ? '' : 's'}; ${count} column${count === 1 ? ' is' : 's are'} ticked.`;
  }
  return null;
}

/** Whether requests can be scored: a 2-D input needs its order known (or just confirmed). */
export const orderReady = (view: FeatureOrderView): boolean => view.kind === 'none' || view.kind === 'known';
