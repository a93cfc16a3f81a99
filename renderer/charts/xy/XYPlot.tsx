// A small, fast SVG XY plot: linear axes with nice ticks, static series (memoized
// paths), an overlay for what moves (markers subscribe to their own store, so a
// moving operating point never re-renders the paths) and pointer handling.
import { memo, useId, type PointerEvent, type ReactNode } from 'react';
import { formatMetric } from '../../format/number';
import type { XYLayout } from './layout';

export interface XYPointerHandlers {
  /** The pointer moved to (px, py), in the svg's coordinates. */
  onMove(px: number, py: number): void;
  onLeave(): void;
  onClick?(): void;
}

interface Props {
  layout: XYLayout;
  xLabel: string;
  yLabel: string;
  /** What the plot shows, for screen readers. */
  label: string;
  /** The series: drawn once, clipped to the plot box. */
  children: ReactNode;
  /** What moves with the threshold or the pointer (markers, a crosshair). */
  overlay?: ReactNode;
  /** HTML over the plot (a tooltip), positioned by itself. */
  tooltip?: ReactNode;
  pointer?: XYPointerHandlers;
  testId?: string;
}

const tickText = { fontSize: 11, fill: 'var(--mantine-color-dimmed)' } as const;
const titleText = { fontSize: 12, fill: 'var(--mantine-color-text)' } as const;

/** Grid lines, tick labels and axis titles. */
const XYAxes = memo(function XYAxes({ layout, xLabel, yLabel }: { layout: XYLayout; xLabel: string; yLabel: string }) {
  const { plot, x, y, xTicks, yTicks } = layout;
  const bottom = plot.y + plot.height;
  return (
    <g>
      <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} fill="none" stroke="var(--mantine-color-default-border)" />
      {xTicks.map((t) => (
        <g key={`x${t}`}>
          <line x1={x(t)} x2={x(t)} y1={plot.y} y2={bottom} stroke="var(--mantine-color-default-border)" strokeOpacity={0.6} />
          <text x={x(t)} y={bottom + 14} textAnchor="middle" style={tickText}>
            {formatMetric(t)}
          </text>
        </g>
      ))}
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={plot.x} x2={plot.x + plot.width} y1={y(t)} y2={y(t)} stroke="var(--mantine-color-default-border)" strokeOpacity={0.6} />
          <text x={plot.x - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" style={tickText}>
            {formatMetric(t)}
          </text>
        </g>
      ))}
      <text x={plot.x + plot.width / 2} y={layout.height - 4} textAnchor="middle" style={titleText}>
        {xLabel}
      </text>
      <text transform={`translate(12 ${plot.y + plot.height / 2}) rotate(-90)`} textAnchor="middle" style={titleText}>
        {yLabel}
      </text>
    </g>
  );
});

function svgPoint(event: PointerEvent<SVGRectElement>): [number, number] {
  const svg = event.currentTarget.ownerSVGElement;
  const box = svg ? svg.getBoundingClientRect() : event.currentTarget.getBoundingClientRect();
  return [event.clientX - box.left, event.clientY - box.top];
}

export const XYPlot = memo(function XYPlot({ layout, xLabel, yLabel, label, children, overlay, tooltip, pointer, testId }: Props) {
  const clip = `xy-clip-${useId().replace(/:/g, '')}`;
  const { plot } = layout;
  return (
    <div style={{ position: 'relative', width: layout.width, height: layout.height }}>
      <svg width={layout.width} height={layout.height} role="img" aria-label={label} data-testid={testId} style={{ display: 'block', overflow: 'visible' }}>
        <defs>
          <clipPath id={clip}>
            {/* A little past the box, so a marker or line on the edge is not cut in half. */}
            <rect x={plot.x - 6} y={plot.y - 6} width={plot.width + 12} height={plot.height + 12} />
          </clipPath>
        </defs>
        <XYAxes layout={layout} xLabel={xLabel} yLabel={yLabel} />
        <g clipPath={`url(#${clip})`}>{children}</g>
        <g clipPath={`url(#${clip})`} pointerEvents="none">
          {overlay}
        </g>
        {pointer && (
          <rect
            x={plot.x}
            y={plot.y}
            width={plot.width}
            height={plot.height}
            fill="transparent"
            style={{ cursor: pointer.onClick ? 'crosshair' : undefined }}
            onPointerMove={(event) => pointer.onMove(...svgPoint(event))}
            onPointerLeave={pointer.onLeave}
            onClick={pointer.onClick}
          />
        )}
      </svg>
      {tooltip}
    </div>
  );
});
