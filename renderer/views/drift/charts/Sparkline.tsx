// A column's statistic over every batch, in a table cell: inline SVG (a
// 50-batch, 31-column summary draws 31 of these at once), the threshold
// dashed, drifted batches as red dots, the selected batch ringed.
import { memo } from 'react';
import { formatMetric } from '../../../format/number';
import { DIMMED, DRIFT_COLOR, STABLE_COLOR } from '../parts';
import { sparklinePoints, type AxisKind } from './chartValues';

interface Props {
  values: readonly number[];
  drifted: readonly boolean[];
  kind: AxisKind;
  threshold: number | null;
  selected: number;
  width?: number;
  height?: number;
}

export const Sparkline = memo(function Sparkline({ values, drifted, kind, threshold, selected, width = 110, height = 26 }: Props) {
  const { points, thresholdY } = sparklinePoints(values, kind, width, height, threshold);
  const segments: string[] = [];
  let open = false;
  for (const point of points) {
    if (point === null) {
      open = false;
      continue;
    }
    segments.push(`${open ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)}`);
    open = true;
  }
  const label = values.map((v, i) => `${formatMetric(v)}${drifted[i] ? ' (drift)' : ''}`).join(', ');
  return (
    <svg width={width} height={height} role="img" aria-label={`Statistic per batch: ${label}`} data-testid="sparkline" data-points={values.length} style={{ display: 'block' }}>
      {thresholdY !== null && <line x1={0} x2={width} y1={thresholdY} y2={thresholdY} stroke={DIMMED} strokeDasharray="3 2" strokeWidth={1} />}
      <path d={segments.join('')} fill="none" stroke={STABLE_COLOR} strokeWidth={1.5} />
      {points.map((point, i) =>
        point === null ? null : (
          <circle
            key={i}
            cx={point.x}
            cy={point.y}
            r={i === selected ? 3 : drifted[i] ? 2 : 0}
            fill={drifted[i] ? DRIFT_COLOR : STABLE_COLOR}
            stroke={i === selected ? 'var(--mantine-color-text)' : 'none'}
            strokeWidth={1}
          />
        ),
      )}
    </svg>
  );
});
