// The Compare area: 2 to 100 runs side by side — params that differ, metric
// charts, parallel coordinates, a scatter, a leaderboard and their
// evaluations on a shared prediction set, stacked.
import { Alert, ScrollArea, Stack } from '@mantine/core';
import { Info } from 'lucide-react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { runColor } from '../../charts/palette';
import { AreaBoundary } from '../../components/AreaBoundary';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { selectComparedRunIds } from '../../stores/ui/selectors';
import { useUiStore } from '../../stores/ui/store';
import type { RunRow } from '../../../shared/runQuery';
import { CompareCharts } from './CompareCharts';
import { CompareEmpty } from './CompareEmpty';
import { CompareEvaluation } from './CompareEvaluation';
import { CompareHeader } from './CompareHeader';
import { assignColors, type ColorBy } from './colorBy';
import { goneNotice } from './comparePlan';
import { useCompareView } from './compareViewState';
import { LazyMount } from './LazyMount';
import { Leaderboard } from './Leaderboard';
import { ParallelCoordinates } from './ParallelCoordinates';
import { ParamsDiff } from './ParamsDiff';
import { diffParams, isNumericParam, rankDiffering } from './paramsDiff';
import { ScatterPlot } from './ScatterPlot';
import { compareStore, useComparedRuns } from './useComparedRuns';

const noKeys: string[] = [];
const runColoring: ColorBy = { kind: 'run' };

/** The color of each run, the same object while the rows and the choice are the same (charts redraw on a new one). */
function useColors(rows: RunRow[], colorBy: ColorBy): Record<string, string> {
  return useMemo(() => assignColors(rows, colorBy, runColor).byRun, [rows, colorBy]);
}

function GoneNotice({ gone }: { gone: string[] }) {
  if (gone.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<Info size={18} />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => compareStore.getState().dismissGone()}
      data-testid="compare-gone-notice"
    >
      {goneNotice(gone)}
    </Alert>
  );
}

export function CompareView() {
  const comparedIds = useUiStore(useShallow(selectComparedRunIds));
  const { rows, available, plan, status, error, gone } = useComparedRuns();
  const colorByChoice = useCompareView((s) => s.colorBy);
  const wantMetrics = compareStore.getState().wantMetrics;

  const params = plan?.params ?? noKeys;
  const metrics = useMemo(() => [...(available?.metrics ?? [])].sort((a, b) => a.localeCompare(b)), [available]);
  const loadedMetrics = plan?.metrics ?? noKeys;
  const colorBy: ColorBy = colorByChoice.kind === 'param' && !params.includes(colorByChoice.name) ? runColoring : colorByChoice;
  const colors = useColors(rows, colorBy);
  const ranked = useMemo(() => rankDiffering(diffParams(rows, params).differing), [rows, params]);
  const differing = useMemo(() => ranked.map((p) => p.name), [ranked]);
  const numericDiffering = useMemo(() => ranked.filter(isNumericParam).map((p) => p.name), [ranked]);

  if (comparedIds.length < 2) {
    return (
      <ScrollArea h="100%" data-testid="compare-view">
        <Stack p="md">
          <GoneNotice gone={gone} />
          <CompareEmpty count={comparedIds.length} />
        </Stack>
      </ScrollArea>
    );
  }

  return (
    <ScrollArea h="100%" data-testid="compare-view" type="auto">
      <Stack p="md" gap="md">
        <GoneNotice gone={gone} />
        {status === 'error' && error && (
          <ErrorState title="Could not load the compared runs" error={error} onRetry={() => void compareStore.getState().refresh()} />
        )}
        {rows.length === 0 && status === 'loading' && <LoadingState label={`Loading ${comparedIds.length} runs…`} />}
        {rows.length > 0 && (
          <>
            <CompareHeader rows={rows} params={params} colors={colors} />
            <AreaBoundary area="The params diff">
              <ParamsDiff rows={rows} params={params} colors={colors} leftOut={plan?.paramsLeftOut ?? 0} />
            </AreaBoundary>
            <AreaBoundary area="The charts">
              <CompareCharts rows={rows} metrics={metrics} params={params} colors={colors} />
            </AreaBoundary>
            <AreaBoundary area="The parallel coordinates">
              <ParallelCoordinates rows={rows} params={params} differing={differing} metrics={metrics} colors={colors} onWantMetrics={wantMetrics} />
            </AreaBoundary>
            <AreaBoundary area="The scatter plot">
              <ScatterPlot rows={rows} params={params} defaultX={numericDiffering[0] ?? null} metrics={metrics} colors={colors} onWantMetrics={wantMetrics} />
            </AreaBoundary>
            <AreaBoundary area="The leaderboard">
              <Leaderboard rows={rows} metrics={metrics} loaded={loadedMetrics} colors={colors} onWantMetrics={wantMetrics} />
            </AreaBoundary>
            <AreaBoundary area="The evaluation comparison">
              {/* Asks for each run's prediction sets only once it is scrolled near. */}
              <LazyMount height={200}>
                <CompareEvaluation rows={rows} colors={colors} />
              </LazyMount>
            </AreaBoundary>
          </>
        )}
      </Stack>
    </ScrollArea>
  );
}
