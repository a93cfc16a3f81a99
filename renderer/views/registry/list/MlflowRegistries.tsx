// The MLflow registries found in project folders: read-only, each marked with
// its source and location; any version can be copied (with its stage and
// aliases) into Runlens's registry, where it can then be moved and gated.
import { Alert, Badge, Button, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { CopyPlus } from 'lucide-react';
import type { ModelVersion, RegisteredModel } from '../../../../shared/domain';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format/date';
import { sourceLabel } from '../../../format/source';
import { mlflowKey, registryListStore, useRegistryListStore } from '../../../stores/registry/listStore';
import { AliasBadge, ModelName, RegistryLink, RunLink, wrapAnywhere } from '../parts';

function CopyCell({ model, version }: { model: RegisteredModel; version: ModelVersion }) {
  const key = { location: model.location, name: model.name, version: version.version };
  const k = mlflowKey(key);
  const copying = useRegistryListStore((s) => s.copying === k);
  const busy = useRegistryListStore((s) => s.copying !== null);
  const copied = useRegistryListStore((s) => (s.copied?.key === k ? s.copied.version : null));
  const error = useRegistryListStore((s) => (s.copyError?.key === k ? s.copyError.error : null));
  return (
    <Stack gap={4} align="flex-end">
      <Button
        size="compact-xs"
        variant="light"
        leftSection={<CopyPlus size={12} />}
        loading={copying}
        disabled={busy && !copying}
        onClick={() => void registryListStore.getState().copyFromMlflow(key)}
        data-testid="mlflow-copy"
      >
        Copy into Runlens registry
      </Button>
      {copied && (
        <Text size="xs" data-testid="mlflow-copied">
          Copied as{' '}
          <RegistryLink route={{ view: 'version', name: copied.model, version: copied.version }}>
            {copied.model} v{copied.version}
          </RegistryLink>
        </Text>
      )}
      {error && (
        <Text size="xs" c="red" style={wrapAnywhere} data-testid="mlflow-copy-error">
          {error.message}
        </Text>
      )}
    </Stack>
  );
}

function MlflowModel({ model }: { model: RegisteredModel }) {
  const versions = [...model.versions].sort((a, b) => b.version - a.version);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="mlflow-model" data-name={model.name}>
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
          <ModelName name={model.name} />
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Badge size="sm" variant="default" radius="sm" data-testid="mlflow-source">
              {sourceLabel(model.source)} · read-only
            </Badge>
          </Group>
        </Group>
        <Text size="xs" c="dimmed" ff="monospace" style={wrapAnywhere} data-testid="mlflow-location">
          {model.location}
        </Text>
        {model.description && (
          <Text size="sm" style={wrapAnywhere}>
            {model.description}
          </Text>
        )}
        <ScrollArea type="auto">
          <Table fz="sm" verticalSpacing={4} miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>Version</Table.Th>
                <Table.Th w={110}>Stage</Table.Th>
                <Table.Th>Aliases</Table.Th>
                <Table.Th>Run</Table.Th>
                <Table.Th w={160}>Created</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((version) => (
                <Table.Tr key={version.version} data-testid="mlflow-version" data-version={version.version}>
                  <Table.Td>v{version.version}</Table.Td>
                  <Table.Td>{version.stage ?? 'None'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {version.aliases.map((alias) => (
                        <AliasBadge key={alias} alias={alias} />
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td style={wrapAnywhere}>{version.runId ? <RunLink runId={version.runId} /> : <Text size="sm" c="dimmed">{version.sourceRunId ?? '—'}</Text>}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(version.createdTime)}</Table.Td>
                  <Table.Td>
                    <CopyCell model={model} version={version} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Stack>
    </Paper>
  );
}

export function MlflowRegistries() {
  const models = useRegistryListStore((s) => s.mlflow);
  const status = useRegistryListStore((s) => s.mlflowStatus);
  const error = useRegistryListStore((s) => s.mlflowError);
  return (
    <Stack gap="sm" data-testid="mlflow-registries">
      <Group justify="space-between">
        <Title order={5}>MLflow registries in your projects</Title>
        <Text size="xs" c="dimmed">
          Read from the project folders; Runlens never writes to them
        </Text>
      </Group>
      {status === 'error' && error && <ErrorState title="Could not list the MLflow registries" error={error} onRetry={() => void registryListStore.getState().loadMlflow()} />}
      {status === 'loading' && models.length === 0 && <LoadingState label="Listing the MLflow registries…" />}
      {status === 'ready' && models.length === 0 && (
        <Alert variant="light" color="gray" p="xs">
          <Text size="sm">No MLflow registry in the project folders (MLflow keeps one in mlruns/models or in its tracking database).</Text>
        </Alert>
      )}
      {models.map((model) => (
        <MlflowModel key={`${model.location}\u0000${model.name}`} model={model} />
      ))}
    </Stack>
  );
}
