// One chart per metric the compared runs logged, every run overlaid (or
// grouped by a param into mean lines with a band), under the shared settings.
import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { Search } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { RunRow } from '../../../shared/runQuery';
import { ChartControls } from '../../charts/ChartControls';
import { useChartSettings } from '../../charts/chartSettingsStore';
import { MetricChart } from '../../charts/MetricChart';
import { runColor } from '../../charts/palette';
import type { ChartLine } from '../../charts/types';
import { chartGroups, CHARTS_PAGE, searchMetrics } from './chartsPlan';
import { useCompareView } from './compareViewState';
import { GroupControls } from './GroupControls';
import { LazyMount } from './LazyMount';
import { Section } from './Section';

const CHART_HEIGHT = 240;

interface Props {
  rows: RunRow[];
  metrics: string[];
  params: string[];
  colors: Record<string, string>;
}

export function CompareCharts({ rows, metrics, params, colors }: Props) {
  const groupBy = useCompareView((s) => s.groupBy);
  const band = useCompareView((s) => s.band);
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState(CHARTS_PAGE);

  const keys = useMemo(() => searchMetrics(metrics, query), [metrics, query]);
  const lines = useMemo((): ChartLine[] => rows.map((row) => ({ runId: row.id, label: row.name, color: colors[row.id] })), [rows, colors]);
  const groupParam = groupBy !== null && params.includes(groupBy) ? groupBy : null;
  const groups = useMemo(() => (groupParam === null ? undefined : chartGroups(rows, groupParam, runColor)), [rows, groupParam]);
  const { smoothing, xAxis, logY, ignoreOutliers } = useChartSettings();
  const settings = useMemo(() => ({ smoothing, xAxis, logY, ignoreOutliers }), [smoothing, xAxis, logY, ignoreOutliers]);

  return (
    <Section title="Charts" testId="compare-charts">
      <Stack gap="sm">
        <ChartControls />
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Metrics"
            placeholder={`Search ${metrics.length} metrics`}
            size="xs"
            w={260}
            leftSection={<Search size={14} />}
            value={query}
            onChange={(event) => {
              setQuery(event.currentTarget.value);
              setShown(CHARTS_PAGE);
            }}
            data-testid="compare-metric-search"
          />
          <GroupControls params={params} />
        </Group>
        {keys.length === 0 ? (
          <Text size="sm" c="dimmed">
            {metrics.length === 0 ? 'These runs logged no metrics.' : `No metric matches “${query}”.`}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
            {keys.slice(0, shown).map((key) => (
              <LazyMount key={key} height={CHART_HEIGHT + 70}>
                <MetricChart metricKey={key} title={key} lines={lines} settings={settings} groups={groups} band={band} height={CHART_HEIGHT} compact />
              </LazyMount>
            ))}
          </SimpleGrid>
        )}
        {keys.length > shown && (
          <Button variant="light" size="xs" onClick={() => setShown((n) => n + CHARTS_PAGE)} data-testid="compare-charts-more" style={{ alignSelf: 'center' }}>
            Show {Math.min(CHARTS_PAGE, keys.length - shown)} more of {keys.length - shown}
          </Button>
        )}
      </Stack>
    </Section>
  );
}
