// The audit trail, oldest first: every registration, move, alias change,
// gate result, override and hook run, with who, when, from → to, the comment,
// the gate results at that moment and the hook's output. Append-only: nothing
// here can be edited. Each event can set the as-of picker to its moment.
import { Button, Code, Group, Stack, Text, Timeline } from '@mantine/core';
import { ArrowRightLeft, CircleAlert, FilePlus2, History, Pencil, ShieldAlert, ShieldCheck, Tag, Terminal } from 'lucide-react';
import type { ReactNode } from 'react';
import type { AuditEvent, AuditKind } from '../../../../shared/registry/types';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format/date';
import { modelStore, useModelStore } from '../../../stores/registry/modelStore';
import { editChange, eventComment, eventHeading } from '../../../stores/registry/selectors';
import { GateResultList, wrapAnywhere } from '../parts';

const icons: Partial<Record<AuditKind, ReactNode>> = {
  registered: <FilePlus2 size={12} />,
  copied: <FilePlus2 size={12} />,
  imported: <FilePlus2 size={12} />,
  stage: <ArrowRightLeft size={12} />,
  'alias-set': <Tag size={12} />,
  'alias-removed': <Tag size={12} />,
  'gate-failed': <ShieldAlert size={12} />,
  override: <CircleAlert size={12} />,
  'gates-changed': <ShieldCheck size={12} />,
  hook: <Terminal size={12} />,
  edited: <Pencil size={12} />,
};

const colors: Partial<Record<AuditKind, string>> = { 'gate-failed': 'red', override: 'orange', stage: 'blue', 'alias-set': 'violet', 'alias-removed': 'violet' };

function EventBody({ event }: { event: AuditEvent }) {
  const comment = eventComment(event);
  const change = editChange(event);
  return (
    <Stack gap={4} mt={2}>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {event.actor} · {formatDateTime(event.at)}
        </Text>
        <Button size="compact-xs" variant="subtle" leftSection={<History size={12} />} onClick={() => modelStore.getState().setAsOfAt(event.at)} data-testid="audit-as-of">
          As of this moment
        </Button>
      </Group>
      {comment && (
        <Text size="sm" style={wrapAnywhere} data-testid="audit-comment">
          “{comment}”
        </Text>
      )}
      {change && (
        <Text size="xs" c="dimmed" style={{ ...wrapAnywhere, whiteSpace: 'pre-wrap' }} data-testid="audit-change">
          {change.from} → {change.to}
        </Text>
      )}
      {event.gates && event.gates.length > 0 && <GateResultList results={event.gates} />}
      {event.hook && (
        <Stack gap={2} data-testid="audit-hook">
          <Text size="xs">
            <Code>{event.hook.command}</Code> {event.hook.error ? `failed: ${event.hook.error}` : `exited with ${event.hook.exitCode ?? 'no code'}`}
          </Text>
          {event.hook.output && (
            <Code block style={{ maxHeight: 120, overflow: 'auto', whiteSpace: 'pre-wrap', ...wrapAnywhere }}>
              {event.hook.output}
            </Code>
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** The index of the last event at or before `at` (events are oldest first); -1 when none is. */
function lastAtOrBefore(events: AuditEvent[], at: number): number {
  let last = -1;
  events.forEach((event, index) => {
    if (event.at <= at) last = index;
  });
  return last;
}

export function AuditTimeline() {
  const events = useModelStore((s) => s.audit);
  const status = useModelStore((s) => s.auditStatus);
  const error = useModelStore((s) => s.auditError);
  const asOfAt = useModelStore((s) => s.asOfAt);
  if (status === 'error' && error) return <ErrorState title="Could not read the audit trail" error={error} onRetry={() => modelStore.getState().reload()} />;
  if (status === 'loading' && events.length === 0) return <LoadingState label="Reading the audit trail…" />;
  if (events.length === 0) return <EmptyState icon={<History size={20} />} title="No events yet" description="Every registration, move, alias change and gate result is recorded here." />;
  return (
    // With an as-of moment picked, the events after it fade: the trail reads "up to here".
    <Timeline bulletSize={22} lineWidth={2} active={asOfAt === null ? events.length - 1 : lastAtOrBefore(events, asOfAt)} styles={{ item: { marginTop: 14 } }} data-testid="audit-timeline">
      {events.map((event) => (
        <Timeline.Item
          key={event.id}
          bullet={icons[event.kind]}
          color={colors[event.kind]}
          title={
            <Text size="sm" fw={600} style={wrapAnywhere}>
              {eventHeading(event)}
            </Text>
          }
          data-testid="audit-event"
          data-kind={event.kind}
          data-at={event.at}
          data-version={event.version ?? undefined}
          data-from={event.from ?? undefined}
          data-to={event.to ?? undefined}
          data-after-as-of={asOfAt !== null && event.at > asOfAt ? true : undefined}
          style={asOfAt !== null && event.at > asOfAt ? { opacity: 0.45 } : undefined}
        >
          <EventBody event={event} />
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
