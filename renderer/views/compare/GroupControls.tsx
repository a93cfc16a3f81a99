// Group the runs into mean lines with a band: by which param, and which band.
import { Group, SegmentedControl, Select, Text } from '@mantine/core';
import type { BandKind } from '../../charts/types';
import { useCompareView } from './compareViewState';

export function GroupControls({ params }: { params: string[] }) {
  const groupBy = useCompareView((s) => s.groupBy);
  const band = useCompareView((s) => s.band);
  const setGroupBy = useCompareView((s) => s.setGroupBy);
  const setBand = useCompareView((s) => s.setBand);

  return (
    <Group gap="sm" align="flex-end">
      <Select
        label="Group by"
        placeholder="No grouping"
        size="xs"
        w={200}
        data={params}
        value={groupBy}
        onChange={setGroupBy}
        clearable
        searchable
        selectFirstOptionOnChange
        nothingFoundMessage="No such param"
        data-testid="compare-group-by"
      />
      <div>
        <Text size="xs" fw={500} mb={2}>
          Band
        </Text>
        <SegmentedControl
          size="xs"
          value={band}
          onChange={(value) => setBand(value as BandKind)}
          disabled={groupBy === null}
          data={[
            { value: 'minmax', label: 'min–max' },
            { value: 'std', label: '±1 std' },
          ]}
          data-testid="compare-band"
        />
      </div>
    </Group>
  );
}
