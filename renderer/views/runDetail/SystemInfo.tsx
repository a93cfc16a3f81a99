// Where and how the run ran: git commit, host, Python, command line, as its source recorded them.
import { Code, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { RunDetail } from '../../../shared/domain';
import { sourceLabel } from '../../format/source';
import { runLocation, systemFacts } from './systemFacts';

/** The run's place on disk, named as what it is: a folder, or a run in an MLflow database. */
export function RunLocationBlock({ run }: { run: RunDetail }) {
  const location = runLocation(run);
  const rows: [string, string][] = location.kind === 'folder'
    ? [['Folder', location.folder]]
    : [['MLflow database', location.database], ['MLflow run id', location.runId]];
  return (
    <Stack gap={6} data-testid="run-location" data-kind={location.kind}>
      {rows.map(([label, value]) => (
        <Stack gap={2} key={label}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Code style={{ wordBreak: 'break-all' }}>{value}</Code>
        </Stack>
      ))}
    </Stack>
  );
}

export function SystemInfo({ run }: { run: RunDetail }) {
  const facts = systemFacts(run.tags);
  if (facts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {sourceLabel(run.source)} recorded no commit, host or command for this run.
      </Text>
    );
  }
  return (
    <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4} layout="fixed" data-testid="system-info">
      <Table.Tbody>
        {facts.map((fact) => (
          <Table.Tr key={fact.label} data-testid={`system-${fact.tag}`}>
            <Table.Th w="38%" fw={500}>
              <Tooltip label={fact.tag} openDelay={400}>
                <span>{fact.label}</span>
              </Tooltip>
            </Table.Th>
            <Table.Td style={{ wordBreak: 'break-all', fontFamily: fact.mono ? 'var(--mantine-font-family-monospace)' : undefined }}>{fact.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
