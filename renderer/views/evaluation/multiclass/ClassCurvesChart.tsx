// One-vs-rest ROC or PR curves of a multiclass problem, one color per class,
// with the micro (and, for ROC, macro) averages dashed.
import { useMemo } from 'react';
import type { MulticlassEvaluation } from '../../../../shared/evaluation/types';
import { OverlayChart, type CurveKind } from '../curves/OverlayChart';
import { metricText } from '../metricText';
import { multiclassPrRows, multiclassRocRows, prCurves, rocCurves } from './ovrCurves';

export function ClassCurvesChart({ evaluation, kind }: { evaluation: MulticlassEvaluation; kind: CurveKind }) {
  const curves = useMemo(() => (kind === 'roc' ? rocCurves(evaluation) : prCurves(evaluation)), [evaluation, kind]);
  const title =
    kind === 'roc'
      ? `ROC one-vs-rest · macro AUC ${metricText(evaluation.rocAuc.macro)}`
      : `Precision-recall one-vs-rest · AP ${metricText(evaluation.metrics.average_precision)}`;
  return (
    <OverlayChart
      title={title}
      kind={kind}
      curves={curves}
      exportName={kind === 'roc' ? 'roc-one-vs-rest' : 'precision-recall-one-vs-rest'}
      exportRows={() => (kind === 'roc' ? multiclassRocRows(evaluation) : multiclassPrRows(evaluation))}
      testId={`multiclass-${kind}-chart`}
    />
  );
}
