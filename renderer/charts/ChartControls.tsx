// The settings every metric chart follows, in one bar: smoothing, x axis, log y, outliers.
import { Group, NumberInput, SegmentedControl, Slider, Switch, Text } from '@mantine/core';
import { useChartSettings } from './chartSettingsStore';
import type { XAxisMode } from './types';

const xAxisOptions: { value: XAxisMode; label: string }[] = [
  { value: 'step', label: 'Step' },
  { value: 'relative', label: 'Relative' },
  { value: 'wall', label: 'Wall' },
];

export function ChartControls() {
  const { smoothing, xAxis, logY, ignoreOutliers, setSmoothing, setXAxis, setLogY, setIgnoreOutliers } = useChartSettings();
  return (
    <Group gap="lg" wrap="wrap" data-testid="chart-controls">
      <Group gap="xs" wrap="nowrap">
        <Text size="sm">Smoothing</Text>
        <Slider
          data-testid="smoothing-slider"
          aria-label="Smoothing"
          w={140}
          min={0}
          max={0.99}
          step={0.01}
          value={smoothing}
          onChange={setSmoothing}
          label={(v) => v.toFixed(2)}
        />
        <NumberInput
          data-testid="smoothing-value"
          aria-label="Smoothing weight"
          w={72}
          size="xs"
          min={0}
          max={0.99}
          step={0.01}
          decimalScale={2}
          clampBehavior="strict"
          value={smoothing}
          onChange={(value) => {
            // Half-typed input ("0.", "") is left alone until it is a number.
            const n = typeof value === 'number' ? value : Number.parseFloat(value);
            if (Number.isFinite(n)) setSmoothing(n);
          }}
        />
      </Group>
      <SegmentedControl
        size="xs"
        data-testid="x-axis-mode"
        value={xAxis}
        onChange={(value) => setXAxis(value as XAxisMode)}
        data={xAxisOptions.map((o) => ({
          value: o.value,
          label: <span data-testid={`x-axis-${o.value}`}>{o.label}</span>,
        }))}
      />
      <Switch size="sm" label="Log y" data-testid="log-y" checked={logY} onChange={(e) => setLogY(e.currentTarget.checked)} />
      <Switch
        size="sm"
        label="Ignore outliers"
        data-testid="ignore-outliers"
        checked={ignoreOutliers}
        onChange={(e) => setIgnoreOutliers(e.currentTarget.checked)}
      />
    </Group>
  );
}
