// The reliability diagram: each bin's mean score against the fraction of its
// rows that are positive, beside the diagonal of perfect calibration, with the
// rows per bin as faint bars and the Brier score in the title.
import { Group, NumberInput, SegmentedControl, Text } from '@mantine/core';
import { useMemo } from 'react';
import { calibrationBins, finiteScoreRange } from '../../../../shared/evaluation';
import type { BinaryEvaluation, CalibrationBin, CalibrationStrategy } from '../../../../shared/evaluation/types';
import { xyLayout, type XYLayout } from '../../../charts/xy/layout';
import { XYBars, XYLine, XYPoints, XYSegment } from '../../../charts/xy/series';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { formatMetric } from '../../../format/number';
import { BIN_LIMITS } from '../../../stores/evaluation/slices/view';
import { evaluationStore, useEvaluationStore } from '../../../stores/evaluation/store';
import { metricText } from '../metricText';
import { CURVE_COLOR } from './colors';
import { CURVE_HEIGHT, CurveFrame } from './CurveFrame';

const unit: { x: [number, number]; y: [number, number] } = { x: [0, 1], y: [0, 1] };
/** The count bars take the lowest part of the plot, under the curve. */
const COUNT_BAR_SHARE = 0.3;

function countScale(layout: XYLayout, bins: CalibrationBin[]): (count: number) => number {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const bottom = layout.plot.y + layout.plot.height;
  return (count) => bottom - (count / max) * COUNT_BAR_SHARE * layout.plot.height;
}

function CalibrationPlot({ width, bins }: { width: number; bins: CalibrationBin[] }) {
  const layout = useMemo(() => xyLayout(width, CURVE_HEIGHT, unit), [width]);
  const bars = useMemo(() => bins.map((b) => ({ x0: b.start, x1: b.end, y: b.count })), [bins]);
  const yPx = useMemo(() => countScale(layout, bins), [layout, bins]);
  const xs = useMemo(() => bins.map((b) => b.meanPredicted), [bins]);
  const ys = useMemo(() => bins.map((b) => b.fractionPositive), [bins]);
  return (
    <XYPlot layout={layout} xLabel="Mean predicted probability" yLabel="Fraction of positives" label="Calibration curve" testId="calibration-plot">
      <XYBars layout={layout} bars={bars} color="var(--mantine-color-gray-5)" opacity={0.35} yPx={yPx} />
      <XYSegment layout={layout} from={[0, 0]} to={[1, 1]} />
      <XYLine layout={layout} xs={xs} ys={ys} color={CURVE_COLOR} />
      <XYPoints layout={layout} xs={xs} ys={ys} color={CURVE_COLOR} />
    </XYPlot>
  );
}

function Controls() {
  const strategy = useEvaluationStore((s) => s.calibrationStrategy);
  const bins = useEvaluationStore((s) => s.calibrationBins);
  const setView = evaluationStore.getState().setView;
  return (
    <Group gap="sm" mb="xs">
      <SegmentedControl
        size="xs"
        data-testid="calibration-strategy"
        value={strategy}
        onChange={(value) => setView({ calibrationStrategy: value as CalibrationStrategy })}
        data={[
          { value: 'uniform', label: 'Uniform bins' },
          { value: 'quantile', label: 'Quantile bins' },
        ]}
      />
      <NumberInput
        size="xs"
        w={90}
        aria-label="Bins"
        leftSection={<Text size="xs">Bins</Text>}
        leftSectionWidth={38}
        data-testid="calibration-bins"
        min={BIN_LIMITS.min}
        max={BIN_LIMITS.max}
        allowDecimal={false}
        value={bins}
        onChange={(value) => typeof value === 'number' && setView({ calibrationBins: value })}
      />
    </Group>
  );
}

/** The rows per non-empty bin, listed when few, else their range. */
function binCounts(bins: CalibrationBin[]): string {
  const counts = bins.map((b) => b.count);
  if (counts.length <= 20) return counts.map((c) => c.toLocaleString('en-US')).join(', ');
  return `${Math.min(...counts).toLocaleString('en-US')} to ${Math.max(...counts).toLocaleString('en-US')} in ${counts.length} bins`;
}

/** Calibration compares probabilities with outcomes: scores outside [0, 1] are not probabilities. */
function notProbabilities(evaluation: BinaryEvaluation): { title: string; description: string } | null {
  const [low, high] = finiteScoreRange(evaluation.table);
  if (Number.isNaN(low) || (low >= 0 && high <= 1)) return null;
  return {
    title: 'These scores are not probabilities',
    description: `They run from ${formatMetric(low)} to ${formatMetric(high)}; a calibration curve compares probabilities in [0, 1] with how often the positive class occurs.`,
  };
}

export function CalibrationChart({ evaluation }: { evaluation: BinaryEvaluation }) {
  const { table } = evaluation;
  const binCount = useEvaluationStore((s) => s.calibrationBins);
  const strategy = useEvaluationStore((s) => s.calibrationStrategy);
  const bins = useMemo(() => calibrationBins(table, binCount, strategy), [table, binCount, strategy]);
  const thinned = table.distinctScores > table.thresholds.length;
  return (
    <CurveFrame
      title={`Calibration · Brier ${metricText(evaluation.metrics.brier)}`}
      exportName="calibration-curve"
      exportRows={() => ({
        columns: ['bin_start', 'bin_end', 'mean_predicted', 'fraction_positive', 'rows'],
        rows: bins.map((b) => [b.start, b.end, b.meanPredicted, b.fractionPositive, b.count]),
      })}
      empty={notProbabilities(evaluation)}
      banner={<Controls />}
      footer={
        <Text size="xs" c="dimmed">
          Bars: rows per bin ({binCounts(bins)}). Dashed: perfect calibration.
          {thinned && ' Bins are read from the thinned table: scores between kept thresholds are merged.'}
        </Text>
      }
      testId="calibration-chart"
    >
      {(width) => <CalibrationPlot width={width} bins={bins} />}
    </CurveFrame>
  );
}
