// Runlens's registered models: name, latest version, what holds Staging and
// Production, and each alias; how to register one when there is none; then
// the MLflow registries read from project folders, read-only.
import { Code, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { Library } from 'lucide-react';
import type { RegistryModel } from '../../../../shared/registry/types';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format/date';
import { registryListStore, useRegistryListStore } from '../../../stores/registry/listStore';
import { AliasBadge, ModelName, RegistryLink, wrapAnywhere } from '../parts';

function Holders({ versions, stage, name }: { versions: number[]; stage: string; name: string }) {
  if (versions.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Group gap={6} data-testid="holders" data-stage={stage}>
      {versions.map((version) => (
        <RegistryLink key={version} route={{ view: 'version', name, version }}>
          v{version}
        </RegistryLink>
      ))}
    </Group>
  );
}

function ModelRow({ model }: { model: RegistryModel }) {
  const aliases = Object.entries(model.aliases).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Table.Tr data-testid="registry-model-row" data-name={model.name}>
      <Table.Td style={wrapAnywhere}>
        <RegistryLink route={{ view: 'model', name: model.name }} testId="registry-model-link">
          <ModelName name={model.name} />
        </RegistryLink>
        {model.description && (
          <Text size="xs" c="dimmed" lineClamp={2} style={wrapAnywhere}>
            {model.description}
          </Text>
        )}
      </Table.Td>
      <Table.Td data-testid="latest-version">{model.latestVersion === null ? '—' : `v${model.latestVersion}`}</Table.Td>
      <Table.Td>
        <Holders versions={model.stageHolders.Staging ?? []} stage="Staging" name={model.name} />
      </Table.Td>
      <Table.Td>
        <Holders versions={model.stageHolders.Production ?? []} stage="Production" name={model.name} />
      </Table.Td>
      <Table.Td>
        {aliases.length === 0 ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Stack gap={2}>
            {aliases.map(([alias, version]) => (
              <Group key={alias} gap={4} wrap="nowrap" data-testid="alias-holder" data-alias={alias} data-version={version}>
                <AliasBadge alias={alias} />
                <Text size="sm">→ v{version}</Text>
              </Group>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(model.updatedAt)}</Table.Td>
    </Table.Tr>
  );
}

function NoModels() {
  return (
    <EmptyState
      icon={<Library size={28} strokeWidth={1.5} />}
      title="No registered models yet"
      description={
        <Stack gap={6} align="center">
          <Text span size="sm" c="dimmed">
            Register a model from a run: open the run, pick its <b>.onnx</b> file or MLflow model folder (the one holding <Code>MLmodel</Code>) under Artifacts, and click <b>Register model</b>.
          </Text>
          <Text span size="sm" c="dimmed">
            Or from a terminal:
          </Text>
          <Code block style={{ textAlign: 'left', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            runlens registry register --run RUN_ID --artifact model.onnx --name NAME
          </Code>
        </Stack>
      }
    />
  );
}

export function RegistryModels() {
  const models = useRegistryListStore((s) => s.models);
  const status = useRegistryListStore((s) => s.status);
  const error = useRegistryListStore((s) => s.error);
  return (
    <Paper withBorder p="md" radius="sm" data-testid="registry-models">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>Registered models</Title>
          <Text size="xs" c="dimmed">
            {models.length > 0 ? `${models.length} in Runlens's registry` : ''}
          </Text>
        </Group>
        {status === 'error' && error && <ErrorState title="Could not list the registered models" error={error} onRetry={() => void registryListStore.getState().load()} />}
        {(status === 'loading' || status === 'idle') && models.length === 0 && <LoadingState label="Listing the registered models…" />}
        {status === 'ready' && models.length === 0 && <NoModels />}
        {models.length > 0 && (
          <ScrollArea type="auto">
            <Table striped highlightOnHover fz="sm" layout="fixed" miw={760} data-testid="registry-model-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="32%">Model</Table.Th>
                  <Table.Th w={80}>Latest</Table.Th>
                  <Table.Th>Staging</Table.Th>
                  <Table.Th>Production</Table.Th>
                  <Table.Th w="20%">Aliases</Table.Th>
                  <Table.Th w={160}>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {models.map((model) => (
                  <ModelRow key={model.name} model={model} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Stack>
    </Paper>
  );
}
