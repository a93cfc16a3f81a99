// What moves on an XY plot: an operating point and a vertical threshold line.
// Plain components: the caller subscribes to the threshold and passes numbers.
import type { XYLayout } from './layout';

interface MarkerProps {
  layout: XYLayout;
  x: number;
  y: number;
  color: string;
  /** Dashed lines from the point to both axes. */
  guides?: boolean;
  testId?: string;
}

export function XYMarker({ layout, x, y, color, guides, testId }: MarkerProps) {
  const px = layout.x(x);
  const py = layout.y(y);
  if (!Number.isFinite(px) || !Number.isFinite(py)) return null;
  const { plot } = layout;
  return (
    <g data-testid={testId} data-x={x} data-y={y}>
      {guides && (
        <>
          <line x1={plot.x} x2={px} y1={py} y2={py} stroke={color} strokeDasharray="2 3" strokeOpacity={0.7} />
          <line x1={px} x2={px} y1={py} y2={plot.y + plot.height} stroke={color} strokeDasharray="2 3" strokeOpacity={0.7} />
        </>
      )}
      <circle cx={px} cy={py} r={6} fill={color} stroke="var(--mantine-color-body)" strokeWidth={2} />
    </g>
  );
}

interface VerticalProps {
  layout: XYLayout;
  x: number;
  color: string;
  label?: string;
  dash?: string;
  testId?: string;
}

export function XYVerticalLine({ layout, x, color, label, dash = '4 3', testId }: VerticalProps) {
  const px = layout.x(x);
  if (!Number.isFinite(px)) return null;
  const { plot } = layout;
  const right = px > plot.x + plot.width * 0.75;
  return (
    <g data-testid={testId} data-x={x}>
      <line x1={px} x2={px} y1={plot.y} y2={plot.y + plot.height} stroke={color} strokeWidth={1.5} strokeDasharray={dash} />
      {label && (
        <text x={right ? px - 4 : px + 4} y={plot.y + 12} textAnchor={right ? 'end' : 'start'} style={{ fontSize: 11, fill: color }}>
          {label}
        </text>
      )}
    </g>
  );
}
