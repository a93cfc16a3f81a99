// Which tool's runs to list: one segment per source the runs in scope were read from.
import { SegmentedControl } from '@mantine/core';
import type { RunSource } from '../../../shared/domain';
import { sourceLabel, sourceOrder } from '../../format/source';
import { selectSources } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';
import { selectSourceFilter } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';

const ALL = 'all';

/** Known sources in their usual order, then any a newer backend names. */
export function orderedSources(sources: RunSource[]): RunSource[] {
  const present = new Set(sources);
  return [...sourceOrder.filter((s) => present.has(s)), ...sources.filter((s) => !sourceOrder.includes(s)).sort()];
}

export function SourceFilter() {
  const counts = useRunsStore(selectSources);
  const chosen = useUiStore(selectSourceFilter);
  const sources = orderedSources(counts.map((c) => c.source));
  // With a single source there is nothing to choose between.
  if (sources.length < 2) return null;
  const value = chosen !== null && sources.includes(chosen) ? chosen : ALL;
  const countOf = new Map(counts.map((c) => [c.source, c.count]));
  const data = [
    { value: ALL, label: 'All' },
    ...sources.map((source) => ({ value: source, label: sourceLabel(source) })),
  ];
  return (
    <SegmentedControl
      size="xs"
      data={data}
      value={value}
      onChange={(next) => uiStore.getState().setSourceFilter(next === ALL ? null : (next as RunSource))}
      data-testid="source-filter"
      aria-label="Show runs read from"
      title={sources.map((s) => `${sourceLabel(s)}: ${(countOf.get(s) ?? 0).toLocaleString()} runs`).join('\n')}
      style={{ flexShrink: 0 }}
    />
  );
}
