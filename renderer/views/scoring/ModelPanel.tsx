// The model: a path typed by the user, Inspect, and what the file declares.
import { Alert, Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { CircleAlert, FileSearch } from 'lucide-react';
import type { ReactNode } from 'react';
import type { OnnxValueInfo } from '../../../shared/artifactPreview';
import type { ModelInspection } from '../../../shared/scoring/inspection';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { formatBytes } from '../../format/number';
import { featureOrderSource, shapeText } from '../../stores/scoring/helpers';
import { scoringStore, useScoringStore } from '../../stores/scoring/store';

function ValueTable({ title, values }: { title: string; values: OnnxValueInfo[] }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Table withTableBorder withColumnBorders striped fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Shape</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {values.map((value) => (
            <Table.Tr key={value.name}>
              <Table.Td>
                <Code>{value.name}</Code>
              </Table.Td>
              <Table.Td>{value.elementType ?? value.type}</Table.Td>
              <Table.Td ff="monospace">{value.elementType ? shapeText(value.shape) : value.type}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-all' }}>
        {children}
      </Text>
    </Stack>
  );
}

function ModelInfo({ inspection }: { inspection: ModelInspection }) {
  const info = inspection.info;
  return (
    <Stack gap="sm" data-testid="scoring-model-info">
      {inspection.unscorable && (
        <Alert color="orange" variant="light" icon={<CircleAlert size={18} />} title="Runlens cannot score this model" data-testid="scoring-unscorable">
          {inspection.unscorable}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        <Fact label="File">{inspection.file ?? '—'}</Fact>
        <Fact label="Size">{inspection.size === null ? '—' : formatBytes(inspection.size)}</Fact>
        <Fact label="SHA-256">
          <Text span ff="monospace" size="xs">
            {info?.sha256 ?? '—'}
          </Text>
        </Fact>
        <Fact label="Producer">{info ? `${info.producerName || 'unknown'} ${info.producerVersion}`.trim() : '—'}</Fact>
        <Fact label="Opsets">
          {info && info.opsets.length > 0 ? (
            <Group gap={4} component="span">
              {info.opsets.map((opset) => (
                <Badge key={opset.domain} variant="default" size="sm" radius="sm" tt="none">
                  {opset.domain || 'ai.onnx'} {opset.version}
                </Badge>
              ))}
            </Group>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Feature order">{featureOrderSource(inspection)}</Fact>
      </SimpleGrid>
      {info?.featureNames && (
        <Text size="xs" c="dimmed">
          Features: {info.featureNames.join(', ')}
        </Text>
      )}
      {info && info.zipMaps.length > 0 && (
        <Text size="xs" c="dimmed">
          ZipMap taken out: the probabilities are read from “{info.zipMaps[0].input}” (classes {info.zipMaps[0].classLabels.join(', ')}).
        </Text>
      )}
      {info && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <ValueTable title="Inputs" values={info.inputs} />
          <ValueTable title="Outputs" values={info.graphOutputs} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

export function ModelPanel() {
  const path = useScoringStore((s) => s.modelPath);
  const status = useScoringStore((s) => s.inspectStatus);
  const error = useScoringStore((s) => s.inspectError);
  const inspection = useScoringStore((s) => s.inspection);
  const actions = scoringStore.getState();
  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="sm">
        <Title order={5}>Model</Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void actions.inspect();
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              label="ONNX model file or MLflow model folder"
              placeholder="/path/to/model.onnx"
              value={path}
              onChange={(event) => actions.setModelPath(event.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="scoring-model-path"
            />
            <Button type="submit" leftSection={<FileSearch size={16} />} disabled={!path.trim()} loading={status === 'loading'} data-testid="scoring-inspect">
              Inspect
            </Button>
          </Group>
        </form>
        {status === 'loading' && !inspection && <LoadingState label="Reading the model…" />}
        {status === 'error' && error && <ErrorState title="Could not open the model" error={error} onRetry={() => void actions.inspect()} />}
        {inspection && status !== 'error' && <ModelInfo inspection={inspection} />}
      </Stack>
    </Paper>
  );
}
