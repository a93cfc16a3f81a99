// An ONNX model's summary: what it takes and gives, which operator sets, who made it.
import { Code, Stack, Table, Text } from '@mantine/core';
import type { OnnxPreview, OnnxValueInfo } from '../../../shared/artifactPreview';
import { formatBytes } from '../../format/number';
import { DetailSection, KeyValueTable } from './DetailSection';
import { formatShape } from './onnxShape';

const domainLabel = (domain: string) => domain || 'ai.onnx';

function ValueTable({ values, testId }: { values: OnnxValueInfo[]; testId: string }) {
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Shape</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {values.map((value, index) => (
          <Table.Tr key={`${value.name}:${index}`}>
            <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>{value.name}</Table.Td>
            <Table.Td ff="monospace">{value.type}</Table.Td>
            <Table.Td ff="monospace">{value.elementType === null ? '—' : formatShape(value.shape)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function OnnxSummaryView({ preview }: { preview: OnnxPreview }) {
  const { summary } = preview;
  const file: [string, string][] = [
    ['Size', formatBytes(preview.size)],
    ['SHA-256', preview.sha256],
  ];
  if (!summary) {
    return (
      <Stack gap="xs">
        <Text size="sm">This file is {preview.error ?? 'not a readable ONNX model'}.</Text>
        <KeyValueTable rows={file} />
      </Stack>
    );
  }
  const model: [string, string][] = [
    ['IR version', summary.irVersion === null ? '—' : String(summary.irVersion)],
    ['Operator sets', summary.opsets.map((o) => `${domainLabel(o.domain)} v${o.version}`).join(', ') || '—'],
    ['Producer', [summary.producerName, summary.producerVersion].filter(Boolean).join(' ') || '—'],
    ...(summary.domain ? [['Domain', summary.domain] as [string, string]] : []),
    ...(summary.modelVersion !== null ? [['Model version', String(summary.modelVersion)] as [string, string]] : []),
    ['Graph', summary.graphName || '—'],
    ['Nodes', `${summary.nodeCount.toLocaleString()} (${summary.operators.map((o) => `${o.opType}${o.count > 1 ? ` ×${o.count}` : ''}`).join(', ') || 'none'})`],
    ['Initializers', summary.initializerCount.toLocaleString()],
    ...file,
  ];
  return (
    <Stack gap="md" data-testid="onnx-summary">
      {summary.docString && <Code block>{summary.docString}</Code>}
      <KeyValueTable rows={model} />
      <DetailSection title="Inputs" count={summary.inputs.length} empty="No inputs.">
        <ValueTable values={summary.inputs} testId="onnx-inputs" />
      </DetailSection>
      <DetailSection title="Outputs" count={summary.outputs.length} empty="No outputs.">
        <ValueTable values={summary.outputs} testId="onnx-outputs" />
      </DetailSection>
      {summary.metadata.length > 0 && (
        <DetailSection title="Metadata" count={summary.metadata.length}>
          <KeyValueTable rows={summary.metadata.map((m) => [m.key, m.value])} monoKeys />
        </DetailSection>
      )}
    </Stack>
  );
}
