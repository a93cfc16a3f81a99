// Every metric of shared/evaluation's list, in its order: the threshold-free
// ones as the backend computed them on every row, the ones at the threshold
// recomputed here from the counts (binary) on every frame while it moves.
import { Paper, Table, Text } from '@mantine/core';
import { countsAt, metricsAtCounts } from '../../../shared/evaluation';
import { evaluationMetrics, type Evaluation, type EvaluationMetricName, type MetricValue } from '../../../shared/evaluation/types';
import { formatMetric } from '../../format/number';
import { selectShownThreshold, useThreshold } from '../../stores/evaluation/threshold';
import { MetricValueText } from './MetricValueText';

type AtThreshold = Partial<Record<EvaluationMetricName, MetricValue>>;

function Rows({ evaluation, atThreshold, thresholdText }: { evaluation: Evaluation; atThreshold: AtThreshold; thresholdText: string }) {
  return (
    <Table.Tbody>
      {evaluationMetrics.map((metric) => {
        const value = atThreshold[metric.name] ?? evaluation.metrics[metric.name];
        const computed = metric.atThreshold ? thresholdText : 'every threshold';
        return (
          <Table.Tr key={metric.name} data-testid="metrics-row" data-metric={metric.name}>
            <Table.Td>{metric.label}</Table.Td>
            <Table.Td ta="right">
              <MetricValueText metric={value} testId={`metric-${metric.name}`} />
            </Table.Td>
            <Table.Td>
              {/* Why a metric is undefined goes in the widest column, so the values stay in one line. */}
              <Text size="xs" c="dimmed" data-testid={value.value === null ? `metric-${metric.name}-reason` : undefined}>
                {value.value === null ? `${computed}: ${value.reason}` : computed}
              </Text>
            </Table.Td>
          </Table.Tr>
        );
      })}
    </Table.Tbody>
  );
}

/** The binary table: subscribes to the threshold, so only it (and the other small parts) re-render while dragging. */
function BinaryRows({ evaluation }: { evaluation: Extract<Evaluation, { kind: 'binary' }> }) {
  const threshold = useThreshold(selectShownThreshold);
  const atThreshold = metricsAtCounts(countsAt(evaluation.table, threshold));
  return <Rows evaluation={evaluation} atThreshold={atThreshold} thresholdText={`at ≥ ${formatMetric(threshold)}`} />;
}

export function MetricsTable({ evaluation }: { evaluation: Evaluation }) {
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="metrics-table">
      <Text size="sm" fw={600} mb={4}>
        Metrics
      </Text>
      <Table fz="sm" verticalSpacing={3} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="42%">Metric</Table.Th>
            <Table.Th ta="right">Value</Table.Th>
            <Table.Th w="30%">Computed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        {evaluation.kind === 'binary' ? (
          <BinaryRows evaluation={evaluation} />
        ) : (
          <Rows evaluation={evaluation} atThreshold={{}} thresholdText="arg-max class" />
        )}
      </Table>
    </Paper>
  );
}
