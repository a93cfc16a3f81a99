// Cumulative gain (the share of positives found in the top-scored rows) or
// lift (that share over what random picking finds), with the operating point.
import { SegmentedControl } from '@mantine/core';
import { useMemo, useState } from 'react';
import { gainCurve, thinTable } from '../../../../shared/evaluation';
import type { BinaryEvaluation, CumulativeTable } from '../../../../shared/evaluation/types';
import { finiteExtent, niceDomain } from '../../../charts/xy/scale';
import { xyLayout } from '../../../charts/xy/layout';
import { XYLine, XYSegment } from '../../../charts/xy/series';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { CURVE_COLOR } from './colors';
import { CURVE_HEIGHT, CurveFrame } from './CurveFrame';
import { gainDrawn, gainRows, type DrawnCurve, type GainMode } from './curveModels';
import { CurveTooltip } from './CurveTooltip';
import { GainMarker } from './OperatingMarkers';
import { bothClassesMissing } from './RocChart';
import { useCurveHover } from './useCurveHover';

function GainPlot({ width, curve, mode, table }: { width: number; curve: DrawnCurve; mode: GainMode; table: CumulativeTable }) {
  const layout = useMemo(() => {
    const top = finiteExtent(curve.ys)?.[1] ?? 1;
    return xyLayout(width, CURVE_HEIGHT, { x: [0, 1], y: mode === 'gain' ? [0, 1] : niceDomain(0, Math.max(1, top), 5) });
  }, [width, curve, mode]);
  const { store, handlers } = useCurveHover(layout, curve);
  const yName = mode === 'gain' ? 'Share of positives found' : 'Lift';
  return (
    <XYPlot
      layout={layout}
      xLabel="Share of rows taken (highest scores first)"
      yLabel={yName}
      label={mode === 'gain' ? 'Cumulative gain' : 'Lift'}
      testId="gain-plot"
      pointer={handlers}
      overlay={<GainMarker layout={layout} table={table} lift={mode === 'lift'} />}
      tooltip={<CurveTooltip store={store} layout={layout} curve={curve} xName="Rows taken" yName={yName} />}
    >
      {mode === 'gain' ? <XYSegment layout={layout} from={[0, 0]} to={[1, 1]} /> : <XYSegment layout={layout} from={[0, 1]} to={[1, 1]} />}
      <XYLine layout={layout} xs={curve.xs} ys={curve.ys} color={CURVE_COLOR} />
    </XYPlot>
  );
}

/** Scores kept for drawing the gain, lift and cost curves; the exports hold every one. */
export const DRAWN_TABLE_ENTRIES = 4000;

export function GainChart({ evaluation }: { evaluation: BinaryEvaluation }) {
  const { table } = evaluation;
  const [mode, setMode] = useState<GainMode>('gain');
  // Drawn from a thinned table (exact at every kept score): a million point objects would take seconds to build.
  const points = useMemo(() => gainCurve(thinTable(table, DRAWN_TABLE_ENTRIES)), [table]);
  const curve = useMemo(() => gainDrawn(points, mode), [points, mode]);
  return (
    <CurveFrame
      title={mode === 'gain' ? 'Cumulative gain' : 'Lift'}
      exportName={mode === 'gain' ? 'cumulative-gain' : 'lift'}
      exportRows={() => gainRows(gainCurve(table))}
      empty={bothClassesMissing(table)}
      actions={
        <SegmentedControl
          size="xs"
          data-testid="gain-mode"
          value={mode}
          onChange={(value) => setMode(value as GainMode)}
          data={[
            { value: 'gain', label: 'Gain' },
            { value: 'lift', label: 'Lift' },
          ]}
        />
      }
      testId="gain-chart"
    >
      {(width) => <GainPlot width={width} curve={curve} mode={mode} table={table} />}
    </CurveFrame>
  );
}
