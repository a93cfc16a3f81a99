// One metric over steps or time for a set of runs (or groups of runs): the chart every view shares.
import { Anchor, Group, Text } from '@mantine/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import { ChartFrame, CHART_FRAME_PADDING, type ChartFrameState } from './ChartFrame';
import { ChartLegend } from './ChartLegend';
import { ChartTooltip } from './ChartTooltip';
import { chartRows } from './chartModel';
import { MetricPlot } from './MetricPlot';
import { createPointerStore, type PlotGeometry } from './pointer';
import { formatX, stepRangeForX } from './timeAxis';
import { useMetricChart, type ChartZoom } from './useMetricChart';
import { useWidth } from './useWidth';
import type { BandKind, ChartGroup, ChartLine, ChartSettings } from './types';

export interface MetricChartProps {
  metricKey: string;
  lines: ChartLine[];
  settings: ChartSettings;
  /** Draw each group's mean and band instead of one line per run. */
  groups?: ChartGroup[];
  band?: BandKind;
  /** Height of the plot in px. */
  height?: number;
  /** Smaller type and legend, for grids of charts. */
  compact?: boolean;
  title?: string;
}

// Stand-in extents when nothing is drawable (every value hidden, NaN or ≤ 0 on a log axis).
const ZERO_EXTENT: [number, number] = [0, 1];
const LOG_EXTENT: [number, number] = [1, 10];

/** The card's border, on top of its padding, when sizing the plot from the card. */
const FRAME_BORDER = 1;

export function MetricChart({ metricKey, lines, settings, groups, band, height, compact, title }: MetricChartProps) {
  const plotHeight = height ?? (compact ? 200 : 280);
  const [rootRef, rootWidth] = useWidth();
  const width = Math.max(0, rootWidth - 2 * (CHART_FRAME_PADDING + FRAME_BORDER));
  const [zoomState, setZoom] = useState<ChartZoom | null>(null);
  // A zoom selected on another x axis means nothing on this one.
  const zoom = zoomState && zoomState.mode === settings.xAxis ? zoomState : null;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [pointer] = useState(createPointerStore);
  const geometry = useRef<PlotGeometry>({ invert: null, plot: null });

  const data = useMetricChart({ metricKey, lines, groups, band, settings, width, zoom, hidden });
  const model = data.model;
  const shown = useMemo(() => (model ? model.lines.filter((l) => !hidden.has(l.id)) : []), [model, hidden]);
  const legendItems = useMemo(() => (model ? model.lines.map(({ id, label, color }) => ({ id, label, color })) : []), [model]);

  const toggle = useCallback((id: string) => {
    setHidden((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  // The newest lines, for the zoom handler, without making the memoized plot re-render on each change.
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const onZoom = useCallback(
    (x0: number, x1: number) => {
      const range = stepRangeForX(shownRef.current, settings.xAxis, x0, x1);
      if (!range || range.toStep < range.fromStep) return;
      setZoom({ mode: settings.xAxis, xDomain: [x0, x1], ...range });
    },
    [settings.xAxis],
  );
  const onReset = useCallback(() => setZoom(null), []);

  const frameState: ChartFrameState =
    data.status === 'loading'
      ? { status: 'loading', label: `Loading ${metricKey}…` }
      : data.status === 'error' && data.error
        ? { status: 'error', error: data.error, onRetry: data.retry }
        : !model || model.pointCount === 0 && !zoom
          ? { status: 'empty', title: 'Nothing to draw', description: lines.length === 0 ? 'No runs are chosen for this chart.' : `No values of ${metricKey} were logged by these runs.` }
          : { status: 'ready' };

  const exportRows = useCallback(() => (model ? chartRows(model, settings.smoothing) : { columns: [], rows: [] }), [model, settings.smoothing]);

  const notes: string[] = [];
  if (model && model.droppedForLog > 0) notes.push(`${model.droppedForLog} value${model.droppedForLog === 1 ? '' : 's'} ≤ 0 not drawn on the log scale`);
  if (data.failedRuns > 0 && data.error) notes.push(`${data.failedRuns} run${data.failedRuns === 1 ? '' : 's'} could not be loaded: ${data.error.message}`);

  const banner = (zoom || notes.length > 0) && (
    <Group gap="xs" mb={4} wrap="wrap">
      {zoom && (
        <Text size="xs" c="dimmed" data-testid="chart-zoom-bar">
          Zoomed: steps {formatX(zoom.fromStep, 'step')}–{formatX(zoom.toStep, 'step')} ·{' '}
          <Anchor component="button" type="button" size="xs" onClick={onReset} data-testid="chart-reset-zoom">
            Reset
          </Anchor>
        </Text>
      )}
      {notes.map((note) => (
        <Text key={note} size="xs" c="dimmed">
          {note}
        </Text>
      ))}
    </Group>
  );

  return (
    <div
      ref={rootRef}
      data-testid="metric-chart"
      data-metric-key={metricKey}
      data-point-count={model?.pointCount ?? 0}
      data-zoomed={zoom ? 'true' : 'false'}
      data-loading={data.status === 'loading' ? 'true' : 'false'}
      data-smoothing={settings.smoothing}
      data-x-axis={settings.xAxis}
      data-group-count={groups?.length ?? 0}
    >
      <ChartFrame
        title={title ?? metricKey}
        state={frameState}
        exportName={metricKey}
        exportRows={exportRows}
        banner={banner}
        footer={<ChartLegend items={legendItems} hidden={hidden} onToggle={toggle} compact={compact} />}
        height={plotHeight}
        compact={compact}
      >
        {model && width > 0 && (
          <div style={{ position: 'relative' }}>
            <MetricPlot
              lines={shown}
              mode={settings.xAxis}
              spanMs={model.spanMs}
              logY={settings.logY}
              yDomain={model.yDomain}
              xExtent={model.xExtent ?? ZERO_EXTENT}
              yExtent={model.yExtent ?? (settings.logY ? LOG_EXTENT : ZERO_EXTENT)}
              xDomain={zoom?.xDomain ?? null}
              width={width}
              height={plotHeight}
              compact={compact}
              pointer={pointer}
              geometry={geometry}
              onZoom={onZoom}
              onReset={onReset}
            />
            <ChartTooltip pointer={pointer} geometry={geometry} lines={shown} mode={settings.xAxis} spanMs={model.spanMs} band={groups ? band : undefined} width={width} />
          </div>
        )}
      </ChartFrame>
    </div>
  );
}
