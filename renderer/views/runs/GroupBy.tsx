// Group the runs by a param, a tag or an attribute: the backend sorts by group
// first and sends every group's count and metric aggregates.
import { Select } from '@mantine/core';
import { Layers } from 'lucide-react';
import { useMemo } from 'react';
import { columnKey, type RunColumn } from '../../../shared/runQuery';
import { columnLabel } from '../../stores/runs/columnLayout';
import { selectAvailable, selectGroupBy } from '../../stores/runs/selectors';
import { runsStore, useRunsStore } from '../../stores/runs/store';

const groupableAttributes: RunColumn[] = [
  { kind: 'attribute', name: 'status' },
  { kind: 'attribute', name: 'source' },
  { kind: 'attribute', name: 'experiment' },
  { kind: 'attribute', name: 'starred' },
];

export function GroupBy() {
  const available = useRunsStore(selectAvailable);
  const groupBy = useRunsStore(selectGroupBy);
  const { data, byKey } = useMemo(() => {
    const params: RunColumn[] = (available?.params ?? []).map((name) => ({ kind: 'param', name }));
    const tags: RunColumn[] = (available?.tags ?? []).map((name) => ({ kind: 'tag', name }));
    const byKey = new Map<string, RunColumn>();
    const items = (columns: RunColumn[]) =>
      columns.map((column) => {
        const key = columnKey(column);
        byKey.set(key, column);
        return { value: key, label: column.kind === 'attribute' ? columnLabel(column) : column.name };
      });
    const data = [
      { group: 'Attributes', items: items(groupableAttributes) },
      ...(params.length ? [{ group: 'Params', items: items(params) }] : []),
      ...(tags.length ? [{ group: 'Tags', items: items(tags) }] : []),
    ];
    return { data, byKey };
  }, [available]);

  return (
    <Select
      size="xs"
      w={170}
      placeholder="Group by…"
      leftSection={<Layers size={14} />}
      data={data}
      value={groupBy ? columnKey(groupBy) : null}
      onChange={(key) => runsStore.getState().setGroupBy(key ? (byKey.get(key) ?? null) : null)}
      searchable
      clearable
      limit={300}
      nothingFoundMessage="No such column"
      data-testid="group-by"
      aria-label="Group runs by"
      comboboxProps={{ width: 260, position: 'bottom-end' }}
    />
  );
}
