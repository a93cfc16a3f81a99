// Per class: precision, recall, F1, support, one-vs-rest ROC AUC and AP; then
// the macro, weighted and micro averages.
import { Paper, Table, Text } from '@mantine/core';
import type { MetricValue, MulticlassEvaluation } from '../../../../shared/evaluation/types';
import { MetricValueText } from '../MetricValueText';

const averages = ['macro', 'weighted', 'micro'] as const;

function Cells({ values, testId }: { values: (MetricValue | undefined)[]; testId?: string }) {
  return (
    <>
      {values.map((value, i) => (
        <Table.Td key={i} ta="right">
          <MetricValueText metric={value} testId={testId ? `${testId}-${i}` : undefined} />
        </Table.Td>
      ))}
    </>
  );
}

export function PerClassTable({ evaluation }: { evaluation: MulticlassEvaluation }) {
  const totalSupport = evaluation.perClass.reduce((sum, row) => sum + row.support, 0);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="per-class-table">
      <Text size="sm" fw={600} mb={4}>
        Per class
      </Text>
      <Table.ScrollContainer minWidth={640} maxHeight={520}>
        <Table fz="sm" verticalSpacing={3} striped stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Class</Table.Th>
              <Table.Th ta="right">Precision</Table.Th>
              <Table.Th ta="right">Recall</Table.Th>
              <Table.Th ta="right">F1</Table.Th>
              <Table.Th ta="right">Support</Table.Th>
              <Table.Th ta="right">ROC AUC</Table.Th>
              <Table.Th ta="right">AP</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {evaluation.perClass.map((row) => (
              <Table.Tr key={row.label} data-testid="class-row" data-class={row.label}>
                <Table.Td>
                  <Text size="sm" truncate="end" maw={220} title={row.label}>
                    {row.label}
                  </Text>
                </Table.Td>
                <Cells values={[row.precision, row.recall, row.f1]} />
                <Table.Td ta="right">{row.support.toLocaleString('en-US')}</Table.Td>
                <Cells values={[row.rocAuc, row.averagePrecision]} />
              </Table.Tr>
            ))}
            {averages.map((name) => (
              <Table.Tr key={name} data-testid="average-row" data-average={name} style={{ fontWeight: 600 }}>
                <Table.Td>{name} average</Table.Td>
                <Cells values={[evaluation.averages[name].precision, evaluation.averages[name].recall, evaluation.averages[name].f1]} />
                <Table.Td ta="right">{totalSupport.toLocaleString('en-US')}</Table.Td>
                <Cells values={[evaluation.rocAuc[name], undefined]} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
