// The importance plot: a horizontal bar per feature from zero to its mean
// importance, a whisker over mean ± std, the numbers at the right. One SVG, so
// the chart frame's PNG and SVG export take all of it. Colors are theme
// variables, so both themes read them (and the export inlines their values).
import { memo, useMemo } from 'react';
import { formatMetric } from '../../../format/number';
import { BAR_THICKNESS, barExtent, barLayout, whiskerExtent, type BarLayout, type FeatureBar } from './barLayout';

const POSITIVE_COLOR = 'var(--mantine-color-indigo-6)';
/** Permuting the feature helped the score: a different hue, so it is not read as important. */
const NEGATIVE_COLOR = 'var(--mantine-color-orange-6)';
const WHISKER_COLOR = 'var(--mantine-color-text)';
const GRID_COLOR = 'var(--mantine-color-default-border)';
const ZERO_COLOR = 'var(--mantine-color-dimmed)';
const tickText = { fontSize: 11, fill: 'var(--mantine-color-dimmed)' } as const;
const labelText = { fontSize: 11, fill: 'var(--mantine-color-text)' } as const;
const titleText = { fontSize: 12, fill: 'var(--mantine-color-text)' } as const;

function TickLabels({ layout, y }: { layout: BarLayout; y: number }) {
  return (
    <g>
      {layout.ticks.map((t) => (
        <text key={t} x={layout.x(t)} y={y} textAnchor="middle" style={tickText}>
          {formatMetric(t)}
        </text>
      ))}
    </g>
  );
}

const Row = memo(function Row({ layout, row }: { layout: BarLayout; row: BarLayout['rows'][number] }) {
  const bar = barExtent(layout, row.mean);
  const whisker = whiskerExtent(layout, row.mean, row.std);
  const color = row.mean < 0 ? NEGATIVE_COLOR : POSITIVE_COLOR;
  const value = `${formatMetric(row.mean)} ± ${formatMetric(row.std)}`;
  const half = BAR_THICKNESS / 2;
  return (
    <g data-testid="importance-bar" data-feature={row.name} data-mean={String(row.mean)} data-std={String(row.std)}>
      <title>{`${row.name}: ${value}`}</title>
      <text x={layout.plotLeft - 8} y={row.y} textAnchor="end" dominantBaseline="middle" style={labelText}>
        {row.label}
      </text>
      {bar && (
        <rect
          x={bar[0]}
          y={row.y - half}
          width={Math.max(1, bar[1] - bar[0])}
          height={BAR_THICKNESS}
          fill={color}
          fillOpacity={Number.isFinite(row.mean) ? 0.75 : 0.35}
          rx={1}
        />
      )}
      {whisker && (
        <g stroke={WHISKER_COLOR} strokeWidth={1.2} strokeOpacity={0.8}>
          <line x1={whisker[0]} x2={whisker[1]} y1={row.y} y2={row.y} />
          <line x1={whisker[0]} x2={whisker[0]} y1={row.y - 4} y2={row.y + 4} />
          <line x1={whisker[1]} x2={whisker[1]} y1={row.y - 4} y2={row.y + 4} />
        </g>
      )}
      <text x={layout.plotRight + 8} y={row.y} dominantBaseline="middle" style={tickText}>
        {value}
      </text>
    </g>
  );
});

interface Props {
  width: number;
  bars: readonly FeatureBar[];
  /** The axis title: what a unit of importance is. */
  xLabel: string;
}

export function ImportanceBars({ width, bars, xLabel }: Props) {
  const layout = useMemo(() => barLayout(width, bars), [width, bars]);
  const { x, top, bottom, plotLeft, plotRight } = layout;
  const zero = x(0);
  return (
    <svg width={layout.width} height={layout.height} role="img" aria-label={`Permutation importance of ${bars.length} features`} style={{ display: 'block' }}>
      <TickLabels layout={layout} y={top - 8} />
      {layout.ticks.map((t) => (
        <line key={t} x1={x(t)} x2={x(t)} y1={top} y2={bottom} stroke={GRID_COLOR} strokeOpacity={0.6} />
      ))}
      <rect x={plotLeft} y={top} width={plotRight - plotLeft} height={bottom - top} fill="none" stroke={GRID_COLOR} />
      {layout.rows.map((row, i) => (
        <Row key={`${i}:${row.name}`} layout={layout} row={row} />
      ))}
      <line x1={zero} x2={zero} y1={top} y2={bottom} stroke={ZERO_COLOR} strokeWidth={1.5} />
      {layout.bottomAxis && <TickLabels layout={layout} y={bottom + 14} />}
      <text x={(plotLeft + plotRight) / 2} y={layout.height - 6} textAnchor="middle" style={titleText}>
        {xLabel}
      </text>
    </svg>
  );
}
