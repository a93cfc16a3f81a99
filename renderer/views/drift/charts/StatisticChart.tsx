// One drift statistic per batch (a column's, or the model score's): the
// batch line chart on the axis its method wants (log for p-values), with the
// threshold line when every batch used the same one.
import type { DriftMethod } from '../../../../shared/drift/stattests';
import { statisticLabel } from '../../../stores/drift/describe';
import { commonThreshold, type StatisticPoint } from '../../../stores/drift/selectors';
import { BatchLineChart } from './BatchLineChart';
import { axisKindOf } from './chartValues';

/** The method the series was computed with (its first batch that has one), or null. */
export function seriesMethod(series: readonly StatisticPoint[]): DriftMethod | null {
  return series.find((point) => point.method !== null)?.method ?? null;
}

export function StatisticChart({ series, selectedKey, onSelect, testId }: { series: StatisticPoint[]; selectedKey: string; onSelect: (key: string) => void; testId: string }) {
  const method = seriesMethod(series);
  return (
    <BatchLineChart
      points={series.map((point) => ({ key: point.key, label: point.label, value: point.statistic, drift: point.drift }))}
      kind={axisKindOf(method)}
      threshold={commonThreshold(series)}
      yLabel={statisticLabel(method)}
      selectedKey={selectedKey}
      onSelect={onSelect}
      testId={testId}
    />
  );
}
