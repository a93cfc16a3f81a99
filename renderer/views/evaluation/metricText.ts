// A metric value as plain text for titles and legends: its number, or "undefined".
import type { MetricValue } from '../../../shared/evaluation/types';
import { formatMetric } from '../../format/number';

export function metricText(metric: MetricValue | undefined): string {
  if (!metric) return '—';
  return metric.value === null ? 'undefined' : formatMetric(metric.value);
}
