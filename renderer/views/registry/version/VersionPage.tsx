// One version: everything recorded about it (run, file, SHA-256 and its
// state, schema, params and metrics at registration, datasets, git commit),
// its description and tags to edit, its lineage graph, and the drift monitors
// that use it.
import { Alert, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { FileWarning } from 'lucide-react';
import { useEffect } from 'react';
import type { ModelVersionRecord } from '../../../../shared/registry/types';
import { AreaBoundary } from '../../../components/AreaBoundary';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { useVersionStore, versionStore } from '../../../stores/registry/versionStore';
import { AliasBadge, Crumbs, Section, FileStateBadge, RegistryLink, StageBadge, wrapAnywhere } from '../parts';
import { LineageGraph } from './LineageGraph';
import { DatasetsTable, FactsTable, SchemaTable, ValuesTable } from './VersionFacts';
import { VersionEdit } from './VersionEdit';
import { VersionMonitors } from './VersionMonitors';

function FileAlert({ version }: { version: ModelVersionRecord }) {
  if (version.fileState === 'ok') return null;
  const changed = version.fileState === 'changed';
  return (
    <Alert color={changed ? 'orange' : 'red'} variant="filled" icon={<FileWarning size={18} />} title={changed ? 'The registered file has changed' : 'The registered file is missing'} data-testid="file-alert" data-state={version.fileState}>
      <Text size="sm" style={wrapAnywhere}>
        {changed ? `${version.filePath} no longer has the SHA-256 it was registered with (${version.sha256.slice(0, 12)}…).` : `${version.filePath} is gone.`}
        {version.copyPath ? ` A copy is kept at ${version.copyPath}.` : ''}
      </Text>
    </Alert>
  );
}

function Body({ version, name }: { version: ModelVersionRecord; name: string }) {
  const lineage = useVersionStore((s) => s.lineage);
  return (
    <Stack gap="md">
      <FileAlert version={version} />
      <AreaBoundary area="The lineage graph">
        <Section title="Lineage" testId="lineage-section">
          {lineage && <LineageGraph lineage={lineage} />}
        </Section>
      </AreaBoundary>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Section title="Recorded">
          <FactsTable version={version} />
        </Section>
        <Section title="Description and tags">
          <VersionEdit version={version} />
        </Section>
      </SimpleGrid>
      <Section title={`Schema${version.schema.from ? ` (from the ${version.schema.from === 'onnx' ? 'ONNX graph' : 'MLmodel signature'})` : ''}`} testId="version-schema">
        {version.schema.from === null && <Text size="sm" c="dimmed">No schema was found in the file.</Text>}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Inputs
            </Text>
            <SchemaTable fields={version.schema.inputs} testId="schema-inputs" />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Outputs
            </Text>
            <SchemaTable fields={version.schema.outputs} testId="schema-outputs" />
          </Stack>
        </SimpleGrid>
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title="Metrics at registration">
          <ValuesTable values={version.metrics} testId="version-metrics" metric />
        </Section>
        <Section title="Params at registration">
          <ValuesTable values={version.params} testId="version-params" />
        </Section>
      </SimpleGrid>
      <Section title="Datasets">
        <DatasetsTable datasets={version.datasets} />
      </Section>
      <AreaBoundary area="The drift monitors">
        <Section title="Drift monitors" testId="version-monitors">
          <VersionMonitors version={version} />
        </Section>
      </AreaBoundary>
      <Text size="xs" c="dimmed">
        Part of <RegistryLink route={{ view: 'model', name }}>{name}</RegistryLink>.
      </Text>
    </Stack>
  );
}

export function VersionPage({ name, version: number }: { name: string; version: number }) {
  useEffect(() => versionStore.getState().startSync(), []);
  const lineage = useVersionStore((s) => s.lineage);
  const status = useVersionStore((s) => s.status);
  const error = useVersionStore((s) => s.error);
  const version = lineage && lineage.version.model === name && lineage.version.version === number ? lineage.version : null;
  return (
    <Stack gap="md" data-testid="version-page" data-name={name} data-version={number}>
      <Crumbs
        items={[
          { label: 'Registry', route: { view: 'list' }, testId: 'crumb-registry' },
          { label: name, route: { view: 'model', name }, testId: 'crumb-model' },
          { label: `version ${number}` },
        ]}
      />
      {status === 'error' && error && <ErrorState title={`Could not open version ${number} of “${name}”`} error={error} onRetry={() => versionStore.getState().reload()} />}
      {!version && status !== 'error' && <LoadingState label="Loading the version…" />}
      {version && (
        <>
          <Group gap="sm" align="center">
            <Title order={3} style={wrapAnywhere} data-testid="version-title">
              {name} · version {number}
            </Title>
            <StageBadge stage={version.stage} />
            {version.aliases.map((alias) => (
              <AliasBadge key={alias} alias={alias} />
            ))}
            <FileStateBadge state={version.fileState} />
          </Group>
          {version.description && (
            <Text size="sm" style={wrapAnywhere} data-testid="version-description-text">
              {version.description}
            </Text>
          )}
          <Body version={version} name={name} />
        </>
      )}
    </Stack>
  );
}
