// Which columns the table shows: every attribute, metric summary (last, min,
// max), param and tag the runs have, with a search box; and the shown ones in
// order, to move, pin or remove.
import { ActionIcon, Button, Checkbox, Chip, Group, Popover, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { ArrowLeft, ArrowRight, Columns3, Pin, PinOff, X } from 'lucide-react';
import { useMemo, useState } from 'react';
import { columnKey, metricSummaries, runAttributes, type MetricSummaryName, type RunColumn } from '../../../shared/runQuery';
import { columnLabel, columnLayoutStore, ordered, useColumnLayout } from '../../stores/runs/columnLayout';
import { selectAvailable } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';

/** Past this many matches per group the list asks for a narrower search. */
const MAX_LISTED = 200;

function matches(search: string, ...texts: string[]): boolean {
  const needle = search.trim().toLowerCase();
  return needle === '' || texts.some((t) => t.toLowerCase().includes(needle));
}

function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  if (count === 0) return null;
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt={6}>
        {title} ({count.toLocaleString()})
      </Text>
      {children}
    </Stack>
  );
}

function More({ count }: { count: number }) {
  return count > MAX_LISTED ? (
    <Text size="xs" c="dimmed">
      {(count - MAX_LISTED).toLocaleString()} more: type to narrow the list
    </Text>
  ) : null;
}

export function ColumnChooser() {
  const [search, setSearch] = useState('');
  const available = useRunsStore(selectAvailable);
  const columns = useColumnLayout((s) => s.layout.columns);
  const shown = useMemo(() => new Set(columns.map((c) => columnKey(c.column))), [columns]);
  const layout = columnLayoutStore.getState();
  const toggle = (column: RunColumn, on: boolean) => layout.toggle(column, on);

  const attributes = runAttributes.filter((name) => matches(search, name, columnLabel({ kind: 'attribute', name })));
  const metrics = (available?.metrics ?? []).filter((name) => matches(search, name, `metrics.${name}`));
  const params = (available?.params ?? []).filter((name) => matches(search, name, `params.${name}`));
  const tags = (available?.tags ?? []).filter((name) => matches(search, name, `tags.${name}`));
  const inOrder = ordered(columns);

  return (
    <Popover position="bottom-end" withArrow shadow="md" width={360} trapFocus>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={<Columns3 size={14} />} data-testid="column-chooser">
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="column-chooser-panel" p="xs">
        <TextInput size="xs" placeholder="Search attributes, metrics, params, tags" value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="column-search" mb={4} />
        <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars>
          {search.trim() === '' && (
            <Section title="Shown, in order" count={inOrder.length}>
              {inOrder.map((c, index) => {
                const key = columnKey(c.column);
                return (
                  <Group key={key} gap={2} wrap="nowrap" data-testid="shown-column" data-column-key={key}>
                    <Text size="xs" style={{ flex: 1, minWidth: 0 }} truncate="end" title={key}>
                      {c.column.kind !== 'attribute' && <Text span c="dimmed" size="xs">{c.column.kind} </Text>}
                      {columnLabel(c.column)}
                    </Text>
                    <ActionIcon size="xs" variant="subtle" aria-label="Move left" disabled={index === 0 || inOrder[index - 1].pinned !== c.pinned} onClick={() => layout.nudge(key, -1)}>
                      <ArrowLeft size={12} />
                    </ActionIcon>
                    <ActionIcon size="xs" variant="subtle" aria-label="Move right" disabled={index === inOrder.length - 1 || inOrder[index + 1].pinned !== c.pinned} onClick={() => layout.nudge(key, 1)}>
                      <ArrowRight size={12} />
                    </ActionIcon>
                    <ActionIcon size="xs" variant={c.pinned ? 'light' : 'subtle'} aria-label={c.pinned ? 'Unpin' : 'Pin left'} title={c.pinned ? 'Unpin' : 'Pin left'} onClick={() => layout.pin(key, !c.pinned)} data-testid="pin-column">
                      {c.pinned ? <PinOff size={12} /> : <Pin size={12} />}
                    </ActionIcon>
                    <ActionIcon size="xs" variant="subtle" aria-label="Hide column" onClick={() => toggle(c.column, false)}>
                      <X size={12} />
                    </ActionIcon>
                  </Group>
                );
              })}
            </Section>
          )}
          <Section title="Attributes" count={attributes.length}>
            {attributes.map((name) => {
              const column: RunColumn = { kind: 'attribute', name };
              return <Checkbox key={name} size="xs" label={columnLabel(column)} checked={shown.has(columnKey(column))} onChange={(e) => toggle(column, e.currentTarget.checked)} />;
            })}
          </Section>
          <Section title="Metrics" count={metrics.length}>
            {metrics.slice(0, MAX_LISTED).map((name) => (
              <Group key={name} gap={6} wrap="nowrap" justify="space-between" data-testid="metric-choice" data-metric={name}>
                <Text size="xs" truncate="end" title={name} style={{ flex: 1, minWidth: 0 }}>
                  {name}
                </Text>
                <Group gap={2} wrap="nowrap">
                  {metricSummaries.map((summary: MetricSummaryName) => {
                    const column: RunColumn = summary === 'last' ? { kind: 'metric', name } : { kind: 'metric', name, summary };
                    return (
                      <Chip key={summary} size="xs" checked={shown.has(columnKey(column))} onChange={(on) => toggle(column, on)} variant="outline">
                        {summary}
                      </Chip>
                    );
                  })}
                </Group>
              </Group>
            ))}
            <More count={metrics.length} />
          </Section>
          <Section title="Params" count={params.length}>
            {params.slice(0, MAX_LISTED).map((name) => {
              const column: RunColumn = { kind: 'param', name };
              return <Checkbox key={name} size="xs" label={name} checked={shown.has(columnKey(column))} onChange={(e) => toggle(column, e.currentTarget.checked)} />;
            })}
            <More count={params.length} />
          </Section>
          <Section title="Tags" count={tags.length}>
            {tags.slice(0, MAX_LISTED).map((name) => {
              const column: RunColumn = { kind: 'tag', name };
              return <Checkbox key={name} size="xs" label={name} checked={shown.has(columnKey(column))} onChange={(e) => toggle(column, e.currentTarget.checked)} />;
            })}
            <More count={tags.length} />
          </Section>
        </ScrollArea.Autosize>
        <Group justify="space-between" mt={6}>
          <Text size="xs" c="dimmed">
            Drag a header to move it, its edge to resize.
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={() => layout.reset(available)} data-testid="reset-columns">
            Reset
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
