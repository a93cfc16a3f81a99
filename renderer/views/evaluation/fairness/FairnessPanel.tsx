// Fairness by a column's groups at the threshold: per group its size,
// selection rate, TPR, FPR, precision, accuracy and disparate impact (with
// the four-fifths rule), and the parity and equalized-odds summaries — all
// from the per-group tables, recomputed on every frame while the threshold moves.
import { Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { fairnessAt } from '../../../../shared/evaluation';
import type { BinaryEvaluation, FairnessSummary, GroupRow, GroupTable } from '../../../../shared/evaluation/types';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatMetric } from '../../../format/number';
import { evaluationStore, useEvaluationStore } from '../../../stores/evaluation/store';
import { selectShownThreshold, useThreshold } from '../../../stores/evaluation/threshold';
import { MetricValueText } from '../MetricValueText';

/** A rate as a MetricValue: NaN is a rate with nothing to divide by, said as such. */
const rate = (value: number, reason: string) => (Number.isNaN(value) ? { value: null, reason } : { value });

const columns: { label: string; title: string; cell(row: GroupRow): ReturnType<typeof rate> }[] = [
  { label: 'Selection rate', title: 'Share of the group predicted positive', cell: (r) => rate(r.selectionRate, 'the group has no rows') },
  { label: 'TPR', title: 'True positive rate: share of the group’s positives predicted positive', cell: (r) => rate(r.truePositiveRate, 'no positive rows in this group') },
  { label: 'FPR', title: 'False positive rate: share of the group’s negatives predicted positive', cell: (r) => rate(r.falsePositiveRate, 'no negative rows in this group') },
  { label: 'Precision', title: 'Share of the group’s predicted positives that are positive', cell: (r) => rate(r.precision, 'nobody in this group is predicted positive') },
  { label: 'Accuracy', title: 'Share of the group predicted right', cell: (r) => rate(r.accuracy, 'the group has no rows') },
  { label: 'Disparate impact', title: 'Selection rate over the highest group’s', cell: (r) => rate(r.disparateImpact, 'no group has anyone predicted positive') },
];

function GroupRows({ summary }: { summary: FairnessSummary }) {
  return (
    <Table.Tbody>
      {summary.groups.map((row) => (
        <Table.Tr key={row.group} data-testid="fairness-row" data-group={row.group} data-selection-rate={String(row.selectionRate)} data-true-positive-rate={String(row.truePositiveRate)} data-fails-four-fifths={row.failsFourFifths || undefined}>
          <Table.Td>
            <Text size="sm" truncate="end" title={row.group}>
              {row.group}
            </Text>
          </Table.Td>
          <Table.Td ta="right">{row.size.toLocaleString('en-US')}</Table.Td>
          {columns.map((column) => (
            <Table.Td key={column.label} ta="right">
              <MetricValueText metric={column.cell(row)} />
            </Table.Td>
          ))}
          <Table.Td>
            {row.failsFourFifths && (
              <Badge size="sm" color="red" variant="light" radius="sm" title="Selected at less than four fifths of the highest group's rate">
                below 4/5
              </Badge>
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}

function Summary({ summary }: { summary: FairnessSummary }) {
  const why = 'a group’s rate is undefined';
  const items = [
    { label: 'Demographic parity difference', value: summary.demographicParityDifference, name: 'dp-difference' },
    { label: 'Demographic parity ratio', value: summary.demographicParityRatio, name: 'dp-ratio' },
    { label: 'Equalized odds difference', value: summary.equalizedOddsDifference, name: 'eo-difference' },
    { label: 'Equalized odds ratio', value: summary.equalizedOddsRatio, name: 'eo-ratio' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      {items.map((item) => (
        <Paper key={item.name} withBorder p={6} radius="sm">
          <Text size="xs" c="dimmed">
            {item.label}
          </Text>
          <MetricValueText metric={rate(item.value, why)} testId={`fairness-${item.name}`} />
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** The table at the threshold shown: the one part of the panel that re-renders while it moves. */
function FairnessAtThreshold({ tables }: { tables: GroupTable[] }) {
  const threshold = useThreshold(selectShownThreshold);
  const summary = fairnessAt(tables, threshold);
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        At threshold ≥ {formatMetric(threshold)}. Disparate impact below 0.8 fails the four-fifths rule.
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table fz="sm" verticalSpacing={3} striped data-testid="fairness-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th ta="right">Rows</Table.Th>
              {columns.map((column) => (
                <Table.Th key={column.label} ta="right" title={column.title}>
                  {column.label}
                </Table.Th>
              ))}
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <GroupRows summary={summary} />
        </Table>
      </Table.ScrollContainer>
      <Summary summary={summary} />
    </Stack>
  );
}

function GroupsBody() {
  const status = useEvaluationStore((s) => s.groupsStatus);
  const error = useEvaluationStore((s) => s.groupsError);
  const tables = useEvaluationStore((s) => s.groupTables);
  const column = useEvaluationStore((s) => s.groupColumn);
  if (column === null) return <Text size="sm" c="dimmed">Pick a column to compare its groups.</Text>;
  if (status === 'loading') return <LoadingState label={`Grouping by ${column}…`} />;
  if (error) return <ErrorState title="Could not group the rows" error={error} onRetry={() => evaluationStore.getState().setGroupColumn(column)} />;
  return tables ? <FairnessAtThreshold tables={tables} /> : null;
}

export function FairnessPanel({ evaluation }: { evaluation: BinaryEvaluation }) {
  const column = useEvaluationStore((s) => s.groupColumn);
  const options = evaluation.groupColumns.map((c) => ({ value: c.name, label: `${c.name} (${c.distinct} groups)` }));
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="fairness-panel">
      <Group justify="space-between" mb="xs">
        <Text size="sm" fw={600}>
          Fairness by group
        </Text>
        <Select
          size="xs"
          w={260}
          placeholder={options.length ? 'Group by a column' : 'No column to group by'}
          aria-label="Group by column"
          data-testid="fairness-column"
          data={options}
          value={column}
          disabled={options.length === 0}
          onChange={(value) => evaluationStore.getState().setGroupColumn(value)}
          clearable
        />
      </Group>
      {options.length === 0 ? (
        <Text size="sm" c="dimmed">
          This file has no other column with few enough distinct values to group by.
        </Text>
      ) : (
        <GroupsBody />
      )}
    </Paper>
  );
}
