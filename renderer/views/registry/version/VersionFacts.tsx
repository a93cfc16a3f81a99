// A version's recorded facts: where it came from and its file, its schema,
// the run's params and metrics at registration, and the datasets recorded.
import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ModelVersionRecord, SchemaField, VersionDataset } from '../../../../shared/registry/types';
import { formatDateTime } from '../../../format/date';
import { formatBytes, formatMetric } from '../../../format/number';
import { FileStateBadge, RunLink, wrapAnywhere } from '../parts';
import { ValueTypeTable } from '../../../components/OnnxValueTable';

function originText(version: ModelVersionRecord): string {
  const { origin } = version;
  if (origin.kind === 'mlflow') return `Copied from MLflow: ${origin.name} version ${origin.version} (${origin.location})`;
  if (origin.kind === 'import') return `Imported from ${origin.archive}`;
  return 'Registered from a run';
}

export function FactsTable({ version }: { version: ModelVersionRecord }) {
  const rows: [string, ReactNode][] = [
    ['Source run', version.runId ? <RunLink runId={version.runId} label={version.runName} /> : '—'],
    ['Experiment', version.experiment ?? '—'],
    ['Origin', originText(version)],
    ['Artifact path', <Text key="a" size="sm" ff="monospace" style={wrapAnywhere}>{version.artifactPath}</Text>],
    ['File', <Text key="f" size="sm" ff="monospace" style={wrapAnywhere}>{version.filePath}</Text>],
    ['Copy kept', version.copyPath ? <Text key="c" size="sm" ff="monospace" style={wrapAnywhere}>{version.copyPath}</Text> : 'No (only the path and SHA-256 are kept)'],
    ['File state', <FileStateBadge key="s" state={version.fileState} />],
    ['SHA-256', <Text key="h" size="sm" ff="monospace" style={wrapAnywhere} data-testid="version-sha">{version.sha256}</Text>],
    ['Size', formatBytes(version.size)],
    ['Git commit', version.gitCommit ? <Text key="g" size="sm" ff="monospace" style={wrapAnywhere}>{version.gitCommit}</Text> : '—'],
    ['Created', `${formatDateTime(version.createdAt)} by ${version.createdBy}`],
    ['Updated', formatDateTime(version.updatedAt)],
  ];
  return (
    <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4} layout="fixed" data-testid="version-facts">
      <Table.Tbody>
        {rows.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th w="24%" fw={500}>
              {key}
            </Table.Th>
            <Table.Td style={wrapAnywhere}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function SchemaTable({ fields, testId }: { fields: SchemaField[]; testId: string }) {
  if (fields.length === 0) return <Text size="sm" c="dimmed">None recorded.</Text>;
  return <ValueTypeTable rows={fields} testId={testId} />;
}

export function ValuesTable({ values, testId, metric }: { values: Record<string, string | number>; testId: string; metric?: boolean }) {
  const keys = Object.keys(values).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  if (keys.length === 0) return <Text size="sm" c="dimmed">None recorded.</Text>;
  return (
    <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4} layout="fixed" data-testid={testId}>
      <Table.Tbody>
        {keys.map((key) => (
          <Table.Tr key={key} data-key={key}>
            <Table.Th w="45%" fw={500} style={wrapAnywhere}>
              {key}
            </Table.Th>
            <Table.Td ff={metric ? 'monospace' : undefined} style={wrapAnywhere}>
              {metric ? formatMetric(values[key] as number) : String(values[key])}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function DatasetsTable({ datasets }: { datasets: VersionDataset[] }) {
  if (datasets.length === 0) return <Text size="sm" c="dimmed">The run recorded no datasets.</Text>;
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} layout="fixed" data-testid="version-datasets">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="22%">Name</Table.Th>
          <Table.Th w="14%">Context</Table.Th>
          <Table.Th w="12%">Rows</Table.Th>
          <Table.Th w="20%">Digest</Table.Th>
          <Table.Th>Source</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {datasets.map((d, i) => (
          <Table.Tr key={`${d.name}:${i}`}>
            <Table.Td style={wrapAnywhere}>{d.name}</Table.Td>
            <Table.Td>{d.context ?? '—'}</Table.Td>
            <Table.Td>{d.rows === null ? '—' : d.rows.toLocaleString('en-US')}</Table.Td>
            <Table.Td ff="monospace" style={wrapAnywhere}>
              {d.digest ?? '—'}
            </Table.Td>
            <Table.Td ff="monospace" style={wrapAnywhere}>
              {d.source ?? '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
