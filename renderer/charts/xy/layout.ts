// Where an XY plot's parts go: margins for the axes, the plot box, the
// scales and their ticks. Pure; charts compute it once per size and data.
import { linearScale, niceTicks, type LinearScale } from './scale';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface XYLayout {
  width: number;
  height: number;
  /** The area inside the axes. */
  plot: Box;
  x: LinearScale;
  y: LinearScale;
  xTicks: number[];
  yTicks: number[];
}

export interface AxisDomains {
  x: [number, number];
  y: [number, number];
}

/** Room for the tick labels and the axis titles. */
export const XY_MARGIN = { top: 10, right: 14, bottom: 38, left: 52 } as const;

/** About one tick per this many px: readable labels at any width. */
const PX_PER_X_TICK = 80;
const PX_PER_Y_TICK = 40;

export function xyLayout(width: number, height: number, domains: AxisDomains): XYLayout {
  const plot: Box = {
    x: XY_MARGIN.left,
    y: XY_MARGIN.top,
    width: Math.max(10, width - XY_MARGIN.left - XY_MARGIN.right),
    height: Math.max(10, height - XY_MARGIN.top - XY_MARGIN.bottom),
  };
  const x = linearScale(domains.x, [plot.x, plot.x + plot.width]);
  // SVG's y grows downwards: the domain's low end at the plot's bottom.
  const y = linearScale(domains.y, [plot.y + plot.height, plot.y]);
  const xTicks = niceTicks(domains.x[0], domains.x[1], Math.max(2, Math.round(plot.width / PX_PER_X_TICK)));
  const yTicks = niceTicks(domains.y[0], domains.y[1], Math.max(2, Math.round(plot.height / PX_PER_Y_TICK)));
  return { width, height, plot, x, y, xTicks, yTicks };
}

/**
 * The index of the drawn point nearest to (px, py) in screen distance, or -1
 * when none can be drawn. O(n) over the drawn points (a thousand at most).
 */
export function nearestPoint(layout: XYLayout, xs: ArrayLike<number>, ys: ArrayLike<number>, px: number, py: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const dx = layout.x(xs[i]) - px;
    const dy = layout.y(ys[i]) - py;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return best;
}
