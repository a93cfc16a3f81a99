// A model's inputs or outputs: name, type and shape. Long names and nested
// types (ZipMap's seq(map(string,tensor(float)))) wrap inside their cells.
// One table for an ONNX graph's values (run detail, scoring) and a registered
// version's schema (from the graph or the MLmodel signature).
import { Table } from '@mantine/core';
import type { OnnxValueInfo } from '../../shared/artifactPreview';
import { formatShape } from '../format/onnxShape';

const wrap = { overflowWrap: 'anywhere' } as const;

export interface ValueRow {
  name: string;
  type: string;
  /** Null when the source gives none. */
  shape: string | null;
}

export function ValueTypeTable({ rows, testId }: { rows: ValueRow[]; testId?: string }) {
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} layout="fixed" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="40%">Name</Table.Th>
          <Table.Th w="35%">Type</Table.Th>
          <Table.Th>Shape</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => (
          <Table.Tr key={`${row.name}:${index}`}>
            <Table.Td ff="monospace" style={wrap}>
              {row.name}
            </Table.Td>
            <Table.Td ff="monospace" style={wrap}>
              {row.type}
            </Table.Td>
            <Table.Td ff="monospace" style={wrap}>
              {row.shape ?? '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function OnnxValueTable({ values, testId }: { values: OnnxValueInfo[]; testId?: string }) {
  const rows = values.map((value) => ({ name: value.name, type: value.type, shape: value.elementType === null ? null : formatShape(value.shape) }));
  return <ValueTypeTable rows={rows} testId={testId} />;
}
