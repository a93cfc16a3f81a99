// The compared runs as chips (color, name, source; removable) and the color-by choice.
import { ActionIcon, Button, Group, Paper, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { X } from 'lucide-react';
import type { RunRow } from '../../../shared/runQuery';
import { sourceLabel } from '../../format/source';
import { uiStore } from '../../stores/ui/store';
import type { ColorBy } from './colorBy';
import { RunSwatch } from './RunSwatch';
import { useCompareView } from './compareViewState';

interface Props {
  rows: RunRow[];
  params: string[];
  colors: Record<string, string>;
}

/** Chips shown before "+N more": a hundred would fill the screen. */
const FIRST_CHIPS = 20;

const RUN = 'run';
const encode = (colorBy: ColorBy): string => (colorBy.kind === 'run' ? RUN : `param:${colorBy.name}`);
const decode = (value: string | null): ColorBy =>
  value && value.startsWith('param:') ? { kind: 'param', name: value.slice('param:'.length) } : { kind: 'run' };

function removeRun(runId: string): void {
  const ids = uiStore.getState().comparedRunIds.filter((id) => id !== runId);
  uiStore.getState().compareRuns(ids);
}

export function CompareHeader({ rows, params, colors }: Props) {
  const colorBy = useCompareView((s) => s.colorBy);
  const setColorBy = useCompareView((s) => s.setColorBy);
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? rows : rows.slice(0, FIRST_CHIPS);
  const options = [{ value: RUN, label: 'Run' }, ...params.map((name) => ({ value: `param:${name}`, label: `Param: ${name}` }))];

  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md" data-testid="compare-header">
      <Group gap={6} wrap="wrap" style={{ flex: 1, minWidth: 0 }}>
        {shown.map((row) => (
          <Paper
            key={row.id}
            withBorder
            radius="xl"
            px={8}
            py={2}
            data-testid="compare-run-chip"
            data-run-id={row.id}
            style={{ display: 'flex', alignItems: 'center', gap: 6, maxWidth: 320 }}
          >
            <RunSwatch color={colors[row.id]} />
            <Text size="sm" fw={500} truncate="end" title={`${row.name} (${row.id})`}>
              {row.name}
            </Text>
            <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
              {sourceLabel(row.source)}
            </Text>
            <ActionIcon
              size="xs"
              variant="subtle"
              color="gray"
              radius="xl"
              aria-label={`Remove ${row.name} from the comparison`}
              title="Remove from the comparison"
              data-testid="compare-remove-run"
              onClick={() => removeRun(row.id)}
            >
              <X size={12} />
            </ActionIcon>
          </Paper>
        ))}
        {rows.length > FIRST_CHIPS && (
          <Button variant="subtle" size="compact-sm" onClick={() => setExpanded((open) => !open)} data-testid="compare-chips-more">
            {expanded ? 'Show fewer' : `+${rows.length - FIRST_CHIPS} more`}
          </Button>
        )}
      </Group>
      <Select
        label="Color by"
        size="xs"
        w={220}
        data={options}
        value={encode(colorBy)}
        onChange={(value) => setColorBy(decode(value))}
        allowDeselect={false}
        searchable
        selectFirstOptionOnChange
        data-testid="compare-color-by"
      />
    </Group>
  );
}
