// A titled block of the run panel, and the two-column table most blocks use.
import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface SectionProps {
  title: string;
  /** When given and zero, `empty` is shown instead of the children. */
  count?: number;
  empty?: string;
  children: ReactNode;
}

export function DetailSection({ title, count, empty, children }: SectionProps) {
  return (
    <Stack gap={6}>
      <Group gap={6}>
        <Title order={6}>{title}</Title>
        {count !== undefined && count > 0 && (
          <Badge size="xs" variant="default" radius="sm">
            {count}
          </Badge>
        )}
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}

interface KeyValueProps {
  rows: [string, string][];
  monoKeys?: boolean;
  testIdPrefix?: string;
}

export function KeyValueTable({ rows, monoKeys, testIdPrefix }: KeyValueProps) {
  return (
    <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4} layout="fixed">
      <Table.Tbody>
        {rows.map(([key, value]) => (
          <Table.Tr key={key} data-testid={testIdPrefix ? `${testIdPrefix}${key}` : undefined}>
            <Table.Th w="38%" fw={500} style={{ wordBreak: 'break-all', fontFamily: monoKeys ? 'var(--mantine-font-family-monospace)' : undefined }}>
              {key}
            </Table.Th>
            <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
