// The stage board: one lane per stage (None, Staging, Production, Archived),
// each version a card. Drag a card to another lane, or focus it and press the
// arrow keys (Home, End) or use its menu: the move dialog opens with the
// gates that move meets.
import { ActionIcon, Group, Menu, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { EllipsisVertical, GripVertical } from 'lucide-react';
import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { stages, type ModelVersionRecord, type RegistryModelDetail, type Stage } from '../../../../shared/registry/types';
import { formatDateTime } from '../../../format/date';
import { moveStore } from '../../../stores/registry/moveStore';
import type { MoveTarget } from '../../../stores/registry/notify';
import { aliasesByVersion, lanesOf, stageAfterKey, suggestedAliases } from '../../../stores/registry/selectors';
import { AliasBadge, FileStateBadge, RegistryLink, stageColors, stageTextColor, wrapAnywhere } from '../parts';

const DRAG_TYPE = 'application/x-runlens-version';

/** Opens the move dialog for this version; a move to where it already is does nothing. */
export function startMove(model: RegistryModelDetail, version: ModelVersionRecord, to: MoveTarget): void {
  if (to.kind === 'stage' && to.stage === version.stage) return;
  if (to.kind === 'alias' && model.aliases[to.alias] === version.version) return;
  const from = to.kind === 'stage' ? version.stage : model.aliases[to.alias] === undefined ? null : `version ${model.aliases[to.alias]}`;
  moveStore.getState().open({ name: model.name, version: version.version, from, to });
}

function CardMenu({ model, version }: { model: RegistryModelDetail; version: ModelVersionRecord }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move version ${version.version}`} data-testid="version-card-menu">
          <EllipsisVertical size={14} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to stage</Menu.Label>
        {stages
          .filter((stage) => stage !== version.stage)
          .map((stage) => (
            <Menu.Item key={stage} onClick={() => startMove(model, version, { kind: 'stage', stage })} data-testid="version-card-move" data-stage={stage}>
              {stage}
            </Menu.Item>
          ))}
        <Menu.Label>Point an alias here</Menu.Label>
        {suggestedAliases(model)
          .filter((alias) => model.aliases[alias] !== version.version)
          .map((alias) => (
            <Menu.Item key={alias} onClick={() => startMove(model, version, { kind: 'alias', alias })} data-testid="version-card-alias" data-alias={alias}>
              @{alias}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function VersionCard({ model, version, aliases }: { model: RegistryModelDetail; version: ModelVersionRecord; aliases: string[] }) {
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return; // keys meant for the menu or the link
    const to = stageAfterKey(version.stage, event.key);
    if (to === null) return;
    event.preventDefault();
    startMove(model, version, { kind: 'stage', stage: to });
  };
  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    event.dataTransfer.setData(DRAG_TYPE, String(version.version));
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <Paper
      withBorder
      p={8}
      radius="sm"
      draggable
      tabIndex={0}
      onDragStart={onDragStart}
      onKeyDown={onKey}
      aria-label={`Version ${version.version}, ${version.stage}. Arrow keys move it to the next stage.`}
      data-testid="version-card"
      data-version={version.version}
      data-stage={version.stage}
      style={{ cursor: 'grab', borderLeft: `3px solid var(--mantine-color-${stageColors[version.stage]}-filled)` }}
    >
      <Group gap={4} wrap="nowrap" justify="space-between" align="flex-start">
        <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
          <GripVertical size={14} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
          <RegistryLink route={{ view: 'version', name: model.name, version: version.version }} testId="version-card-link">
            <Text span fw={600} size="sm">
              v{version.version}
            </Text>
          </RegistryLink>
        </Group>
        <CardMenu model={model} version={version} />
      </Group>
      <Stack gap={4} mt={4}>
        {aliases.length > 0 && (
          <Group gap={4}>
            {aliases.map((alias) => (
              <AliasBadge key={alias} alias={alias} />
            ))}
          </Group>
        )}
        {version.fileState !== 'ok' && <FileStateBadge state={version.fileState} />}
        <Text size="xs" c="dimmed" style={wrapAnywhere}>
          {version.runName ?? version.artifactPath}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(version.createdAt)}
        </Text>
      </Stack>
    </Paper>
  );
}

function Lane({ model, stage, versions, byVersion }: { model: RegistryModelDetail; stage: Stage; versions: ModelVersionRecord[]; byVersion: Map<number, string[]> }) {
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const number = Number(event.dataTransfer.getData(DRAG_TYPE));
    const version = model.versions.find((v) => v.version === number);
    if (version) startMove(model, version, { kind: 'stage', stage });
  };
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      data-testid="stage-lane"
      data-stage={stage}
      data-over={over || undefined}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{ minHeight: 160, background: over ? 'var(--mantine-color-default-hover)' : 'var(--mantine-color-body)', outline: over ? '2px dashed var(--mantine-primary-color-filled)' : undefined }}
    >
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600} style={{ color: stageTextColor(stage) }}>
          {stage}
        </Text>
        <Text size="xs" c="dimmed">
          {versions.length}
        </Text>
      </Group>
      <Stack gap={6}>
        {versions.map((version) => (
          <VersionCard key={version.version} model={model} version={version} aliases={byVersion.get(version.version) ?? []} />
        ))}
        {versions.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            Drop a version here
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function StageLanes({ model }: { model: RegistryModelDetail }) {
  const lanes = lanesOf(model.versions);
  const byVersion = aliasesByVersion(model.aliases);
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" data-testid="stage-lanes">
      {stages.map((stage) => (
        <Lane key={stage} model={model} stage={stage} versions={lanes[stage]} byVersion={byVersion} />
      ))}
    </SimpleGrid>
  );
}
