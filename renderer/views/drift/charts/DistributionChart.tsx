// Reference and current distributions of one column, overlaid: shares per
// shared bin (numerical) or grouped bars per category with new and vanished
// categories flagged in the axis label.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ColumnDistribution } from '../../../../shared/drift/monitor';
import { formatShare } from '../../../stores/drift/describe';
import { CURRENT_COLOR, DIMMED, GRID_COLOR, REFERENCE_COLOR } from '../parts';
import { distributionRows } from './distributionRows';

const statusMark = { both: '', new: ' (new)', vanished: ' (vanished)' } as const;

export function DistributionChart({ distribution, height = 280, testId = 'distribution-chart' }: { distribution: ColumnDistribution; height?: number; testId?: string }) {
  const rows = distributionRows(distribution).map((row) => ({ ...row, axis: `${row.label}${statusMark[row.status]}` }));
  const numeric = distribution.bins !== null;
  // Slanted names only when many categories share the axis.
  const slanted = !numeric && rows.length > 8;
  return (
    <div style={{ width: '100%', height }} data-testid={testId} data-kind={numeric ? 'bins' : 'categories'} data-bars={rows.length}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: slanted ? 24 : 4, left: 4 }} barGap={2} barCategoryGap={numeric ? 1 : '20%'}>
          <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" vertical={false} />
          {/* Numerical: the current's bars on a hidden second axis, so they overlay the reference's in the same bin. */}
          {numeric && <XAxis xAxisId="current" dataKey="axis" hide />}
          <XAxis dataKey="axis" stroke={DIMMED} fontSize={10} interval="preserveStartEnd" minTickGap={8} angle={slanted ? -25 : 0} textAnchor={slanted ? 'end' : 'middle'} height={slanted ? 60 : 30} />
          <YAxis tickFormatter={(v: number) => formatShare(v)} stroke={DIMMED} fontSize={11} width={52} />
          <Tooltip cursor={{ fill: 'var(--mantine-color-default-hover)', fillOpacity: 0.6 }} formatter={(value) => (typeof value === 'number' ? formatShare(value) : String(value))} contentStyle={{ background: 'var(--mantine-color-body)', borderColor: GRID_COLOR, fontSize: 12 }} isAnimationActive={false} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <Bar dataKey="reference" name="reference" fill={REFERENCE_COLOR} fillOpacity={numeric ? 0.45 : 0.8} isAnimationActive={false} data-testid="distribution-reference" />
          <Bar dataKey="current" name="current" {...(numeric ? { xAxisId: 'current' } : {})} fill={CURRENT_COLOR} fillOpacity={numeric ? 0.4 : 0.8} stroke={numeric ? CURRENT_COLOR : undefined} strokeWidth={numeric ? 1.5 : 0} isAnimationActive={false} data-testid="distribution-current" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
