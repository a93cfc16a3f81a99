// "Which version was in Production on that day?": a date-time picker (to the
// millisecond) and the backend's answer from the audit trail: which versions
// held each stage and alias at that moment, and the last event before it.
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { stages } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format/date';
import { modelStore, useModelStore } from '../../../stores/registry/modelStore';
import { eventHeading } from '../../../stores/registry/selectors';
import { AliasBadge, stageTextColor, wrapAnywhere } from '../parts';
import { fromLocalInput, toLocalInput } from './asOfTime';

function Answer() {
  const asOf = useModelStore((s) => s.asOf);
  const status = useModelStore((s) => s.asOfStatus);
  const error = useModelStore((s) => s.asOfError);
  if (status === 'error' && error) return <ErrorState title="Could not answer for that moment" error={error} />;
  if (status === 'loading' && !asOf) return <LoadingState label="Reading the audit trail up to then…" />;
  if (!asOf) return null;
  if (asOf.lastEvent === null) {
    return (
      <Alert variant="light" color="gray" data-testid="as-of-before">
        <Text size="sm">{asOf.model} did not exist yet at {formatDateTime(asOf.at)}.</Text>
      </Alert>
    );
  }
  const aliases = Object.entries(asOf.aliases).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Stack gap="sm" data-testid="as-of-answer" data-at={asOf.at} style={{ opacity: status === 'loading' ? 0.6 : 1 }}>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
        {stages.map((stage) => {
          const held = asOf.stages[stage] ?? [];
          return (
            <Paper key={stage} withBorder p="xs" radius="sm" data-testid="as-of-stage" data-stage={stage} data-versions={held.join(',')}>
              <Text size="xs" fw={600} style={{ color: stageTextColor(stage) }}>
                {stage}
              </Text>
              <Text size="sm">{held.length === 0 ? '—' : held.map((v) => `v${v}`).join(', ')}</Text>
            </Paper>
          );
        })}
      </SimpleGrid>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          Aliases:
        </Text>
        {aliases.length === 0 && (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
        {aliases.map(([alias, version]) => (
          <Group key={alias} gap={4} data-testid="as-of-alias" data-alias={alias} data-version={version}>
            <AliasBadge alias={alias} />
            <Text size="sm">→ v{version}</Text>
          </Group>
        ))}
      </Group>
      <Text size="xs" c="dimmed" style={wrapAnywhere}>
        Last event before then: {eventHeading(asOf.lastEvent)}, by {asOf.lastEvent.actor} at {formatDateTime(asOf.lastEvent.at)}.
      </Text>
    </Stack>
  );
}

export function AsOfPanel() {
  const at = useModelStore((s) => s.asOfAt);
  const [text, setText] = useState(() => toLocalInput(at));
  // An event's "As of this moment" sets the moment from outside: the field follows.
  useEffect(() => setText(toLocalInput(at)), [at]);
  const typed = fromLocalInput(text);
  return (
    <Paper withBorder p="md" radius="sm" data-testid="as-of-panel">
      <Stack gap="sm">
        <Title order={5}>As of</Title>
        <Text size="sm" c="dimmed">
          Pick a moment: the audit trail says which version held each stage and alias then.
        </Text>
        <Group gap="xs" align="flex-end">
          <TextInput
            type="datetime-local"
            label="Date and time"
            step={0.001}
            value={text}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setText(next);
              const ms = fromLocalInput(next);
              if (ms !== null) modelStore.getState().setAsOfAt(ms);
            }}
            error={text && typed === null ? 'Not a date and time' : undefined}
            w={280}
            data-testid="as-of-input"
          />
          <Button variant="default" onClick={() => modelStore.getState().setAsOfAt(Date.now())} data-testid="as-of-now">
            Now
          </Button>
          {at !== null && (
            <Button variant="subtle" onClick={() => modelStore.getState().setAsOfAt(null)}>
              Clear
            </Button>
          )}
        </Group>
        <Answer />
      </Stack>
    </Paper>
  );
}
