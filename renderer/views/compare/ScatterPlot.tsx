// Any param or metric against any metric, one point per run in its color.
import { Group, Paper, Select, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { CartesianGrid, Cell, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunRow } from '../../../shared/runQuery';
import { ChartFrame } from '../../charts/ChartFrame';
import { formatMetric } from '../../format/number';
import { scatterPoints, type ScatterAxis, type ScatterPoint } from './scatterData';
import { Section } from './Section';

interface Props {
  rows: RunRow[];
  params: string[];
  metrics: string[];
  colors: Record<string, string>;
  /** The x shown until one is picked: a numeric param that differs, when there is one. */
  defaultX: string | null;
  onWantMetrics(keys: string[]): void;
}

const encode = (axis: ScatterAxis): string => `${axis.kind}:${axis.name}`;
const decode = (value: string): ScatterAxis =>
  value.startsWith('param:') ? { kind: 'param', name: value.slice(6) } : { kind: 'metric', name: value.slice(7) };

const tick = (value: unknown): string => (typeof value === 'number' ? formatMetric(value) : String(value));

function PointTooltip({ active, payload, xLabel, yLabel }: { active?: boolean; payload?: { payload: ScatterPoint }[]; xLabel: string; yLabel: string }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <Paper withBorder shadow="sm" p={6} radius="sm">
      <Text size="sm" fw={600} c={point.color}>
        {point.name}
      </Text>
      <Text size="xs">
        {xLabel}: {tick(point.x)}
      </Text>
      <Text size="xs">
        {yLabel}: {formatMetric(point.y)}
      </Text>
    </Paper>
  );
}

export function ScatterPlot({ rows, params, metrics, colors, defaultX, onWantMetrics }: Props) {
  const [xChoice, setXChoice] = useState<string | null>(null);
  const [yChoice, setYChoice] = useState<string | null>(null);

  const xOptions = [
    { group: 'Params', items: params.map((name) => ({ value: `param:${name}`, label: name })) },
    { group: 'Metrics', items: metrics.map((name) => ({ value: `metric:${name}`, label: name })) },
  ];
  const validX = (value: string | null): value is string =>
    value !== null && (value.startsWith('param:') ? params.includes(value.slice(6)) : metrics.includes(value.slice(7)));
  const fallbackX = defaultX !== null ? `param:${defaultX}` : metrics.length > 1 ? `metric:${metrics[1]}` : params.length ? `param:${params[0]}` : null;
  const xValue = validX(xChoice) ? xChoice : validX(fallbackX) ? fallbackX : null;
  const yMetric = yChoice !== null && metrics.includes(yChoice) ? yChoice : (metrics[0] ?? null);
  const x = xValue ? decode(xValue) : null;

  useEffect(() => {
    const keys = [yMetric, x?.kind === 'metric' ? x.name : null].filter((k): k is string => k !== null);
    if (keys.length) onWantMetrics(keys);
  }, [yMetric, x?.kind, x?.name, onWantMetrics]);

  const data = x && yMetric ? scatterPoints(rows, x, yMetric, colors) : null;
  const xLabel = x?.name ?? '';

  return (
    <Section
      title="Scatter"
      testId="scatter-plot"
      actions={
        <Group gap="sm" align="flex-end">
          <Select label="x" size="xs" w={220} data={xOptions} value={xValue} onChange={setXChoice} searchable limit={200} allowDeselect={false} data-testid="scatter-x" />
          <Select label="y" size="xs" w={220} data={metrics} value={yMetric} onChange={setYChoice} searchable limit={200} allowDeselect={false} data-testid="scatter-y" />
        </Group>
      }
    >
      <ChartFrame
        title={`${yMetric ?? ''} vs ${xLabel}`}
        state={
          !data || data.points.length === 0
            ? {
                status: 'empty',
                title: 'Nothing to plot',
                description: !data ? 'These runs have no metric to plot.' : 'No run has a value on both axes.',
              }
            : { status: 'ready' }
        }
        exportName="scatter"
        exportRows={() => ({
          columns: ['run', xLabel, yMetric ?? ''],
          rows: (data?.points ?? []).map((p) => [p.name, p.x, p.y]),
        })}
        height={340}
        compact
      >
        <div style={{ width: '100%', height: 340 }}>
          {data && (
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart margin={{ top: 10, right: 20, bottom: 24, left: 10 }}>
                <CartesianGrid stroke="var(--mantine-color-default-border)" strokeDasharray="3 3" />
                <XAxis
                  dataKey="x"
                  type={data.numericX ? 'number' : 'category'}
                  allowDuplicatedCategory={false}
                  domain={data.numericX ? ['auto', 'auto'] : undefined}
                  name={xLabel}
                  tickFormatter={tick}
                  stroke="var(--mantine-color-dimmed)"
                  fontSize={11}
                  label={{ value: xLabel, position: 'insideBottom', offset: -14, fill: 'var(--mantine-color-dimmed)', fontSize: 12 }}
                />
                <YAxis
                  dataKey="y"
                  type="number"
                  domain={['auto', 'auto']}
                  name={yMetric ?? ''}
                  tickFormatter={tick}
                  stroke="var(--mantine-color-dimmed)"
                  fontSize={11}
                  width={64}
                />
                <Tooltip cursor={{ strokeDasharray: '3 3' }} content={<PointTooltip xLabel={xLabel} yLabel={yMetric ?? ''} />} isAnimationActive={false} />
                <Scatter data={data.points} isAnimationActive={false}>
                  {data.points.map((point) => (
                    <Cell key={point.runId} fill={point.color} />
                  ))}
                </Scatter>
              </ScatterChart>
            </ResponsiveContainer>
          )}
        </div>
      </ChartFrame>
      {data && data.leftOut > 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          {data.leftOut} {data.leftOut === 1 ? 'run has' : 'runs have'} no usable value on one of the axes (missing, NaN or ±∞).
        </Text>
      )}
    </Section>
  );
}
