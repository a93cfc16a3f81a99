// A model's aliases (champion, challenger, any name): which version each
// points at, moving one to another version or removing it, and setting a new
// one. Setting or moving goes through the move dialog: aliases have gates too.
import { ActionIcon, Autocomplete, Button, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { RegistryModelDetail } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { modelStore, useModelStore } from '../../../stores/registry/modelStore';
import { suggestedAliases } from '../../../stores/registry/selectors';
import { AliasBadge, RegistryLink } from '../parts';
import { startMove } from './StageLanes';

function pointAlias(model: RegistryModelDetail, alias: string, version: number): void {
  const record = model.versions.find((v) => v.version === version);
  if (record) startMove(model, record, { kind: 'alias', alias });
}

function AliasRow({ model, alias, version }: { model: RegistryModelDetail; alias: string; version: number }) {
  const removing = useModelStore((s) => s.removingAlias === alias);
  const options = model.versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }));
  return (
    <Group gap="sm" wrap="nowrap" data-testid="alias-row" data-alias={alias} data-version={version}>
      <Group gap={6} wrap="nowrap" w={260} style={{ minWidth: 0 }}>
        <AliasBadge alias={alias} />
        <Text size="sm">→</Text>
        <RegistryLink route={{ view: 'version', name: model.name, version }}>v{version}</RegistryLink>
      </Group>
      <Select
        size="xs"
        w={130}
        placeholder="Move to…"
        data={options.filter((o) => o.value !== String(version))}
        value={null}
        onChange={(value) => value && pointAlias(model, alias, Number(value))}
        aria-label={`Move @${alias} to another version`}
        data-testid="alias-move"
      />
      <Tooltip label={`Remove @${alias}`} withArrow>
        <ActionIcon variant="subtle" color="red" loading={removing} onClick={() => void modelStore.getState().removeAlias(alias)} aria-label={`Remove @${alias}`} data-testid="alias-remove">
          <Trash2 size={14} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

export function AliasesPanel({ model }: { model: RegistryModelDetail }) {
  const error = useModelStore((s) => s.aliasError);
  const [alias, setAlias] = useState('champion');
  const latest = model.latestVersion;
  const [version, setVersion] = useState<string | null>(latest === null ? null : String(latest));
  const aliases = Object.entries(model.aliases).sort(([a], [b]) => a.localeCompare(b));
  const options = [...model.versions].sort((a, b) => b.version - a.version).map((v) => ({ value: String(v.version), label: `v${v.version}` }));
  return (
    <Stack gap="sm" data-testid="aliases-panel">
      {aliases.length === 0 ? (
        <Text size="sm" c="dimmed">
          No aliases yet. MLflow 2.9+ uses them instead of stages: <b>champion</b> for the version in use, <b>challenger</b> for the one that may replace it.
        </Text>
      ) : (
        <Stack gap={6}>
          {aliases.map(([name, v]) => (
            <AliasRow key={name} model={model} alias={name} version={v} />
          ))}
        </Stack>
      )}
      {error && <ErrorState title="The alias was not removed" error={error} />}
      <Group gap="xs" align="flex-end">
        <Autocomplete label="Alias" data={suggestedAliases(model)} value={alias} onChange={setAlias} w={220} data-testid="alias-name-input" />
        <Select label="Version" data={options} value={version} onChange={setVersion} w={110} allowDeselect={false} data-testid="alias-version-select" />
        <Button onClick={() => version && alias.trim() && pointAlias(model, alias.trim(), Number(version))} disabled={!version || !alias.trim()} data-testid="alias-set">
          Set alias
        </Button>
      </Group>
    </Stack>
  );
}
