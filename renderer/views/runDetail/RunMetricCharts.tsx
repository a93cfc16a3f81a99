// Every metric of the run as a small chart, in a grid: the first 24, then all on request.
import { Button, SimpleGrid, Stack } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { RunDetail } from '../../../shared/domain';
import { MetricChart } from '../../charts/MetricChart';
import { useChartSettings } from '../../charts/chartSettingsStore';
import { runColor } from '../../charts/palette';

/** How many charts are drawn before "Show all": each one fetches and draws a series. */
export const firstCharts = 24;

const byKey = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export function RunMetricCharts({ run }: { run: Pick<RunDetail, 'id' | 'name' | 'metrics'> }) {
  const settings = useChartSettings();
  const [showAll, setShowAll] = useState(false);
  const keys = useMemo(() => Object.keys(run.metrics).sort(byKey), [run.metrics]);
  const lines = useMemo(() => [{ runId: run.id, label: run.name || run.id, color: runColor(0) }], [run.id, run.name]);
  const shown = showAll ? keys : keys.slice(0, firstCharts);
  return (
    <Stack gap="xs" data-testid="run-metric-charts">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs">
        {shown.map((key) => (
          <MetricChart key={key} metricKey={key} title={key} lines={lines} settings={settings} compact height={170} />
        ))}
      </SimpleGrid>
      {keys.length > shown.length && (
        <Button variant="subtle" size="xs" onClick={() => setShowAll(true)} data-testid="run-metric-charts-show-all" style={{ alignSelf: 'flex-start' }}>
          Show all {keys.length.toLocaleString()} charts
        </Button>
      )}
    </Stack>
  );
}
