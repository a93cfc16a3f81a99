// The recharts drawing of a metric chart and the pointer handling for zoom.
// Memoized: it re-renders when the data, size or settings change, not on hover or drag.
import { memo, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceArea, XAxis, YAxis, usePlotArea, useXAxisDomain, useXAxisInverseScale, useYAxisDomain } from 'recharts';
import { useStore } from 'zustand';
import { formatMetric } from '../format/number';
import type { DrawnLine } from './chartModel';
import { bandPath, linePath } from './paths';
import type { PlotGeometry, PointerStore } from './pointer';
import { formatX } from './timeAxis';
import type { XAxisMode } from './types';

/** A drag shorter than this is a click, not a zoom. */
const MIN_DRAG_PX = 6;
export const Y_AXIS_WIDTH = 56;
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };

interface Props {
  lines: readonly DrawnLine[];
  mode: XAxisMode;
  spanMs: number;
  logY: boolean;
  yDomain: [number, number] | null;
  /** The data's extents: recharts fits its axes (nice ticks) to these two corners. */
  xExtent: [number, number];
  yExtent: [number, number];
  /** The zoomed x range, or null for all of the data. */
  xDomain: [number, number] | null;
  width: number;
  height: number;
  compact?: boolean;
  pointer: PointerStore;
  geometry: RefObject<PlotGeometry>;
  onZoom(x0: number, x1: number): void;
  onReset(): void;
}

/** Copies recharts' scale and plot area out of its tree, for the pointer handlers outside it. */
function GeometryProbe({ geometry }: { geometry: RefObject<PlotGeometry> }) {
  const invert = useXAxisInverseScale();
  const plot = usePlotArea();
  useLayoutEffect(() => {
    geometry.current = {
      invert: invert ? (px: number) => Number(invert(px)) : null,
      plot: plot ? { x: plot.x, y: plot.y, width: plot.width, height: plot.height } : null,
    };
  }, [geometry, invert, plot]);
  return null;
}

/** The zoom selection while dragging; subscribes on its own so the lines stay untouched. */
function DragSelection({ pointer }: { pointer: PointerStore }) {
  const drag = useStore(pointer, (s) => s.drag);
  if (!drag || drag.x0 === drag.x1) return null;
  return <ReferenceArea x1={Math.min(drag.x0, drag.x1)} x2={Math.max(drag.x0, drag.x1)} fill="var(--mantine-primary-color-filled)" fillOpacity={0.12} strokeOpacity={0} ifOverflow="hidden" />;
}

let clipCounter = 0;

/** An axis domain as two numbers (NaN when recharts has none yet). */
function numericDomain(domain: ReadonlyArray<unknown> | undefined): [number, number] {
  const a = Number(domain?.[0]);
  const b = Number(domain?.[domain.length - 1]);
  return [a, b];
}

/** Value to px, linear or logarithmic, as recharts' own linear and log scales map them. */
function linearScale(d0: number, d1: number, r0: number, r1: number, log: boolean): (v: number) => number {
  if (log) {
    const l0 = Math.log10(d0);
    const k = (r1 - r0) / (Math.log10(d1) - l0);
    return (v) => r0 + (Math.log10(v) - l0) * k;
  }
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * The lines and bands, drawn as one <path> each with recharts' own scales, so
 * axes, grid and zoom selection stay recharts' while 100 lines of 1500 points
 * mount in milliseconds (a recharts <Line> per run took seconds for eight).
 */
function SeriesLayer({ lines, logY }: { lines: readonly DrawnLine[]; logY: boolean }) {
  const xDomain = useXAxisDomain();
  const yDomain = useYAxisDomain();
  const plot = usePlotArea();
  const [clipId] = useState(() => `runlens-plot-clip-${++clipCounter}`);
  // recharts hands out new scale functions on every internal update (each pointer move):
  // the paths depend on the numbers only, so they are rebuilt when those change.
  const [x0, x1] = numericDomain(xDomain);
  const [y0, y1] = numericDomain(yDomain);
  const px = plot?.x ?? 0;
  const py = plot?.y ?? 0;
  const pw = plot?.width ?? 0;
  const ph = plot?.height ?? 0;
  const paths = useMemo(() => {
    if (!(x1 > x0) || !(y1 > y0) || pw <= 0 || ph <= 0) return [];
    const x = linearScale(x0, x1, px, px + pw, false);
    const y = linearScale(y0, y1, py + ph, py, logY);
    return lines.map((line) => ({
      line,
      band: line.band ? bandPath(line.xs, line.band.lo, line.band.hi, x, y, logY) : '',
      raw: line.showRaw ? linePath(line.xs, line.values, x, y, logY) : '',
      main: linePath(line.xs, line.main, x, y, logY),
    }));
  }, [lines, logY, x0, x1, y0, y1, px, py, pw, ph]);
  if (!plot) return null;
  return (
    <g className="runlens-series">
      <defs>
        <clipPath id={clipId}>
          <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`} fill="none" strokeLinejoin="round">
        {paths.map(({ line, band }) => band && <path key={`${line.id}:band`} d={band} fill={line.color} fillOpacity={0.15} stroke="none" />)}
        {paths.map(({ line, raw }) => raw && <path key={`${line.id}:raw`} d={raw} stroke={line.color} strokeOpacity={0.25} strokeWidth={1} />)}
        {paths.map(({ line, main }) => (
          <path key={line.id} d={main} stroke={line.color} strokeWidth={1.5} data-line-id={line.id} />
        ))}
      </g>
    </g>
  );
}

export const MetricPlot = memo(function MetricPlot(props: Props) {
  const { lines, mode, spanMs, logY, yDomain, xExtent, yExtent, xDomain, width, height, compact, pointer, geometry, onZoom, onReset } = props;
  // Two corner points are all recharts sees: enough to lay out the axes, nothing per run.
  const corners = useMemo(
    () => [
      { x: xExtent[0], y: yExtent[0] },
      { x: xExtent[1], y: yExtent[1] },
    ],
    [xExtent, yExtent],
  );
  const dragging = useRef(false);

  const xAt = (event: MouseEvent<HTMLDivElement>): { x: number; px: number } | null => {
    const { invert, plot } = geometry.current ?? { invert: null, plot: null };
    if (!invert || !plot) return null;
    const rect = event.currentTarget.getBoundingClientRect();
    const px = Math.min(plot.x + plot.width, Math.max(plot.x, event.clientX - rect.left));
    const x = invert(px);
    return Number.isFinite(x) ? { x, px } : null;
  };

  const handlers = {
    onMouseDown(event: MouseEvent<HTMLDivElement>) {
      if (event.button !== 0) return;
      const at = xAt(event);
      if (!at) return;
      event.preventDefault(); // no text selection while dragging
      dragging.current = true;
      pointer.setState({ drag: { x0: at.x, x1: at.x, px0: at.px } });
    },
    onMouseMove(event: MouseEvent<HTMLDivElement>) {
      const at = xAt(event);
      if (!at) return;
      const drag = pointer.getState().drag;
      pointer.setState(dragging.current && drag ? { hover: at, drag: { ...drag, x1: at.x } } : { hover: at });
    },
    onMouseUp(event: MouseEvent<HTMLDivElement>) {
      const drag = pointer.getState().drag;
      dragging.current = false;
      pointer.setState({ drag: null });
      const at = xAt(event);
      if (!drag || !at || Math.abs(at.px - drag.px0) < MIN_DRAG_PX) return;
      onZoom(Math.min(drag.x0, at.x), Math.max(drag.x0, at.x));
    },
    onMouseLeave() {
      dragging.current = false;
      pointer.setState({ hover: null, drag: null });
    },
    onDoubleClick() {
      onReset();
    },
  };

  const tickSize = compact ? 10 : 11;
  return (
    <div {...handlers} style={{ position: 'relative', width, height, cursor: 'crosshair', userSelect: 'none' }}>
      {/* Its own compositing layer: the tooltip moving over it must not repaint thousands of points. */}
      <div style={{ willChange: 'transform' }}>
      <ComposedChart width={width} height={height} margin={MARGIN} data={corners}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-default-border)" />
        <XAxis
          dataKey="x"
          type="number"
          domain={xDomain ?? ['dataMin', 'dataMax']}
          allowDataOverflow={xDomain !== null}
          tickFormatter={(x: number) => formatX(x, mode, spanMs)}
          tick={{ fontSize: tickSize, fill: 'var(--mantine-color-dimmed)' }}
          stroke="var(--mantine-color-default-border)"
          minTickGap={24}
          allowDuplicatedCategory={false}
        />
        <YAxis
          type="number"
          width={Y_AXIS_WIDTH}
          scale={logY ? 'log' : 'linear'}
          domain={yDomain ?? ['auto', 'auto']}
          allowDataOverflow={yDomain !== null}
          tickFormatter={(y: number) => formatMetric(y)}
          tick={{ fontSize: tickSize, fill: 'var(--mantine-color-dimmed)' }}
          stroke="var(--mantine-color-default-border)"
        />
        <Line dataKey="y" stroke="none" dot={false} activeDot={false} isAnimationActive={false} legendType="none" />
        <SeriesLayer lines={lines} logY={logY} />
        <DragSelection pointer={pointer} />
        <GeometryProbe geometry={geometry} />
      </ComposedChart>
      </div>
    </div>
  );
});
