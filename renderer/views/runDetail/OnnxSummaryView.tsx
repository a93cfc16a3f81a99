// An ONNX model's summary: what it takes and gives, which operator sets, who made it.
import { Code, Stack, Text } from '@mantine/core';
import type { OnnxPreview } from '../../../shared/artifactPreview';
import { OnnxValueTable } from '../../components/OnnxValueTable';
import { formatBytes } from '../../format/number';
import { DetailSection, KeyValueTable } from './DetailSection';

const domainLabel = (domain: string) => domain || 'ai.onnx';

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
        <OnnxValueTable values={summary.inputs} testId="onnx-inputs" />
      </DetailSection>
      <DetailSection title="Outputs" count={summary.outputs.length} empty="No outputs.">
        <OnnxValueTable values={summary.outputs} testId="onnx-outputs" />
      </DetailSection>
      {summary.metadata.length > 0 && (
        <DetailSection title="Metadata" count={summary.metadata.length}>
          <KeyValueTable rows={summary.metadata.map((m) => [m.key, m.value])} monoKeys />
        </DetailSection>
      )}
    </Stack>
  );
}
