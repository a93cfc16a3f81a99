// The precision-recall curve (steps, as scikit-learn's display draws it) with
// its average precision and the chance level; hovering previews a threshold.
import { useMemo } from 'react';
import type { BinaryEvaluation, CumulativeTable } from '../../../../shared/evaluation/types';
import { xyLayout } from '../../../charts/xy/layout';
import { XYLine, XYSegment } from '../../../charts/xy/series';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { formatMetric } from '../../../format/number';
import { metricText } from '../metricText';
import { CURVE_COLOR } from './colors';
import { CURVE_HEIGHT, CurveFrame } from './CurveFrame';
import { prDrawn, prevalence, prRows, type DrawnCurve } from './curveModels';
import { CurveTooltip } from './CurveTooltip';
import { PrMarker } from './OperatingMarkers';
import { bothClassesMissing } from './RocChart';
import { useCurveHover } from './useCurveHover';

const unit: { x: [number, number]; y: [number, number] } = { x: [0, 1], y: [0, 1] };

function PrPlot({ width, curve, table }: { width: number; curve: DrawnCurve; table: CumulativeTable }) {
  const layout = useMemo(() => xyLayout(width, CURVE_HEIGHT, unit), [width]);
  const { store, handlers } = useCurveHover(layout, curve);
  const chance = prevalence(table);
  return (
    <XYPlot
      layout={layout}
      xLabel="Recall"
      yLabel="Precision"
      label="Precision-recall curve"
      testId="pr-plot"
      pointer={handlers}
      overlay={<PrMarker layout={layout} table={table} />}
      tooltip={<CurveTooltip store={store} layout={layout} curve={curve} xName="Recall" yName="Precision" />}
    >
      {Number.isFinite(chance) && <XYSegment layout={layout} from={[0, chance]} to={[1, chance]} />}
      <XYLine layout={layout} xs={curve.xs} ys={curve.ys} color={CURVE_COLOR} step testId="pr-line" />
    </XYPlot>
  );
}

export function PrChart({ evaluation }: { evaluation: BinaryEvaluation }) {
  const { table } = evaluation;
  const curve = useMemo(() => prDrawn(table), [table]);
  return (
    <CurveFrame
      title={`Precision-recall · AP ${metricText(evaluation.metrics.average_precision)}`}
      exportName="precision-recall-curve"
      exportRows={() => prRows(table)}
      empty={bothClassesMissing(table)}
      footer={
        <span style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)' }}>
          Dashed: a classifier that guesses (precision = the positive rate, {formatMetric(prevalence(table))})
        </span>
      }
      testId="pr-chart"
    >
      {(width) => <PrPlot width={width} curve={curve} table={table} />}
    </CurveFrame>
  );
}
