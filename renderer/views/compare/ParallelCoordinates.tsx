// Parallel coordinates, drawn as SVG: one vertical axis per chosen param
// (numbers linear, text categorical), a last axis for a metric, one line per run.
import { Group, MultiSelect, Select, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import type { CellValue, RunRow } from '../../../shared/runQuery';
import { ChartFrame } from '../../charts/ChartFrame';
import { formatMetric } from '../../format/number';
import { metricLast } from './leaderboard';
import { paramValue } from './paramsDiff';
import { axisMarks, axisPosition, buildAxis, type ParallelAxis } from './parallelAxes';
import { Section } from './Section';

interface Props {
  rows: RunRow[];
  params: string[];
  /** Params that differ between the runs, most telling first: the default axes. */
  differing: string[];
  metrics: string[];
  colors: Record<string, string>;
  onWantMetrics(keys: string[]): void;
}

const HEIGHT = 380;
const MARGIN = { top: 44, right: 70, bottom: 48, left: 70 };
const MAX_DEFAULT_AXES = 6;
/** Categorical axes label at most this many categories (evenly picked). */
const MAX_LABELS = 12;

interface Dimension {
  label: string;
  axis: ParallelAxis;
  values: CellValue[];
}

function marksToShow(axis: ParallelAxis): { label: string; position: number }[] {
  const marks = axisMarks(axis);
  if (marks.length <= MAX_LABELS) return marks;
  const every = Math.ceil(marks.length / MAX_LABELS);
  return marks.filter((_, i) => i % every === 0);
}

/** Dimmed text with a ring of the page color, readable over the lines in either theme. */
const halo = {
  fill: 'var(--mantine-color-dimmed)',
  stroke: 'var(--mantine-color-body)',
  strokeWidth: 3,
  paintOrder: 'stroke',
  strokeLinejoin: 'round',
} as const;

const shorten = (text: string, max = 14): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function ParallelCoordinates({ rows, params, differing, metrics, colors, onWantMetrics }: Props) {
  const [axes, setAxes] = useState<string[] | null>(null);
  const [metric, setMetric] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const { ref, width } = useElementSize();

  const chosenAxes = (axes ?? differing.slice(0, MAX_DEFAULT_AXES)).filter((name) => params.includes(name));
  const chosenMetric = metric !== null && metrics.includes(metric) ? metric : (metrics[0] ?? null);
  useEffect(() => {
    if (chosenMetric) onWantMetrics([chosenMetric]);
  }, [chosenMetric, onWantMetrics]);

  const dimensions: Dimension[] = chosenAxes.map((name) => {
    const values = rows.map((row) => paramValue(row, name));
    return { label: name, axis: buildAxis(values), values };
  });
  if (chosenMetric) {
    const values = rows.map((row) => metricLast(row, chosenMetric));
    dimensions.push({ label: chosenMetric, axis: buildAxis(values), values });
  }

  const plotWidth = Math.max(0, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const missingY = MARGIN.top + plotHeight + 22;
  const x = (i: number): number => MARGIN.left + (dimensions.length < 2 ? plotWidth / 2 : (i * plotWidth) / (dimensions.length - 1));
  const y = (position: number | null): number => (position === null ? missingY : MARGIN.top + (1 - position) * plotHeight);
  const hoveredRow = rows.find((row) => row.id === hovered) ?? null;

  const exportRows = () => ({
    columns: ['run', ...dimensions.map((d) => d.label)],
    rows: rows.map((row, r) => [row.name, ...dimensions.map((d) => d.values[r])]),
  });

  return (
    <Section
      title="Parallel coordinates"
      testId="parallel-coordinates"
      actions={
        <Group gap="sm" align="flex-end">
          <MultiSelect
            label="Param axes"
            size="xs"
            w={360}
            data={params}
            value={chosenAxes}
            onChange={setAxes}
            searchable
            clearable
            placeholder="Pick params"
            data-testid="parallel-axes"
          />
          <Select
            label="Metric axis"
            size="xs"
            w={220}
            data={metrics}
            value={chosenMetric}
            onChange={setMetric}
            searchable
            limit={200}
            data-testid="parallel-metric"
          />
        </Group>
      }
    >
      <ChartFrame
        title={dimensions.map((d) => d.label).join(' · ')}
        state={
          dimensions.length === 0
            ? { status: 'empty', title: 'No axes', description: 'Pick at least one param, or a metric, to draw an axis.' }
            : { status: 'ready' }
        }
        exportName="parallel-coordinates"
        exportRows={exportRows}
        height={HEIGHT + 18}
        compact
      >
        <div ref={ref} style={{ position: 'relative', width: '100%' }}>
          <Text size="xs" c="dimmed" h={18} data-testid="parallel-hovered">
            {hoveredRow ? hoveredRow.name : 'Hover a line to see its run.'}
          </Text>
          {width > 0 && (
            <svg width={width} height={HEIGHT} role="img" aria-label="Parallel coordinates of the compared runs">
              {rows.map((row, r) => {
                const points = dimensions.map((d, i) => `${x(i)},${y(axisPosition(d.axis, d.values[r]))}`).join(' ');
                const active = hovered === null || hovered === row.id;
                return (
                  <g key={row.id} data-run-id={row.id}>
                    <polyline
                      points={points}
                      fill="none"
                      stroke={colors[row.id]}
                      strokeWidth={1.8}
                      strokeOpacity={active ? 0.9 : 0.15}
                      pointerEvents="none"
                    />
                    {/* A wide invisible twin, so a thin line is easy to hover. */}
                    <polyline
                      points={points}
                      fill="none"
                      stroke="transparent"
                      strokeWidth={10}
                      pointerEvents="stroke"
                      style={{ cursor: 'pointer' }}
                      onMouseEnter={() => setHovered(row.id)}
                      onMouseLeave={() => setHovered((id) => (id === row.id ? null : id))}
                    >
                      <title>{row.name}</title>
                    </polyline>
                  </g>
                );
              })}
              {/* The hovered line again on top so nothing hides it. */}
              {hoveredRow && (
                <polyline
                  points={dimensions.map((d, i) => `${x(i)},${y(axisPosition(d.axis, d.values[rows.indexOf(hoveredRow)]))}`).join(' ')}
                  fill="none"
                  stroke={colors[hoveredRow.id]}
                  strokeWidth={3.5}
                  pointerEvents="none"
                />
              )}
              {dimensions.map((d, i) => (
                <g key={d.label} transform={`translate(${x(i)},0)`}>
                  <line y1={MARGIN.top} y2={MARGIN.top + plotHeight} stroke="var(--mantine-color-default-border)" strokeWidth={1.5} />
                  <text y={MARGIN.top - 18} textAnchor="middle" fontSize={12} fontWeight={600} fill="var(--mantine-color-text)">
                    <title>{d.label}</title>
                    {shorten(d.label, 20)}
                  </text>
                  {marksToShow(d.axis).map((mark) => (
                    <g key={mark.label} transform={`translate(0,${y(mark.position)})`}>
                      <line x1={-4} x2={0} stroke="var(--mantine-color-default-border)" />
                      <text x={-7} dy="0.32em" textAnchor="end" fontSize={10} {...halo}>
                        {d.axis.kind === 'linear' ? formatMetric(Number(mark.label)) : shorten(mark.label)}
                      </text>
                    </g>
                  ))}
                  {d.values.some((v) => axisPosition(d.axis, v) === null) && (
                    <text y={missingY} dy="0.32em" x={-7} textAnchor="end" fontSize={10} {...halo}>
                      <title>No value (or NaN, ±∞)</title>—
                    </text>
                  )}
                </g>
              ))}
            </svg>
          )}
        </div>
      </ChartFrame>
    </Section>
  );
}
