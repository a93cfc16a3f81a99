// Expected cost per row at every threshold, for the costs the user sets, with
// the cheapest threshold marked and the current one moving.
import { Group, NumberInput, Text } from '@mantine/core';
import { useMemo } from 'react';
import { cheapestOperatingPoint, costCurve, thinTable } from '../../../../shared/evaluation';
import { DRAWN_TABLE_ENTRIES } from './GainChart';
import type { BinaryEvaluation, CostPoint, CostSettings, CumulativeTable } from '../../../../shared/evaluation/types';
import { xyLayout } from '../../../charts/xy/layout';
import { XYMarker, XYVerticalLine } from '../../../charts/xy/markers';
import { finiteExtent, niceDomain } from '../../../charts/xy/scale';
import { XYLine } from '../../../charts/xy/series';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { formatMetric } from '../../../format/number';
import { selectCost } from '../../../stores/evaluation/selectors';
import { evaluationStore, useEvaluationStore } from '../../../stores/evaluation/store';
import { CHEAPEST_COLOR, CURVE_COLOR } from './colors';
import { CURVE_HEIGHT, CurveFrame } from './CurveFrame';
import { CostMarker } from './OperatingMarkers';

interface PlotProps {
  width: number;
  points: CostPoint[];
  cheapest: CostPoint;
  table: CumulativeTable;
  cost: CostSettings;
}

function CostPlot({ width, points, cheapest, table, cost }: PlotProps) {
  // +Infinity (nothing predicted positive) has no place on a score axis: drawn points are the finite ones.
  const finite = useMemo(() => points.filter((p) => Number.isFinite(p.threshold)), [points]);
  const xs = useMemo(() => finite.map((p) => p.threshold), [finite]);
  const ys = useMemo(() => finite.map((p) => p.cost), [finite]);
  const layout = useMemo(() => {
    const x = finiteExtent(xs) ?? [0, 1];
    const y = finiteExtent(ys, [0]) ?? [0, 1];
    return xyLayout(width, CURVE_HEIGHT, { x: niceDomain(x[0], x[1], 5), y: niceDomain(y[0], y[1], 5) });
  }, [width, xs, ys]);
  return (
    <XYPlot
      layout={layout}
      xLabel="Threshold"
      yLabel="Mean cost per row"
      label="Expected cost by threshold"
      testId="cost-plot"
      overlay={<CostMarker layout={layout} table={table} cost={cost} />}
    >
      <XYLine layout={layout} xs={xs} ys={ys} color={CURVE_COLOR} step />
      <XYVerticalLine layout={layout} x={cheapest.threshold} color={CHEAPEST_COLOR} dash="1 0" label={`cheapest ≥ ${formatMetric(cheapest.threshold)}`} testId="cheapest-line" />
      <XYMarker layout={layout} x={cheapest.threshold} y={cheapest.cost} color={CHEAPEST_COLOR} />
    </XYPlot>
  );
}

function CostInput({ label, field, testId }: { label: string; field: keyof CostSettings; testId: string }) {
  const value = useEvaluationStore((s) => s.cost[field]);
  return (
    <NumberInput
      size="xs"
      w={150}
      label={label}
      data-testid={testId}
      min={0}
      step={0.5}
      value={value}
      onChange={(v) => typeof v === 'number' && evaluationStore.getState().setView({ cost: { ...evaluationStore.getState().cost, [field]: v } })}
    />
  );
}

function CostControls() {
  return (
    <Group gap="sm" mb="xs" align="flex-end">
      <CostInput label="False positive costs" field="falsePositiveCost" testId="cost-false-positive" />
      <CostInput label="False negative costs" field="falseNegativeCost" testId="cost-false-negative" />
      <CostInput label="True positive gains" field="truePositiveBenefit" testId="cost-true-positive" />
    </Group>
  );
}

export function CostChart({ evaluation }: { evaluation: BinaryEvaluation }) {
  const { table } = evaluation;
  const cost = useEvaluationStore(selectCost);
  // Drawn from a thinned table; the cheapest point and the export read every score.
  const drawnTable = useMemo(() => thinTable(table, DRAWN_TABLE_ENTRIES), [table]);
  const points = useMemo(() => costCurve(drawnTable, cost), [drawnTable, cost]);
  const cheapest = useMemo(() => cheapestOperatingPoint(table, cost), [table, cost]);
  return (
    <CurveFrame
      title={`Expected cost · cheapest ${formatMetric(cheapest.cost)} per row at ≥ ${formatMetric(cheapest.threshold)}`}
      exportName="expected-cost"
      exportRows={() => ({ columns: ['threshold', 'mean_cost'], rows: costCurve(table, cost).map((p) => [p.threshold, p.cost]) })}
      empty={table.thresholds.length === 0 ? { title: 'No scores', description: 'No row has a score to draw.' } : null}
      banner={<CostControls />}
      footer={
        <Text size="xs" c="dimmed">
          Cost per row = (false positives × their cost + false negatives × theirs − true positives × their gain) / rows. At ∞ nothing is predicted positive: {formatMetric(points[0]?.cost)} per row.
        </Text>
      }
      testId="cost-chart"
    >
      {(width) => <CostPlot width={width} points={points} cheapest={cheapest} table={table} cost={cost} />}
    </CurveFrame>
  );
}
