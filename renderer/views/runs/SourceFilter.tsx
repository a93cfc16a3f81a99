// Which tool's runs to list: one segment per source the runs were read from.
import { SegmentedControl } from '@mantine/core';
import type { RunSource } from '../../../shared/domain';
import { sourceLabel } from '../../format/source';
import { effectiveSource, selectRuns, sourcesOf } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';
import { selectSourceFilter } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';

const ALL = 'all';

export function SourceFilter() {
  const runs = useRunsStore(selectRuns);
  const chosen = useUiStore(selectSourceFilter);
  const sources = sourcesOf(runs);
  // With a single source there is nothing to choose between.
  if (sources.length < 2) return null;
  const value = effectiveSource(runs, chosen) ?? ALL;
  const data = [{ value: ALL, label: 'All' }, ...sources.map((source) => ({ value: source, label: sourceLabel(source) }))];
  return (
    <SegmentedControl
      size="xs"
      data={data}
      value={value}
      onChange={(next) => uiStore.getState().setSourceFilter(next === ALL ? null : (next as RunSource))}
      data-testid="source-filter"
      aria-label="Show runs read from"
      style={{ flexShrink: 0 }}
    />
  );
}
