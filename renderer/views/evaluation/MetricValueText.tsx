// One metric's value, or "undefined" with why (never a 0 for a value that has none).
import { Text } from '@mantine/core';
import type { MetricValue } from '../../../shared/evaluation/types';
import { formatMetric } from '../../format/number';

interface Props {
  metric: MetricValue | undefined;
  testId?: string;
}

/** The reason is the hover title; a table with room prints it beside (see MetricsTable). */
export function MetricValueText({ metric, testId }: Props) {
  if (!metric) {
    return (
      <Text span size="sm" c="dimmed" data-testid={testId}>
        —
      </Text>
    );
  }
  if (metric.value === null) {
    return (
      <Text span size="sm" data-testid={testId} data-undefined title={metric.reason}>
        <Text span inherit fs="italic" c="dimmed">
          undefined
        </Text>
      </Text>
    );
  }
  return (
    // data-value: the exact number, for tests and the accessibility tree's readers alike.
    <Text span size="sm" data-testid={testId} data-value={String(metric.value)} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {formatMetric(metric.value)}
    </Text>
  );
}
