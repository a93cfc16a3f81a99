// A model's versions, newest first: stage, aliases, when and by whom, the
// file's state (changed or missing shown loudly), its SHA-256 and source run;
// and two versions picked for the compare.
import { Button, Group, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { GitCompare } from 'lucide-react';
import { useState } from 'react';
import type { RegistryModelDetail } from '../../../../shared/registry/types';
import { formatDateTime } from '../../../format/date';
import { aliasesByVersion } from '../../../stores/registry/selectors';
import { uiStore } from '../../../stores/ui/store';
import { AliasBadge, FileStateBadge, RegistryLink, RunLink, shortSha, StageBadge, wrapAnywhere } from '../parts';

function ComparePicker({ model }: { model: RegistryModelDetail }) {
  const numbers = model.versions.map((v) => v.version).sort((a, b) => b - a);
  const [a, setA] = useState<string | null>(numbers[1] !== undefined ? String(numbers[1]) : null);
  const [b, setB] = useState<string | null>(numbers[0] !== undefined ? String(numbers[0]) : null);
  if (numbers.length < 2) return null;
  const options = numbers.map((n) => ({ value: String(n), label: `v${n}` }));
  const open = () => a && b && a !== b && uiStore.getState().openRegistry({ view: 'compare', name: model.name, a: Number(a), b: Number(b) });
  return (
    <Group gap="xs" align="flex-end">
      <Select size="xs" w={90} label="A" data={options} value={a} onChange={setA} allowDeselect={false} data-testid="compare-pick-a" />
      <Select size="xs" w={90} label="B" data={options} value={b} onChange={setB} allowDeselect={false} data-testid="compare-pick-b" />
      <Button size="xs" variant="light" leftSection={<GitCompare size={14} />} disabled={!a || !b || a === b} onClick={open} data-testid="compare-open">
        Compare
      </Button>
    </Group>
  );
}

export function VersionsTable({ model }: { model: RegistryModelDetail }) {
  const versions = [...model.versions].sort((a, b) => b.version - a.version);
  const byVersion = aliasesByVersion(model.aliases);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed">
          {versions.length} version{versions.length === 1 ? '' : 's'}
        </Text>
        <ComparePicker model={model} />
      </Group>
      <ScrollArea type="auto">
        <Table striped highlightOnHover fz="sm" layout="fixed" miw={920} data-testid="versions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Version</Table.Th>
              <Table.Th w={110}>Stage</Table.Th>
              <Table.Th w="14%">Aliases</Table.Th>
              <Table.Th w={160}>Created</Table.Th>
              <Table.Th w="10%">Creator</Table.Th>
              <Table.Th w={120}>File</Table.Th>
              <Table.Th w={130}>SHA-256</Table.Th>
              <Table.Th>Run</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((version) => (
              <Table.Tr key={version.version} data-testid="version-row" data-version={version.version} data-stage={version.stage} data-file-state={version.fileState}>
                <Table.Td>
                  <RegistryLink route={{ view: 'version', name: model.name, version: version.version }} testId="version-link">
                    v{version.version}
                  </RegistryLink>
                </Table.Td>
                <Table.Td>
                  <StageBadge stage={version.stage} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {(byVersion.get(version.version) ?? []).map((alias) => (
                      <AliasBadge key={alias} alias={alias} />
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(version.createdAt)}</Table.Td>
                <Table.Td style={wrapAnywhere}>{version.createdBy}</Table.Td>
                <Table.Td>
                  <FileStateBadge state={version.fileState} />
                </Table.Td>
                <Table.Td ff="monospace" title={version.sha256}>
                  {shortSha(version.sha256)}
                </Table.Td>
                <Table.Td style={wrapAnywhere}>
                  {version.runId ? <RunLink runId={version.runId} label={version.runName} /> : <Text size="sm" c="dimmed">{version.origin.kind === 'mlflow' ? 'copied from MLflow' : version.origin.kind === 'import' ? 'imported' : '—'}</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
