// The batch in view: the newest until another is picked; older and newer by a click.
import { ActionIcon, Group, Select, Text } from '@mantine/core';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import type { DriftBatch } from '../../../../shared/drift/monitor';
import { openDrift, type DriftRoute } from '../../../stores/drift/route';

interface Props {
  batches: DriftBatch[];
  selected: DriftBatch;
  /** The page the picked batch opens: this monitor, or this column of it. */
  routeFor(batch: string): DriftRoute;
}

export function BatchPicker({ batches, selected, routeFor }: Props) {
  const index = batches.findIndex((b) => b.key === selected.key);
  const go = (i: number): void => {
    const batch = batches[i];
    if (batch) openDrift(routeFor(batch.key));
  };
  const data = batches.map((b) => ({ value: b.key, label: `${b.label}${b.report?.dataset.drift ? ' · drift' : ''}` })).reverse();
  return (
    <Group gap="xs" wrap="nowrap" data-testid="batch-picker">
      <Text size="sm" c="dimmed">
        Batch
      </Text>
      <ActionIcon variant="default" size="md" aria-label="Older batch" disabled={index <= 0} onClick={() => go(index - 1)}>
        <ChevronLeft size={16} />
      </ActionIcon>
      <Select size="sm" w={280} data={data} value={selected.key} onChange={(key) => key && openDrift(routeFor(key))} allowDeselect={false} searchable aria-label="Batch" data-testid="batch-select" />
      <ActionIcon variant="default" size="md" aria-label="Newer batch" disabled={index < 0 || index >= batches.length - 1} onClick={() => go(index + 1)}>
        <ChevronRight size={16} />
      </ActionIcon>
      <Text size="xs" c="dimmed">
        {index + 1} of {batches.length}
      </Text>
    </Group>
  );
}
