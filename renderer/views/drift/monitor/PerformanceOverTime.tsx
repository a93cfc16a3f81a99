// The model's performance per batch: measured on the batches that carry
// labels (solid), the reference's as a horizontal line, and CBPE's estimate
// (dashed, with its ±3 standard error band) — strong where labels have not
// arrived, faint where they have — with the estimate's assumptions below.
import { Group, SegmentedControl, Text } from '@mantine/core';
import { useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { performanceMetrics, type DriftBatch, type MonitorDetail, type PerformanceMetric } from '../../../../shared/drift/monitor';
import { formatMetric } from '../../../format/number';
import { metricLabels } from '../../../stores/drift/describe';
import { openDrift } from '../../../stores/drift/route';
import { performanceSeries } from '../../../stores/drift/selectors';
import { performanceDomain, performanceRows, performanceTicks, type PerformanceRow as Row } from './performanceRows';
import { DIMMED, GRID_COLOR, Panel, REFERENCE_COLOR } from '../parts';

const MEASURED = 'var(--mantine-color-blue-6)';
const ESTIMATED = 'var(--mantine-color-violet-5)';

function PerformanceTooltip({ active, payload, metric }: { active?: boolean; payload?: { payload: Row }[]; metric: string }) {
  const row = active ? payload?.[0]?.payload : undefined;
  if (!row) return null;
  return (
    <div style={{ background: 'var(--mantine-color-body)', border: `1px solid ${GRID_COLOR}`, borderRadius: 4, padding: 6 }}>
      <Text size="sm" fw={600}>
        {row.label}
      </Text>
      <Text size="xs">
        {metric} measured: {row.labeled ? formatMetric(row.measured) : 'no labels'}
      </Text>
      <Text size="xs">
        estimated: {formatMetric(row.estimate)}
        {row.band ? ` (${formatMetric(row.band[0])} – ${formatMetric(row.band[1])})` : ''}
      </Text>
    </div>
  );
}

export function PerformanceOverTime({ detail, batch }: { detail: MonitorDetail; batch: DriftBatch }) {
  const [metric, setMetric] = useState<PerformanceMetric>('accuracy');
  const rows = performanceRows(performanceSeries(detail.batches, metric));
  const reference = detail.referencePerformance?.[metric];
  const domain = performanceDomain(rows, reference ?? null);
  const select = (key: string): void => openDrift({ view: 'monitor', id: detail.monitor.id, batch: key });
  const label = metricLabels[metric];
  return (
    <Panel
      title="Performance over time"
      testId="drift-performance"
      actions={<SegmentedControl size="xs" value={metric} onChange={(value) => setMetric(value as PerformanceMetric)} data={performanceMetrics.map((m) => ({ value: m, label: metricLabels[m] }))} data-testid="performance-metric" />}
    >
      <div style={{ width: '100%', height: 260 }} data-testid="performance-chart" data-measured={rows.filter((r) => r.measuredY !== null).length} data-estimated={rows.filter((r) => !r.labeled && r.estimateAll !== null).length}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }} onClick={(state) => {
            const index = Number((state as { activeTooltipIndex?: unknown } | null)?.activeTooltipIndex);
            if (Number.isInteger(index) && rows[index]) select(rows[index].key);
          }}>
            <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" />
            <XAxis dataKey="key" tickFormatter={(key: string) => rows.find((r) => r.key === key)?.label ?? key} stroke={DIMMED} fontSize={11} interval="preserveStartEnd" minTickGap={12} />
            <YAxis type="number" domain={domain} ticks={performanceTicks(domain)} allowDataOverflow tickFormatter={(v: number) => formatMetric(v)} stroke={DIMMED} fontSize={11} width={44} />
            <Tooltip content={<PerformanceTooltip metric={label} />} isAnimationActive={false} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Area dataKey="bandY" name="estimate band (±3 SE)" stroke="none" fill={ESTIMATED} fillOpacity={0.15} isAnimationActive={false} connectNulls={false} activeDot={false} />
            {reference !== undefined && Number.isFinite(reference) && (
              <ReferenceLine y={reference} stroke={REFERENCE_COLOR} strokeDasharray="2 3" label={{ value: `reference ${formatMetric(reference)}`, position: 'insideBottomRight', fill: DIMMED, fontSize: 11 }} />
            )}
            <Line dataKey="estimateAll" name="estimated (labeled batches)" stroke={ESTIMATED} strokeOpacity={0.35} strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls={false} legendType="none" />
            <Line dataKey="estimateUnlabeled" name="estimated (CBPE)" stroke={ESTIMATED} strokeWidth={2} strokeDasharray="6 4" dot={{ r: 3 }} isAnimationActive={false} connectNulls={false} />
            <Line dataKey="measuredY" name={`${label} measured`} stroke={MEASURED} strokeWidth={2} dot={(props: { cx?: number; cy?: number; payload?: Row; index?: number }) =>
              props.cx === undefined || props.cy === undefined || props.payload?.measuredY === null ? <g key={`m${props.index}`} /> : (
                <circle key={`m${props.index}`} cx={props.cx} cy={props.cy} r={props.payload?.key === batch.key ? 5 : 3} fill={MEASURED} stroke="var(--mantine-color-body)" data-testid="performance-point" />
              )
            } isAnimationActive={false} connectNulls={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <Group gap="xs">
        <Text size="xs" c="dimmed" data-testid="estimate-assumptions">
          {detail.estimateAssumptions ?? 'No estimate: it needs a two-class model and a reference with labels.'}
        </Text>
      </Group>
    </Panel>
  );
}
