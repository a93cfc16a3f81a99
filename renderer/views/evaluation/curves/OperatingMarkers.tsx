// The operating point on each binary chart: each marker subscribes to the
// threshold itself, so a frame of dragging re-renders a circle, not a curve.
import { countsAt } from '../../../../shared/evaluation';
import type { CostSettings, CumulativeTable } from '../../../../shared/evaluation/types';
import type { XYLayout } from '../../../charts/xy/layout';
import { XYMarker, XYVerticalLine } from '../../../charts/xy/markers';
import { formatMetric } from '../../../format/number';
import { selectShownThreshold, useThreshold } from '../../../stores/evaluation/threshold';
import { meanCost, operatingPoint, type OperatingPoint } from '../binaryPoint';
import { MARKER_COLOR } from './colors';

interface Props {
  layout: XYLayout;
  table: CumulativeTable;
}

function usePoint(table: CumulativeTable): OperatingPoint {
  const threshold = useThreshold(selectShownThreshold);
  return operatingPoint(countsAt(table, threshold));
}

export function RocMarker({ layout, table }: Props) {
  const p = usePoint(table);
  return <XYMarker layout={layout} x={p.falsePositiveRate} y={p.truePositiveRate} color={MARKER_COLOR} guides testId="roc-operating-point" />;
}

export function PrMarker({ layout, table }: Props) {
  const p = usePoint(table);
  return <XYMarker layout={layout} x={p.recall} y={p.precision} color={MARKER_COLOR} guides testId="pr-operating-point" />;
}

export function GainMarker({ layout, table, lift }: Props & { lift: boolean }) {
  const p = usePoint(table);
  return <XYMarker layout={layout} x={p.population} y={lift ? p.lift : p.gain} color={MARKER_COLOR} guides testId="gain-operating-point" />;
}

/** A vertical line at the threshold on a chart whose x is the score. */
export function ThresholdLine({ layout }: { layout: XYLayout }) {
  const threshold = useThreshold(selectShownThreshold);
  return <XYVerticalLine layout={layout} x={threshold} color={MARKER_COLOR} label={`≥ ${formatMetric(threshold)}`} testId="threshold-line" />;
}

export function CostMarker({ layout, table, cost }: Props & { cost: CostSettings }) {
  const threshold = useThreshold(selectShownThreshold);
  const y = meanCost(countsAt(table, threshold), cost);
  return (
    <>
      <XYVerticalLine layout={layout} x={threshold} color={MARKER_COLOR} testId="threshold-line" />
      <XYMarker layout={layout} x={threshold} y={y} color={MARKER_COLOR} testId="cost-operating-point" />
    </>
  );
}
