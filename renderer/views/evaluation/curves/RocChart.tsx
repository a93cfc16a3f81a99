// The ROC curve with its AUC and the chance diagonal; hovering previews a threshold.
import { useMemo } from 'react';
import type { BinaryEvaluation, CumulativeTable } from '../../../../shared/evaluation/types';
import { xyLayout } from '../../../charts/xy/layout';
import { XYLine, XYSegment } from '../../../charts/xy/series';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { metricText } from '../metricText';
import { CURVE_COLOR } from './colors';
import { CURVE_HEIGHT, CurveFrame } from './CurveFrame';
import { rocDrawn, rocRows, type DrawnCurve } from './curveModels';
import { CurveTooltip } from './CurveTooltip';
import { RocMarker } from './OperatingMarkers';
import { useCurveHover } from './useCurveHover';

const unit: { x: [number, number]; y: [number, number] } = { x: [0, 1], y: [0, 1] };

function RocPlot({ width, curve, table }: { width: number; curve: DrawnCurve; table: CumulativeTable }) {
  const layout = useMemo(() => xyLayout(width, CURVE_HEIGHT, unit), [width]);
  const { store, handlers } = useCurveHover(layout, curve);
  return (
    <XYPlot
      layout={layout}
      xLabel="False positive rate"
      yLabel="True positive rate"
      label="ROC curve"
      testId="roc-plot"
      pointer={handlers}
      overlay={<RocMarker layout={layout} table={table} />}
      tooltip={<CurveTooltip store={store} layout={layout} curve={curve} xName="False positive rate" yName="True positive rate" />}
    >
      <XYSegment layout={layout} from={[0, 0]} to={[1, 1]} />
      <XYLine layout={layout} xs={curve.xs} ys={curve.ys} color={CURVE_COLOR} testId="roc-line" />
    </XYPlot>
  );
}

/** Why a binary chart needing both classes cannot be drawn, or null. */
export function bothClassesMissing(table: CumulativeTable): { title: string; description: string } | null {
  if (table.positives > 0 && table.negatives > 0) return null;
  const missing = table.positives === 0 ? 'positive' : 'negative';
  return { title: `No ${missing} rows`, description: `This curve needs rows of both classes; every row read is ${missing === 'positive' ? 'negative' : 'positive'}.` };
}

export function RocChart({ evaluation }: { evaluation: BinaryEvaluation }) {
  const { table } = evaluation;
  const curve = useMemo(() => rocDrawn(table), [table]);
  return (
    <CurveFrame
      title={`ROC curve · AUC ${metricText(evaluation.metrics.roc_auc)}`}
      exportName="roc-curve"
      exportRows={() => rocRows(table)}
      empty={bothClassesMissing(table)}
      testId="roc-chart"
    >
      {(width) => <RocPlot width={width} curve={curve} table={table} />}
    </CurveFrame>
  );
}
