// The binary threshold: a slider over the table's distinct scores (by rank, so
// it is usable when the scores cluster), a typed value, and the cheapest point
// for the cost settings. Each part subscribes to the threshold on its own.
import { Badge, Button, Group, NumberInput, Paper, Slider, Stack, Text, Tooltip } from '@mantine/core';
import { Coins } from 'lucide-react';
import { useState } from 'react';
import { cheapestOperatingPoint } from '../../../shared/evaluation';
import type { BinaryEvaluation, CumulativeTable } from '../../../shared/evaluation/types';
import { formatMetric } from '../../format/number';
import { rankOfThreshold, thresholdAtRank } from '../../stores/evaluation/operatingPoint';
import { selectCost } from '../../stores/evaluation/selectors';
import { useEvaluationStore } from '../../stores/evaluation/store';
import { selectSetThreshold, selectShownThreshold, thresholdStore, useThreshold } from '../../stores/evaluation/threshold';

function ThresholdSlider({ table }: { table: CumulativeTable }) {
  const shown = useThreshold(selectShownThreshold);
  const n = table.thresholds.length;
  return (
    <Slider
      data-testid="threshold-slider"
      data-threshold={String(shown)}
      aria-label="Threshold"
      thumbLabel="Threshold"
      style={{ flex: 1, minWidth: 200 }}
      min={0}
      max={Math.max(0, n - 1)}
      step={1}
      disabled={n < 2}
      value={rankOfThreshold(table, shown)}
      onChange={(rank) => thresholdStore.getState().setThreshold(thresholdAtRank(table.thresholds, rank))}
      label={(rank) => formatMetric(thresholdAtRank(table.thresholds, rank))}
      thumbValueText={(rank) => formatMetric(thresholdAtRank(table.thresholds, rank))}
    />
  );
}

function ThresholdInput() {
  const threshold = useThreshold(selectSetThreshold);
  // Half-typed text ("0.", "-") stays as typed until it is a number.
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <NumberInput
      data-testid="threshold-input"
      aria-label="Threshold value"
      size="xs"
      w={150}
      step={0.01}
      value={draft ?? (Number.isFinite(threshold) ? threshold : '')}
      placeholder={threshold === Infinity ? '∞' : threshold === -Infinity ? '−∞' : undefined}
      onChange={(value) => {
        const n = typeof value === 'number' ? value : Number.parseFloat(value);
        if (typeof value === 'number' && Number.isFinite(n)) {
          setDraft(null);
          thresholdStore.getState().setThreshold(n);
        } else setDraft(String(value));
      }}
      onBlur={() => setDraft(null)}
    />
  );
}

function CheapestButton({ table }: { table: CumulativeTable }) {
  const cost = useEvaluationStore(selectCost);
  const label = `The threshold with the lowest expected cost: a false positive costs ${formatMetric(cost.falsePositiveCost)}, a false negative ${formatMetric(
    cost.falseNegativeCost,
  )}${cost.truePositiveBenefit ? `, a true positive gains ${formatMetric(cost.truePositiveBenefit)}` : ''} (set them on the cost chart)`;
  return (
    <Tooltip label={label} multiline maw={320} withArrow openDelay={300}>
      <Button
        size="xs"
        variant="light"
        leftSection={<Coins size={14} />}
        disabled={table.thresholds.length === 0}
        data-testid="threshold-cheapest"
        onClick={() => {
          const cheapest = cheapestOperatingPoint(table, cost);
          if (cheapest) thresholdStore.getState().setThreshold(cheapest.threshold);
        }}
      >
        Cheapest
      </Button>
    </Tooltip>
  );
}

function PreviewNote() {
  const preview = useThreshold((s) => s.preview);
  if (preview === null) return null;
  return (
    <Badge variant="light" color="grape" radius="sm" tt="none" data-testid="threshold-preview">
      previewing {formatMetric(preview)} · click the curve to keep it
    </Badge>
  );
}

export function ThresholdControl({ evaluation }: { evaluation: BinaryEvaluation }) {
  const { table, positiveClass } = evaluation;
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="threshold-control">
      <Stack gap={6}>
        <Group gap="md" wrap="nowrap" align="center">
          <Text size="sm" fw={600}>
            Threshold
          </Text>
          <ThresholdSlider table={table} />
          <ThresholdInput />
          <CheapestButton table={table} />
        </Group>
        <Group gap="sm" justify="space-between">
          <Text size="xs" c="dimmed">
            A row is predicted “{positiveClass}” when its score is at least the threshold. The slider steps through the{' '}
            {table.thresholds.length.toLocaleString('en-US')} distinct scores.
          </Text>
          <PreviewNote />
        </Group>
      </Stack>
    </Paper>
  );
}
