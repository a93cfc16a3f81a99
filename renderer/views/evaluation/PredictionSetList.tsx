// A run's prediction sets, each with what it is and an Evaluate button: in the
// run panel and where the Evaluation area waits for a pick.
import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { ScanSearch } from 'lucide-react';
import type { PredictionSet } from '../../../shared/evaluation/predictionSets';
import { formatBytes } from '../../format/number';

const originLabel: Record<PredictionSet['origin'], string> = { logged: 'logged', artifact: 'artifact' };
const originHint: Record<PredictionSet['origin'], string> = {
  logged: 'Written by log_predictions: its columns are known',
  artifact: 'A table among the artifacts: its columns are mapped by you',
};

interface Props {
  sets: PredictionSet[];
  onEvaluate(set: PredictionSet): void;
  /** The set open in the Evaluation area, marked. */
  current?: string | null;
}

function rowsText(set: PredictionSet): string {
  if (set.rows !== null) return set.rows.toLocaleString('en-US');
  return set.size !== null ? formatBytes(set.size) : '—';
}

export function PredictionSetList({ sets, onEvaluate, current }: Props) {
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} data-testid="prediction-sets">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Set</Table.Th>
          <Table.Th>Origin</Table.Th>
          <Table.Th ta="right">Rows</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sets.map((set) => (
          <Table.Tr key={set.path} data-testid="prediction-set" data-set-path={set.path} aria-current={current === set.path || undefined}>
            <Table.Td>
              <Text size="sm" fw={500} truncate="end" title={set.path}>
                {set.name}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace" truncate="end" title={set.path}>
                {set.path}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Badge size="sm" variant="light" color={set.origin === 'logged' ? 'teal' : 'gray'} radius="sm" title={originHint[set.origin]}>
                  {originLabel[set.origin]}
                </Badge>
                {set.origin === 'artifact' && set.mapping === null && (
                  <Badge size="sm" variant="outline" color="orange" radius="sm" title="Pick the label and score columns once">
                    needs mapping
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {rowsText(set)}
            </Table.Td>
            <Table.Td ta="right">
              <Button size="compact-xs" variant="light" leftSection={<ScanSearch size={14} />} onClick={() => onEvaluate(set)} data-testid="evaluate-set">
                Evaluate
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
