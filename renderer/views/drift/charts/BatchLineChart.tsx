// One value per batch as a line over the batches (oldest left), with the
// threshold as a dashed line, drifted batches marked red and the selected
// batch ringed; clicking a point selects that batch. Used by the dataset
// share, a column's statistic and the prediction drift over time.
import { Paper, Text } from '@mantine/core';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric } from '../../../format/number';
import { DIMMED, DRIFT_COLOR, GRID_COLOR, STABLE_COLOR } from '../parts';
import { drawnValue, P_FLOOR, yDomain, type AxisKind } from './chartValues';

export interface BatchValue {
  key: string;
  label: string;
  value: number;
  drift: boolean;
}

interface Props {
  points: readonly BatchValue[];
  kind: AxisKind;
  threshold: number | null;
  yLabel: string;
  selectedKey: string | null;
  onSelect(key: string): void;
  testId: string;
  height?: number;
}

interface Row extends BatchValue {
  y: number | null;
}

const tick = (value: unknown): string => (typeof value === 'number' ? formatMetric(value) : String(value));

function logTicks([low]: [number, number]): number[] {
  const ticks: number[] = [];
  const step = Math.max(1, Math.ceil(-Math.log10(low) / 6));
  for (let e = 0; Math.pow(10, -e) >= low; e += step) ticks.push(Math.pow(10, -e));
  return ticks;
}

function ValueTooltip({ active, payload, kind, yLabel }: { active?: boolean; payload?: { payload: Row }[]; kind: AxisKind; yLabel: string }) {
  const row = active ? payload?.[0]?.payload : undefined;
  if (!row) return null;
  const floored = kind === 'p-value' && Number.isFinite(row.value) && row.value < P_FLOOR;
  return (
    <Paper withBorder shadow="sm" p={6} radius="sm">
      <Text size="sm" fw={600}>
        {row.label}
      </Text>
      <Text size="xs">
        {yLabel}: {formatMetric(row.value)}
        {floored ? ` (drawn at ${formatMetric(P_FLOOR)})` : ''}
      </Text>
      <Text size="xs" c={row.drift ? 'red' : 'dimmed'}>
        {row.drift ? 'drift' : 'no drift'}
      </Text>
    </Paper>
  );
}

export function BatchLineChart({ points, kind, threshold, yLabel, selectedKey, onSelect, testId, height = 220 }: Props) {
  const rows: Row[] = points.map((point) => ({ ...point, y: drawnValue(point.value, kind) }));
  const domain = yDomain(
    rows.map((r) => r.y),
    kind,
    threshold,
  );
  const log = kind === 'p-value';
  const drawnThreshold = threshold === null ? null : drawnValue(threshold, kind);
  return (
    <div style={{ width: '100%', height }} data-testid={testId} data-points={rows.length} data-threshold={threshold ?? ''}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" />
          <XAxis dataKey="key" tickFormatter={(key: string) => rows.find((r) => r.key === key)?.label ?? key} stroke={DIMMED} fontSize={11} interval="preserveStartEnd" minTickGap={12} />
          <YAxis
            type="number"
            scale={log ? 'log' : 'linear'}
            domain={domain}
            ticks={log ? logTicks(domain) : undefined}
            tickFormatter={tick}
            stroke={DIMMED}
            fontSize={11}
            width={58}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', fill: DIMMED, fontSize: 11, style: { textAnchor: 'middle' } }}
          />
          {drawnThreshold !== null && (
            <ReferenceLine y={drawnThreshold} stroke={DRIFT_COLOR} strokeDasharray="5 4" ifOverflow="extendDomain" label={{ value: `threshold ${formatMetric(threshold)}`, position: 'insideTopRight', fill: DIMMED, fontSize: 11 }} />
          )}
          <Tooltip content={<ValueTooltip kind={kind} yLabel={yLabel} />} cursor={{ stroke: GRID_COLOR }} isAnimationActive={false} />
          <Line
            dataKey="y"
            type="linear"
            stroke={STABLE_COLOR}
            strokeWidth={2}
            isAnimationActive={false}
            connectNulls={false}
            activeDot={false}
            dot={(props: { cx?: number; cy?: number; index?: number; payload?: Row }) => {
              const row = props.payload;
              if (!row || props.cx === undefined || props.cy === undefined || row.y === null) return <g key={`empty-${props.index}`} />;
              const selected = row.key === selectedKey;
              return (
                <g key={row.key} data-testid={`${testId}-point`} data-key={row.key} data-drift={String(row.drift)} style={{ cursor: 'pointer' }} onClick={() => onSelect(row.key)}>
                  <circle cx={props.cx} cy={props.cy} r={10} fill="transparent" />
                  <circle cx={props.cx} cy={props.cy} r={selected ? 6 : 4} fill={row.drift ? DRIFT_COLOR : STABLE_COLOR} stroke={selected ? 'var(--mantine-color-text)' : 'var(--mantine-color-body)'} strokeWidth={selected ? 2 : 1} />
                </g>
              );
            }}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
