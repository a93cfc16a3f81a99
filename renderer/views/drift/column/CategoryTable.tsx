// A categorical column's categories with both sides' shares, new (only in
// the current batch) and vanished (only in the reference) ones flagged.
import { Badge, ScrollArea, Table } from '@mantine/core';
import type { CategoryShare } from '../../../../shared/drift/monitor';
import { formatShare } from '../../../stores/drift/describe';
import { wrapAnywhere } from '../parts';

const statusColors = { new: 'orange', vanished: 'gray' } as const;

export function CategoryTable({ categories }: { categories: CategoryShare[] }) {
  return (
    <ScrollArea.Autosize mah={320} type="auto">
      <Table fz="sm" withTableBorder data-testid="column-categories">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Category</Table.Th>
            <Table.Th ta="right">Reference</Table.Th>
            <Table.Th ta="right">Current</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {categories.map((category) => (
            <Table.Tr key={category.value} data-testid="category-row" data-status={category.status}>
              <Table.Td style={wrapAnywhere}>
                {category.value}{' '}
                {category.status !== 'both' && (
                  <Badge size="xs" variant="light" color={statusColors[category.status]}>
                    {category.status}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">{formatShare(category.reference)}</Table.Td>
              <Table.Td ta="right">{formatShare(category.current)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
