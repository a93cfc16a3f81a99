// An ONNX model's inputs or outputs: name, type and shape. Long names and
// nested types (ZipMap's seq(map(string,tensor(float)))) wrap inside their cells.
import { Table } from '@mantine/core';
import type { OnnxValueInfo } from '../../shared/artifactPreview';
import { formatShape } from '../format/onnxShape';

const wrap = { overflowWrap: 'anywhere' } as const;

export function OnnxValueTable({ values, testId }: { values: OnnxValueInfo[]; testId?: string }) {
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
        {values.map((value, index) => (
          <Table.Tr key={`${value.name}:${index}`}>
            <Table.Td ff="monospace" style={wrap}>
              {value.name}
            </Table.Td>
            <Table.Td ff="monospace" style={wrap}>
              {value.type}
            </Table.Td>
            <Table.Td ff="monospace" style={wrap}>
              {value.elementType === null ? '—' : formatShape(value.shape)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
