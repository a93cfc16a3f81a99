// Small pieces every Drift view uses: a titled panel, a link to a Drift page,
// the drift verdict and monitor state badges, a path that wraps.
import { Anchor, Badge, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { MouseEvent, ReactNode } from 'react';
import type { MonitorState } from '../../../shared/drift/monitor';
import { driftHash } from '../../routes';
import { openDrift, type DriftRoute } from '../../stores/drift/route';

export const DRIFT_COLOR = 'var(--mantine-color-red-6)';
export const STABLE_COLOR = 'var(--mantine-color-blue-6)';
export const REFERENCE_COLOR = 'var(--mantine-color-gray-6)';
export const CURRENT_COLOR = 'var(--mantine-color-orange-6)';
export const GRID_COLOR = 'var(--mantine-color-default-border)';
export const DIMMED = 'var(--mantine-color-dimmed)';

/** Long unbroken paths and names wrap anywhere instead of widening the page. */
export const wrapAnywhere = { overflowWrap: 'anywhere', wordBreak: 'break-word', minWidth: 0 } as const;

export function Panel({ title, actions, children, testId }: { title: ReactNode; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" radius="sm" data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Title order={5}>{title}</Title>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** A link that opens a Drift page in place (and still works as a link: new tab, copy). */
export function DriftLink({ route, children, testId }: { route: DriftRoute; children: ReactNode; testId?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    openDrift(route);
  };
  return (
    <Anchor href={driftHash(route)} onClick={onClick} size="sm" data-testid={testId} style={wrapAnywhere}>
      {children}
    </Anchor>
  );
}

export function VerdictBadge({ drift, tooSmall }: { drift: boolean; tooSmall?: string | null }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={drift ? 'red' : 'teal'} variant={drift ? 'filled' : 'light'} size="sm" radius="sm" data-testid="verdict" data-drift={String(drift)}>
        {drift ? 'drift' : 'no drift'}
      </Badge>
      {tooSmall && (
        <Tooltip label={tooSmall} multiline w={280} withArrow>
          <Badge color="yellow" variant="outline" size="sm" radius="sm" data-testid="too-small">
            too small
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

const stateColors: Record<MonitorState, string> = { idle: 'gray', running: 'blue', error: 'red' };

export function MonitorStateBadge({ state, error }: { state: MonitorState; error: string | null }) {
  const badge = (
    <Badge color={stateColors[state]} variant={state === 'idle' ? 'default' : 'light'} size="sm" radius="sm" data-testid="monitor-state" data-state={state}>
      {state}
    </Badge>
  );
  return error ? (
    <Tooltip label={error} multiline w={320} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

/** A label and its value, side by side in a facts list. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline" style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
      <Text size="sm" style={wrapAnywhere} component="div">
        {children}
      </Text>
    </Group>
  );
}
