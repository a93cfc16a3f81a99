// The settings dialog's table of every reference column: its type (inferred,
// numerical, categorical), its method (Evidently's default, named as the
// newest batch chose it, or one picked), its threshold (empty: the method's
// default, shown as the placeholder) and whether it is left out of drift.
import { Badge, Checkbox, Group, NativeSelect, ScrollArea, Table, Text, TextInput } from '@mantine/core';
import { memo } from 'react';
import type { ColumnDriftRecord } from '../../../../shared/drift/monitor';
import { methodLabels } from '../../../stores/drift/describe';
import { defaultMethodLabel, methodChoices, thresholdPlaceholder, typeChoices, type ColumnDraft, type MethodChoice, type TypeChoice } from '../../../stores/drift/settingsDraft';
import { wrapAnywhere } from '../parts';

const typeLabels: Record<TypeChoice, string> = { inferred: 'inferred', num: 'numerical', cat: 'categorical' };

interface RowProps {
  column: string;
  draft: ColumnDraft;
  current: ColumnDriftRecord | undefined;
  problem: string | undefined;
  isLabel: boolean;
  onChange(column: string, patch: Partial<ColumnDraft>): void;
}

const Row = memo(function Row({ column, draft, current, problem, isLabel, onChange }: RowProps) {
  const methods = methodChoices.map((method) => ({ value: method, label: method === 'default' ? defaultMethodLabel(draft, current) : `${method} · ${methodLabels[method]}` }));
  const types = typeChoices.map((type) => ({ value: type, label: type === 'inferred' && current && draft.type === 'inferred' ? `inferred (${current.type} now)` : typeLabels[type] }));
  return (
    <Table.Tr data-testid="settings-column-row" data-column={column}>
      <Table.Td style={wrapAnywhere}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500} c={draft.ignore ? 'dimmed' : undefined} td={draft.ignore ? 'line-through' : undefined}>
            {column}
          </Text>
          {isLabel && (
            <Badge size="xs" variant="light" color="gray" radius="sm">
              label
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <NativeSelect size="xs" data={types} value={draft.type} disabled={draft.ignore} onChange={(e) => onChange(column, { type: e.currentTarget.value as TypeChoice })} aria-label={`Type of ${column}`} data-testid="settings-column-type" />
      </Table.Td>
      <Table.Td>
        <NativeSelect size="xs" data={methods} value={draft.method} disabled={draft.ignore} onChange={(e) => onChange(column, { method: e.currentTarget.value as MethodChoice })} aria-label={`Method of ${column}`} data-testid="settings-column-method" />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          w={96}
          value={draft.threshold}
          placeholder={thresholdPlaceholder(draft, current)}
          disabled={draft.ignore}
          error={problem}
          onChange={(e) => onChange(column, { threshold: e.currentTarget.value })}
          aria-label={`Threshold of ${column}`}
          data-testid="settings-column-threshold"
        />
      </Table.Td>
      <Table.Td ta="center">
        <Checkbox size="xs" checked={draft.ignore} onChange={(e) => onChange(column, { ignore: e.currentTarget.checked })} aria-label={`Ignore ${column}`} data-testid="settings-column-ignore" />
      </Table.Td>
    </Table.Tr>
  );
});

interface Props {
  columns: { column: string; draft: ColumnDraft }[];
  current: Map<string, ColumnDriftRecord>;
  problems: Record<string, string>;
  labelColumn: string | null;
  onChange(column: string, patch: Partial<ColumnDraft>): void;
}

export function ColumnSettingsTable({ columns, current, problems, labelColumn, onChange }: Props) {
  if (!columns.length) {
    return (
      <Text size="sm" c="dimmed" data-testid="settings-no-columns">
        The reference has not been read yet: its columns are listed here once the first run has read it.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah="max(220px, calc(100vh - 480px))" type="auto" offsetScrollbars>
      <Table striped highlightOnHover verticalSpacing={4} stickyHeader data-testid="settings-columns">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column</Table.Th>
            <Table.Th w={160}>Type</Table.Th>
            <Table.Th w={200}>Method</Table.Th>
            <Table.Th w={110}>Threshold</Table.Th>
            <Table.Th w={60} ta="center">
              Ignore
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.map(({ column, draft }) => (
            <Row key={column} column={column} draft={draft} current={current.get(column)} problem={problems[column]} isLabel={column === labelColumn} onChange={onChange} />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
