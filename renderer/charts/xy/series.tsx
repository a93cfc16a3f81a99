// What an XY plot draws once: lines, bars, points and reference segments, each
// one <path> (or a few circles), memoized on their data and the layout.
import { memo, useMemo } from 'react';
import { linePath } from '../paths';
import type { XYLayout } from './layout';

interface LineProps {
  layout: XYLayout;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  color: string;
  width?: number;
  dash?: string;
  opacity?: number;
  /** Draw as steps (after each point, hold its y until the next x). */
  step?: boolean;
  testId?: string;
}

/** Steps as a polyline: (x0,y0) (x1,y0) (x1,y1) … */
function stepped(xs: ArrayLike<number>, ys: ArrayLike<number>): [number[], number[]] {
  const sx: number[] = [];
  const sy: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i > 0) {
      sx.push(xs[i]);
      sy.push(ys[i - 1]);
    }
    sx.push(xs[i]);
    sy.push(ys[i]);
  }
  return [sx, sy];
}

export const XYLine = memo(function XYLine({ layout, xs, ys, color, width = 2, dash, opacity, step, testId }: LineProps) {
  const d = useMemo(() => {
    const [px, py] = step ? stepped(xs, ys) : [xs, ys];
    return linePath(px, py, layout.x, layout.y);
  }, [layout, xs, ys, step]);
  return <path d={d} fill="none" stroke={color} strokeWidth={width} strokeDasharray={dash} strokeOpacity={opacity} strokeLinejoin="round" data-testid={testId} />;
});

export interface Bar {
  x0: number;
  x1: number;
  y: number;
}

interface BarsProps {
  layout: XYLayout;
  bars: readonly Bar[];
  color: string;
  opacity?: number;
  /** Where bars start from (0 unless stacked or on a secondary scale). */
  baseline?: number;
  /** Maps a bar's y to px instead of the layout's y scale (counts drawn on a scale of their own). */
  yPx?: (y: number) => number;
}

export const XYBars = memo(function XYBars({ layout, bars, color, opacity = 0.5, baseline = 0, yPx }: BarsProps) {
  const d = useMemo(() => {
    const y = yPx ?? layout.y;
    const base = y(baseline);
    let out = '';
    for (const bar of bars) {
      const left = layout.x(bar.x0);
      const right = layout.x(bar.x1);
      const top = y(bar.y);
      if (![left, right, top].every(Number.isFinite) || bar.y === baseline) continue;
      out += `M${left.toFixed(1)} ${base.toFixed(1)}V${top.toFixed(1)}H${right.toFixed(1)}V${base.toFixed(1)}Z`;
    }
    return out;
  }, [layout, bars, baseline, yPx]);
  return <path d={d} fill={color} fillOpacity={opacity} stroke={color} strokeOpacity={Math.min(1, opacity + 0.3)} strokeWidth={1} />;
});

interface PointsProps {
  layout: XYLayout;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  color: string;
  radius?: number;
}

export const XYPoints = memo(function XYPoints({ layout, xs, ys, color, radius = 3.5 }: PointsProps) {
  const circles = [];
  for (let i = 0; i < xs.length; i++) {
    const cx = layout.x(xs[i]);
    const cy = layout.y(ys[i]);
    if (Number.isFinite(cx) && Number.isFinite(cy)) circles.push(<circle key={i} cx={cx} cy={cy} r={radius} fill={color} />);
  }
  return <g>{circles}</g>;
});

interface SegmentProps {
  layout: XYLayout;
  from: [number, number];
  to: [number, number];
  color?: string;
  dash?: string;
}

/** A reference line in data coordinates: the chance diagonal, perfect calibration. */
export const XYSegment = memo(function XYSegment({ layout, from, to, color = 'var(--mantine-color-dimmed)', dash = '4 4' }: SegmentProps) {
  return <line x1={layout.x(from[0])} y1={layout.y(from[1])} x2={layout.x(to[0])} y2={layout.y(to[1])} stroke={color} strokeDasharray={dash} strokeWidth={1} />;
});
