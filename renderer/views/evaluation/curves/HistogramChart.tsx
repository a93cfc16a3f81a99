// The scores of each true class as overlaid histograms, with the threshold
// as a line that moves while it is dragged.
import { Group, NumberInput, Text } from '@mantine/core';
import { useMemo } from 'react';
import { scoreHistogram } from '../../../../shared/evaluation';
import type { BinaryEvaluation, HistogramBin } from '../../../../shared/evaluation/types';
import { xyLayout } from '../../../charts/xy/layout';
import { niceDomain } from '../../../charts/xy/scale';
import { XYBars } from '../../../charts/xy/series';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { BIN_LIMITS } from '../../../stores/evaluation/slices/view';
import { evaluationStore, useEvaluationStore } from '../../../stores/evaluation/store';
import { CLASS_COLORS } from './colors';
import { CURVE_HEIGHT, CurveFrame } from './CurveFrame';
import { ThresholdLine } from './OperatingMarkers';

function HistogramPlot({ width, bins }: { width: number; bins: HistogramBin[] }) {
  const layout = useMemo(() => {
    const top = Math.max(1, ...bins.flatMap((b) => b.counts));
    const x: [number, number] = bins.length ? [bins[0].start, bins[bins.length - 1].end] : [0, 1];
    return xyLayout(width, CURVE_HEIGHT, { x, y: niceDomain(0, top, 5) });
  }, [width, bins]);
  const perClass = useMemo(() => [0, 1].map((c) => bins.map((b) => ({ x0: b.start, x1: b.end, y: b.counts[c] }))), [bins]);
  return (
    <XYPlot layout={layout} xLabel="Score" yLabel="Rows" label="Score histograms per true class" testId="histogram-plot" overlay={<ThresholdLine layout={layout} />}>
      {perClass.map((bars, c) => (
        <XYBars key={c} layout={layout} bars={bars} color={CLASS_COLORS[c]} opacity={0.4} />
      ))}
    </XYPlot>
  );
}

function Legend({ classes }: { classes: string[] }) {
  const count = useEvaluationStore((s) => s.histogramBins);
  return (
    <Group gap="md" justify="space-between" mt={4}>
      <Group gap="md">
        {classes.map((name, c) => (
          <Group key={name} gap={6} wrap="nowrap">
            <span style={{ width: 12, height: 12, borderRadius: 2, background: CLASS_COLORS[c], opacity: 0.7 }} />
            <Text size="xs">true “{name}”</Text>
          </Group>
        ))}
      </Group>
      <NumberInput
        size="xs"
        w={90}
        aria-label="Bins"
        leftSection={<Text size="xs">Bins</Text>}
        leftSectionWidth={38}
        data-testid="histogram-bins"
        min={BIN_LIMITS.min}
        max={BIN_LIMITS.max}
        allowDecimal={false}
        value={count}
        onChange={(value) => typeof value === 'number' && evaluationStore.getState().setView({ histogramBins: value })}
      />
    </Group>
  );
}

export function HistogramChart({ evaluation }: { evaluation: BinaryEvaluation }) {
  const { table, classes } = evaluation;
  const count = useEvaluationStore((s) => s.histogramBins);
  const bins = useMemo(() => scoreHistogram(table, count), [table, count]);
  return (
    <CurveFrame
      title="Scores per true class"
      exportName="score-histograms"
      exportRows={() => ({ columns: ['bin_start', 'bin_end', `rows_true_${classes[0]}`, `rows_true_${classes[1]}`], rows: bins.map((b) => [b.start, b.end, b.counts[0], b.counts[1]]) })}
      empty={table.thresholds.length === 0 ? { title: 'No scores', description: 'No row has a score to draw.' } : null}
      footer={<Legend classes={classes} />}
      testId="histogram-chart"
    >
      {(width) => <HistogramPlot width={width} bins={bins} />}
    </CurveFrame>
  );
}
