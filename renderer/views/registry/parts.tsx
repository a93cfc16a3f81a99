// Small pieces every registry view uses: a stage's and a file state's badge,
// an alias chip, a model name that wraps (names run to 256 characters), a
// short SHA-256, a link to another registry page, and a list of gate results.
import { Anchor, Badge, Box, Group, Paper, Stack, Text, Title, type MantineColor } from '@mantine/core';
import { CircleCheck, CircleX, FileWarning, FileX } from 'lucide-react';
import { Fragment, type ReactNode } from 'react';
import type { FileState, GateResult, Stage } from '../../../shared/registry/types';
import { routeOf } from '../../routes';
import { formatMetric } from '../../format/number';
import { gateKindLabels } from '../../stores/registry/gateDrafts';
import { uiStore, type RegistryRoute } from '../../stores/ui/store';

/** A titled panel of a registry page. */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" radius="sm" data-testid={testId}>
      <Stack gap="sm">
        <Title order={5}>{title}</Title>
        {children}
      </Stack>
    </Paper>
  );
}

export const stageColors: Record<Stage, MantineColor> = { None: 'gray', Staging: 'yellow', Production: 'green', Archived: 'gray' };

/** A stage's words in its color, readable in both themes (Mantine's light-variant text color). */
export const stageTextColor = (stage: Stage): string => `var(--mantine-color-${stageColors[stage]}-light-color)`;

const stageVariants: Record<Stage, string> = { None: 'default', Staging: 'light', Production: 'filled', Archived: 'outline' };

/** Long unbroken names wrap anywhere instead of widening the page. */
export const wrapAnywhere = { overflowWrap: 'anywhere', wordBreak: 'break-word', minWidth: 0 } as const;

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <Badge color={stageColors[stage]} variant={stageVariants[stage]} size="sm" radius="sm" data-testid="stage-badge" data-stage={stage}>
      {stage}
    </Badge>
  );
}

export function AliasBadge({ alias }: { alias: string }) {
  return (
    <Badge color="violet" variant="outline" size="sm" radius="sm" tt="none" data-testid="alias-badge" data-alias={alias} style={{ maxWidth: '100%' }}>
      @{alias}
    </Badge>
  );
}

/** Changed and missing files are shown loudly: the registered file is no longer the one that was checked. */
export function FileStateBadge({ state }: { state: FileState }) {
  if (state === 'ok') {
    return (
      <Badge color="gray" variant="default" size="sm" radius="sm" data-testid="file-state" data-state={state}>
        file ok
      </Badge>
    );
  }
  const changed = state === 'changed';
  return (
    <Badge
      color={changed ? 'orange' : 'red'}
      variant="filled"
      size="sm"
      radius="sm"
      leftSection={changed ? <FileWarning size={12} /> : <FileX size={12} />}
      data-testid="file-state"
      data-state={state}
      title={changed ? 'The file no longer has the SHA-256 it was registered with.' : 'The registered file is gone.'}
    >
      file {state}
    </Badge>
  );
}

const oneLine = { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 } as const;

export interface Crumb {
  label: string;
  /** Where it leads; the last crumb (this page) has none. */
  route?: RegistryRoute;
  testId?: string;
}

/** Registry › model › version: each on one line, a long name cut with an ellipsis (the title below wraps it whole). */
export function Crumbs({ items }: { items: Crumb[] }) {
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }} data-testid="registry-crumbs">
      {items.map((item, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              /
            </Text>
          )}
          <Box style={{ minWidth: 0, flexShrink: i === 0 ? 0 : 1 }} title={item.label}>
            {item.route ? (
              <RegistryLink route={item.route} testId={item.testId} truncate>
                {item.label}
              </RegistryLink>
            ) : (
              <Text size="sm" style={oneLine}>
                {item.label}
              </Text>
            )}
          </Box>
        </Fragment>
      ))}
    </Group>
  );
}

export const shortSha = (sha: string): string => sha.slice(0, 12);

export function ModelName({ name, size = 'sm', fw = 500 }: { name: string; size?: string; fw?: number }) {
  return (
    <Text size={size} fw={fw} style={wrapAnywhere} data-testid="model-name">
      {name}
    </Text>
  );
}

/** A link to a registry page: a real href (opens in a new tab, Back works), handled by the router. */
export function RegistryLink({ route, children, testId, truncate }: { route: RegistryRoute; children: ReactNode; testId?: string; truncate?: boolean }) {
  const href = routeOf({ area: 'registry', openRunId: null, comparedRunIds: [], registryRoute: route });
  return (
    <Anchor
      href={href}
      size="sm"
      style={truncate ? oneLine : wrapAnywhere}
      data-testid={testId}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        uiStore.getState().openRegistry(route);
      }}
    >
      {children}
    </Anchor>
  );
}

export function RunLink({ runId, label }: { runId: string; label?: string | null }) {
  return (
    <Anchor href={`#/runs/${encodeURIComponent(runId)}`} size="sm" style={wrapAnywhere} data-testid="run-link" data-run-id={runId}>
      {label || runId}
    </Anchor>
  );
}

/** A rule's result with its numbers; a failed rule says what it needed. */
export function GateResultList({ results, empty = 'No gates guard this move.' }: { results: GateResult[]; empty?: string }) {
  if (results.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="gates-none">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="gate-results">
      {results.map((result) => (
        <Group key={result.ruleId} gap="xs" wrap="nowrap" align="flex-start" data-testid="gate-result" data-passed={String(result.passed)} data-kind={result.kind} data-rule-id={result.ruleId}>
          {result.passed ? <CircleCheck size={16} color="var(--mantine-color-green-6)" style={{ flexShrink: 0, marginTop: 2 }} /> : <CircleX size={16} color="var(--mantine-color-red-6)" style={{ flexShrink: 0, marginTop: 2 }} />}
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500}>
              {gateKindLabels[result.kind] ?? result.kind} — {result.passed ? 'passed' : 'failed'}
            </Text>
            <Text size="sm" c={result.passed ? 'dimmed' : undefined} style={wrapAnywhere} data-testid="gate-detail">
              {result.detail}
            </Text>
            {(result.candidate !== undefined || result.baseline !== undefined) && (
              <Text size="xs" c="dimmed" ff="monospace">
                candidate {formatMetric(result.candidate)} · baseline {formatMetric(result.baseline)}
              </Text>
            )}
            {result.evaluationSetSha256 && (
              <Text size="xs" c="dimmed" ff="monospace" style={wrapAnywhere}>
                re-scored on a set with SHA-256 {shortSha(result.evaluationSetSha256)}
              </Text>
            )}
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
