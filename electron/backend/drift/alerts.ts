// The alerts a stored batch raises, compared with the batch before it in
// time: the dataset drifts; a column drifts that did not before (one alert
// per column); a measured metric (or, without labels, the estimated one)
// falls below the reference's by more than the allowed drop. The table's
// UNIQUE key keeps a recomputed batch from raising the same alert twice.
import { P_VALUE_METHODS } from '../../../shared/drift/stattests';
import { performanceMetrics, type AlertSettings, type ColumnDriftRecord, type DriftBatch, type PerformanceValues } from '../../../shared/drift/monitor';
import type { NewAlert } from './queries';

const number = (value: number) => (Number.isFinite(value) ? (Math.abs(value) >= 0.001 || value === 0 ? value.toFixed(3).replace(/\.?0+$/, '') : value.toExponential(2)) : String(value));
const percent = (share: number) => `${Math.round(share * 100)} %`;

function columnMessage(record: ColumnDriftRecord, label: string): string {
  const pValue = P_VALUE_METHODS.has(record.method);
  const comparison = pValue ? `p-value ${number(record.statistic)} ${record.method === 'ks' ? '<=' : '<'} ${number(record.threshold)}` : `distance ${number(record.statistic)} >= ${number(record.threshold)}`;
  return `"${record.column}" drifted in ${label}: ${record.method} ${comparison}`;
}

function performanceAlerts(batch: DriftBatch, reference: PerformanceValues, drop: number, at: number): NewAlert[] {
  const measured = batch.performance !== null;
  const values = batch.performance ?? batch.estimate?.values;
  if (!values) return [];
  return performanceMetrics
    .filter((metric) => Number.isFinite(values[metric]) && Number.isFinite(reference[metric]) && reference[metric] - values[metric] > drop)
    .map((metric) => ({
      batchKey: batch.key,
      batchLabel: batch.label,
      kind: 'performance' as const,
      subject: metric,
      message: `${measured ? 'Measured' : 'Estimated'} ${metric} ${number(values[metric])} in ${batch.label} is more than ${number(drop)} below the reference's ${number(reference[metric])}`,
      at,
    }));
}

export function alertsFor(batch: DriftBatch, previous: DriftBatch | null, settings: AlertSettings, reference: PerformanceValues | null, at: number): NewAlert[] {
  const alerts: NewAlert[] = [];
  const report = batch.report;
  const base = { batchKey: batch.key, batchLabel: batch.label, at };
  if (report && settings.dataset && report.dataset.drift) {
    const { drifted, columns, share } = report.dataset;
    alerts.push({ ...base, kind: 'dataset', subject: null, message: `Dataset drift in ${batch.label}: ${drifted} of ${columns} columns drifted (${percent(share)})` });
  }
  if (report && settings.columns) {
    const before = new Set((previous?.report?.columns ?? []).filter((c) => c.drift).map((c) => c.column));
    for (const record of report.columns) {
      if (record.drift && !before.has(record.column)) alerts.push({ ...base, kind: 'column', subject: record.column, message: columnMessage(record, batch.label) });
    }
  }
  if (settings.performanceDrop !== null && reference) alerts.push(...performanceAlerts(batch, reference, settings.performanceDrop, at));
  return alerts;
}
