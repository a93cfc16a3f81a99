// The words the Drift views show for a monitor's parts and a test's result:
// where its data comes from, the method's name, whether the statistic is a
// p-value or a distance, the dataset verdict, shares as percents. NaN and ±∞
// are shown as such (formatMetric), never as a number they are not.
import type { DatasetDrift } from '../../../shared/drift/defaultTest';
import type { BatchBy, DriftAlertKind, MonitorCurrent, MonitorModel, MonitorReference, PerformanceMetric } from '../../../shared/drift/monitor';
import { P_VALUE_METHODS, type DriftMethod } from '../../../shared/drift/stattests';
import { formatMetric } from '../../format/number';

export const methodLabels: Record<DriftMethod, string> = {
  ks: 'Kolmogorov–Smirnov',
  chisquare: 'chi-square',
  z: 'two-proportion Z',
  wasserstein: 'Wasserstein (normed)',
  jensenshannon: 'Jensen–Shannon',
  psi: 'PSI',
};

export const metricLabels: Record<PerformanceMetric, string> = { accuracy: 'Accuracy', roc_auc: 'ROC AUC', f1: 'F1' };

export const alertKindLabels: Record<DriftAlertKind, string> = { dataset: 'dataset drift', column: 'column drift', performance: 'performance' };

/** The p-value methods drift below their threshold; the distances at or above it. */
export function statisticKind(method: DriftMethod): 'p-value' | 'distance' {
  return P_VALUE_METHODS.has(method) ? 'p-value' : 'distance';
}

/** How the verdict compares: "p ≤ 0.05" for KS, "p < 0.05" for chi-square and Z, "≥ 0.1" for distances. */
export function thresholdText(method: DriftMethod, threshold: number): string {
  if (method === 'ks') return `p ≤ ${formatMetric(threshold)}`;
  if (P_VALUE_METHODS.has(method)) return `p < ${formatMetric(threshold)}`;
  return `≥ ${formatMetric(threshold)}`;
}

/** 0.5483 -> "55 %"; under 1 % keeps one decimal; NaN and ±∞ as formatMetric shows them. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return formatMetric(share);
  const percent = share * 100;
  const text = percent !== 0 && Math.abs(percent) < 1 ? percent.toFixed(1) : String(Math.round(percent));
  return `${text} %`;
}

/** "Dataset drift: 17 of 31 columns (55 %)" or "No dataset drift: 2 of 31 columns drifted (6 %)". */
export function datasetVerdict(dataset: DatasetDrift): string {
  const columns = `${dataset.columns} ${dataset.columns === 1 ? 'column' : 'columns'}`;
  if (dataset.columns === 0) return 'No column compared';
  if (dataset.drift) return `Dataset drift: ${dataset.drifted} of ${columns} (${formatShare(dataset.share)})`;
  return `No dataset drift: ${dataset.drifted} of ${columns} drifted (${formatShare(dataset.share)})`;
}

export function referenceText(reference: MonitorReference): string {
  return reference.kind === 'file' ? reference.path : `${reference.model} v${reference.version} (training data)`;
}

export function currentText(current: MonitorCurrent): string {
  if (current.kind === 'folder') return current.path;
  const count = current.paths.length;
  return `${count} ${count === 1 ? 'file' : 'files'}${count ? `: ${current.paths[0]}${count > 1 ? ', …' : ''}` : ''}`;
}

export function modelText(model: MonitorModel | null): string {
  if (model === null) return '—';
  return model.kind === 'file' ? model.path : `${model.model} v${model.version}`;
}

export function batchByText(batchBy: BatchBy): string {
  return batchBy.kind === 'file' ? 'one batch per file' : `one batch per ${batchBy.period} of “${batchBy.column}”`;
}

/** A row count with thousands separators; "—" for what is no count. */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? Math.round(count).toLocaleString('en-US') : '—';
}

/** A chart's y title: "p-value (ks)", "distance (psi)"; "statistic" when no batch compared the column. */
export function statisticLabel(method: DriftMethod | null): string {
  return method === null ? 'statistic' : `${statisticKind(method)} (${method})`;
}
