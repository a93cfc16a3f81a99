// The warnings about one file: its path, then each problem with how often, when, and which run.
import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { ArrowRight, FileWarning } from 'lucide-react';
import type { IngestWarning } from '../../../shared/domain';
import type { RunRow } from '../../../shared/runQuery';
import { formatDateTime } from '../../format/date';
import { splitFileName, type WarningGroup } from '../../stores/warnings/selectors';

interface Props {
  group: WarningGroup;
  /** The runs listed now, to name a warning's run; a run not among them is opened by id. */
  runsById: Map<string, RunRow>;
  onOpenRun(runId: string): void;
}

export function WarningFileGroup({ group, runsById, onOpenRun }: Props) {
  const [folder, name] = splitFileName(group.shown);
  return (
    <Paper withBorder radius="sm" p="sm" data-testid="warning-group" data-path={group.path}>
      <Stack gap="xs">
        <Group gap={6} wrap="nowrap" align="flex-start">
          <FileWarning size={15} style={{ flexShrink: 0, marginTop: 2 }} color="var(--mantine-color-yellow-filled)" />
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all', flex: 1, lineHeight: 1.5 }} title={group.full} data-testid="warning-path">
            <Text span inherit c="dimmed">
              {folder}
            </Text>
            <Text span inherit fw={700}>
              {name}
            </Text>
          </Text>
        </Group>
        {group.warnings.map((warning, index) => (
          <WarningEntry key={`${warning.message}:${index}`} warning={warning} run={warning.runId ? runsById.get(warning.runId) : undefined} onOpenRun={onOpenRun} />
        ))}
      </Stack>
    </Paper>
  );
}

function WarningEntry({ warning, run, onOpenRun }: { warning: IngestWarning; run: RunRow | undefined; onOpenRun(runId: string): void }) {
  const runId = warning.runId;
  const runName = run ? run.name || run.id : null;
  return (
    <Stack gap={2} pl={21} data-testid="warning-item">
      <Group gap={6} wrap="nowrap" align="flex-start" justify="space-between">
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {warning.message}
        </Text>
        {warning.count > 1 && (
          <Badge size="sm" variant="light" color="yellow" radius="sm" style={{ flexShrink: 0 }} title={`Happened ${warning.count.toLocaleString()} times`} data-testid="warning-count">
            ×{warning.count.toLocaleString()}
          </Badge>
        )}
      </Group>
      <Group gap={6} wrap="nowrap">
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {formatDateTime(warning.at)}
        </Text>
        {runId && (
          <>
            <Text size="xs" c="dimmed">
              ·
            </Text>
            <Anchor
              component="button"
              type="button"
              size="xs"
              onClick={() => onOpenRun(runId)}
              data-testid="warning-open-run"
              data-run-id={runId}
              title={runName ? `Open the run ${runName}` : `Open the run ${runId}`}
              style={{ display: 'inline-flex', alignItems: 'center', gap: 3, minWidth: 0 }}
            >
              <Text span size="xs" truncate="end" inherit>
                {runName ? `Open run ${runName}` : 'Open the run'}
              </Text>
              <ArrowRight size={12} style={{ flexShrink: 0 }} />
            </Anchor>
          </>
        )}
      </Group>
    </Stack>
  );
}
