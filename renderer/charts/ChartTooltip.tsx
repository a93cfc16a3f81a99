// The tooltip of a metric chart: every line's value at the hovered x (its nearest point), with the step.
import { Paper, Text } from '@mantine/core';
import { useStore } from 'zustand';
import type { RefObject } from 'react';
import { formatMetric } from '../format/number';
import type { DrawnLine } from './chartModel';
import { nearestIndex } from './nearest';
import type { PlotGeometry, PointerStore } from './pointer';
import { formatX } from './timeAxis';
import type { BandKind, XAxisMode } from './types';

/** Past this many lines the tooltip would cover the chart; the rest are counted. */
const MAX_ROWS = 20;

interface Props {
  pointer: PointerStore;
  geometry: RefObject<PlotGeometry>;
  lines: readonly DrawnLine[];
  mode: XAxisMode;
  spanMs: number;
  band?: BandKind;
  width: number;
}

function valueText(line: DrawnLine, i: number, band?: BandKind): string {
  const main = formatMetric(line.main[i]);
  if (line.stats) {
    const s = line.stats;
    const spread = band === 'std' ? ` ± ${formatMetric(s.std[i])}` : band === 'minmax' ? ` [${formatMetric(s.min[i])}, ${formatMetric(s.max[i])}]` : '';
    return `${main}${spread} · ${s.count[i]} run${s.count[i] === 1 ? '' : 's'}`;
  }
  return line.showRaw ? `${main} (raw ${formatMetric(line.values[i])})` : main;
}

export function ChartTooltip({ pointer, geometry, lines, mode, spanMs, band, width }: Props) {
  const hover = useStore(pointer, (s) => (s.drag ? null : s.hover));
  const plot = geometry.current?.plot;
  if (!hover || !plot || lines.length === 0) return null;
  const rows = lines.slice(0, MAX_ROWS).map((line) => {
    const i = nearestIndex(line.xs, hover.x, line.ascending);
    return i < 0 ? null : { line, i };
  });
  const left = hover.px > width / 2;
  return (
    <>
      <div
        style={{
          position: 'absolute',
          left: hover.px,
          top: plot.y,
          height: plot.height,
          borderLeft: '1px dashed var(--mantine-color-dimmed)',
          pointerEvents: 'none',
          willChange: 'transform',
        }}
      />
      <Paper
        shadow="md"
        withBorder
        p={6}
        data-testid="chart-tooltip"
        style={{
          position: 'absolute',
          top: plot.y,
          ...(left ? { right: width - hover.px + 12 } : { left: hover.px + 12 }),
          pointerEvents: 'none',
          zIndex: 2,
          maxWidth: 360,
          willChange: 'transform',
        }}
      >
        <Text size="xs" c="dimmed" mb={2}>
          {mode === 'step' ? `step ≈ ${formatX(Math.round(hover.x), 'step')}` : formatX(hover.x, mode, spanMs)}
        </Text>
        {rows.map((row) =>
          row ? (
            <div key={row.line.id} style={{ display: 'flex', gap: 6, alignItems: 'center', fontSize: 12, whiteSpace: 'nowrap' }}>
              <span style={{ width: 8, height: 8, borderRadius: 2, background: row.line.color, flex: 'none' }} />
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 140 }}>{row.line.label}</span>
              <span style={{ marginLeft: 'auto', fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>{valueText(row.line, row.i, band)}</span>
              <span style={{ color: 'var(--mantine-color-dimmed)' }}>step {formatX(row.line.steps[row.i], 'step')}</span>
            </div>
          ) : null,
        )}
        {lines.length > MAX_ROWS && (
          <Text size="xs" c="dimmed">
            and {lines.length - MAX_ROWS} more
          </Text>
        )}
      </Paper>
    </>
  );
}
