// One registered model: the stage board and the versions table, its aliases,
// its gates and hooks, and the audit trail with the as-of answer.
import { Anchor, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AreaBoundary } from '../../../components/AreaBoundary';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format/date';
import { modelStore, useModelStore } from '../../../stores/registry/modelStore';
import { Crumbs, Section, wrapAnywhere } from '../parts';
import { AliasesPanel } from './AliasesPanel';
import { AsOfPanel } from './AsOfPanel';
import { AuditTimeline } from './AuditTimeline';
import { GatesEditor } from './GatesEditor';
import { HooksEditor } from './HooksEditor';
import { MoveDialog } from './MoveDialog';
import { StageLanes } from './StageLanes';
import { VersionsTable } from './VersionsTable';

export type ModelTab = 'versions' | 'gates' | 'audit';

export function ModelPage({ name }: { name: string }) {
  useEffect(() => modelStore.getState().startSync(), []);
  const detail = useModelStore((s) => (s.detail?.name === name ? s.detail : null));
  const status = useModelStore((s) => s.status);
  const error = useModelStore((s) => s.error);
  const [tab, setTab] = useState<ModelTab>('versions');

  const crumbs = <Crumbs items={[{ label: 'Registry', route: { view: 'list' }, testId: 'crumb-registry' }, { label: name }]} />;
  if (status === 'error' && error) {
    return (
      <Stack gap="md">
        {crumbs}
        <ErrorState title={`Could not open the model “${name}”`} error={error} onRetry={() => modelStore.getState().reload()} />
      </Stack>
    );
  }
  if (!detail) return <LoadingState label="Loading the model…" />;
  return (
    <Stack gap="md" data-testid="model-page" data-name={detail.name}>
      {crumbs}
      <Stack gap={4}>
        <Title order={3} style={wrapAnywhere} data-testid="model-title">
          {detail.name}
        </Title>
        {detail.description && (
          <Text size="sm" style={wrapAnywhere}>
            {detail.description}
          </Text>
        )}
        <Group gap="md">
          <Text size="xs" c="dimmed">
            Created by {detail.createdBy} at {formatDateTime(detail.createdAt)}
          </Text>
          <Text size="xs" c="dimmed">
            Updated {formatDateTime(detail.updatedAt)}
          </Text>
          <Anchor size="xs" component="button" onClick={() => setTab('gates')}>
            {detail.gates.length} gate{detail.gates.length === 1 ? '' : 's'}
          </Anchor>
          <Anchor size="xs" component="button" onClick={() => setTab('gates')}>
            {detail.hooks.length} hook{detail.hooks.length === 1 ? '' : 's'}
          </Anchor>
        </Group>
      </Stack>
      <Tabs value={tab} onChange={(value) => value && setTab(value as ModelTab)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="versions" data-testid="model-tab-versions">
            Versions and stages
          </Tabs.Tab>
          <Tabs.Tab value="gates" data-testid="model-tab-gates">
            Gates and hooks
          </Tabs.Tab>
          <Tabs.Tab value="audit" data-testid="model-tab-audit">
            Audit trail
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="versions" pt="md">
          <Stack gap="md">
            <AreaBoundary area="The stage board">
              <Section title="Stages" testId="stages-section">
                <Text size="xs" c="dimmed">
                  Drag a version to another stage, or focus it and press ← →; the gates are checked before anything moves.
                </Text>
                <StageLanes model={detail} />
              </Section>
            </AreaBoundary>
            <AreaBoundary area="The aliases">
              <Section title="Aliases">
                <AliasesPanel model={detail} />
              </Section>
            </AreaBoundary>
            <AreaBoundary area="The versions table">
              <Section title="Versions">
                <VersionsTable model={detail} />
              </Section>
            </AreaBoundary>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="gates" pt="md">
          <Stack gap="md">
            <AreaBoundary area="The gates editor">
              <Paper withBorder p="md" radius="sm">
                <GatesEditor model={detail} />
              </Paper>
            </AreaBoundary>
            <AreaBoundary area="The hooks editor">
              <Paper withBorder p="md" radius="sm">
                <HooksEditor model={detail} />
              </Paper>
            </AreaBoundary>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <Stack gap="md">
            <AreaBoundary area="The as-of answer">
              <AsOfPanel />
            </AreaBoundary>
            <AreaBoundary area="The audit trail">
              <Section title="Audit trail" testId="audit-section">
                <AuditTimeline />
              </Section>
            </AreaBoundary>
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <MoveDialog model={detail} />
    </Stack>
  );
}
