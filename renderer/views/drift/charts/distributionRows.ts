// A column's two distributions as chart rows: one row per shared bin
// (numerical) or per category (categorical, new and vanished flagged), with
// the reference's and the current's share side by side. Non-finite shares
// become 0 (a bar of no height) so that no bar is drawn from NaN.
import type { ColumnDistribution } from '../../../../shared/drift/monitor';
import { formatMetric } from '../../../format/number';

export interface DistributionRow {
  label: string;
  reference: number;
  current: number;
  status: 'both' | 'new' | 'vanished';
}

const share = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function distributionRows(distribution: ColumnDistribution): DistributionRow[] {
  if (distribution.bins) {
    const { edges, reference, current } = distribution.bins;
    return reference.map((_, i) => ({
      label: `${formatMetric(edges[i])} – ${formatMetric(edges[i + 1])}`,
      reference: share(reference[i]),
      current: share(current[i]),
      status: 'both',
    }));
  }
  return (distribution.categories ?? []).map((category) => ({
    label: category.value,
    reference: share(category.reference),
    current: share(category.current),
    status: category.status,
  }));
}
