// The result: the features sorted by mean importance, bars with mean ± std,
// the baseline score and what a unit of importance is; the top features
// first, "Show all" for the rest.
import { Button, Text } from '@mantine/core';
import { CHART_FRAME_PADDING, ChartFrame } from '../../../charts/ChartFrame';
import { useWidth } from '../../../charts/useWidth';
import { baselineText, scorerLabels } from '../../../stores/importance/selectors';
import { ImportanceBars } from './ImportanceBars';
import { MAX_DRAWN_FEATURES, TOP_FEATURES, useImportanceChart } from './useImportanceChart';

export function ImportanceChart() {
  const { state, job, result, bars, total, showAll, setShowAll, exportRows } = useImportanceChart();
  // Measured outside the frame: its body exists only once the result is ready.
  const [ref, outer] = useWidth();
  const width = Math.max(0, outer - 2 * CHART_FRAME_PADDING - 2);
  const more = total > TOP_FEATURES;
  const title = result ? `Permutation importance · ${result.repeats} repeat${result.repeats === 1 ? '' : 's'}${result.seed === null ? '' : ` · seed ${result.seed}`}` : 'Permutation importance';
  return (
    <div ref={ref} data-testid="importance-chart" data-job-id={job?.id} data-features={total}>
      <ChartFrame
        title={title}
        state={state}
        exportName={job ? `importance-job-${job.id}` : 'importance'}
        exportRows={exportRows}
        height={120}
        actions={
          more && (
            <Button size="compact-xs" variant="subtle" onClick={() => setShowAll(!showAll)} data-testid="importance-show-all">
              {showAll ? `Top ${TOP_FEATURES}` : `Show all ${total.toLocaleString('en-US')}`}
            </Button>
          )
        }
        banner={
          result && (
            <Text size="xs" c="dimmed" mb={4} data-testid="importance-baseline">
              {baselineText(result)}
              {bars.length < total ? ` · the top ${bars.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} features` : ''}
              {showAll && total > MAX_DRAWN_FEATURES ? ' (the CSV export has all)' : ''}
            </Text>
          )
        }
      >
        {width > 0 && result && <ImportanceBars width={width} bars={bars} xLabel={`Drop in ${scorerLabels[result.scorer]} (mean ± std)`} />}
      </ChartFrame>
    </div>
  );
}
