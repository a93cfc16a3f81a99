// DVCLive's plots/sklearn files drawn as they were logged: points, not
// predictions, so there is no threshold to move and nothing else to derive.
import { Alert, SimpleGrid, Stack, Text } from '@mantine/core';
import { Info } from 'lucide-react';
import { useMemo } from 'react';
import type { LoggedPlot } from '../../../../shared/evaluation/predictionSets';
import { ChartFrame } from '../../../charts/ChartFrame';
import { xyLayout } from '../../../charts/xy/layout';
import { XYLine, XYPoints, XYSegment } from '../../../charts/xy/series';
import { useWidth } from '../../../charts/useWidth';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { ConfusionHeatmap } from '../confusion/ConfusionHeatmap';
import { matrixCsv, matrixModel } from '../confusion/confusionModel';
import { CURVE_COLOR } from '../curves/colors';

export const LOGGED_NOTE = 'DVCLive logged these points, not the predictions: the threshold and the other views need the predictions themselves.';
const HEIGHT = 240;
const unit: { x: [number, number]; y: [number, number] } = { x: [0, 1], y: [0, 1] };

type PointsPlot = Extract<LoggedPlot, { kind: 'roc' | 'precision_recall' | 'calibration' }>;

function pointsOf(plot: PointsPlot): { xs: number[]; ys: number[]; x: string; y: string; title: string; columns: string[]; rows: number[][] } {
  if (plot.kind === 'roc') {
    const p = plot.points;
    return { xs: p.map((q) => q.fpr), ys: p.map((q) => q.tpr), x: 'False positive rate', y: 'True positive rate', title: 'ROC (as logged)', columns: ['fpr', 'tpr', 'threshold'], rows: p.map((q) => [q.fpr, q.tpr, q.threshold]) };
  }
  if (plot.kind === 'precision_recall') {
    const p = plot.points;
    return { xs: p.map((q) => q.recall), ys: p.map((q) => q.precision), x: 'Recall', y: 'Precision', title: 'Precision-recall (as logged)', columns: ['precision', 'recall', 'threshold'], rows: p.map((q) => [q.precision, q.recall, q.threshold]) };
  }
  const p = plot.points;
  return { xs: p.map((q) => q.meanPredicted), ys: p.map((q) => q.fractionPositive), x: 'Mean predicted probability', y: 'Fraction of positives', title: 'Calibration (as logged)', columns: ['mean_predicted', 'fraction_positive'], rows: p.map((q) => [q.meanPredicted, q.fractionPositive]) };
}

function PointsChart({ plot }: { plot: PointsPlot }) {
  const [ref, width] = useWidth();
  const data = useMemo(() => pointsOf(plot), [plot]);
  const layout = useMemo(() => xyLayout(Math.max(width, 10), HEIGHT, unit), [width]);
  return (
    <ChartFrame title={data.title} state={{ status: 'ready' }} exportName={plot.path} exportRows={() => ({ columns: data.columns, rows: data.rows })} height={HEIGHT} compact>
      <div ref={ref} title={plot.path}>
        {width > 0 && (
          <XYPlot layout={layout} xLabel={data.x} yLabel={data.y} label={data.title}>
            {plot.kind !== 'precision_recall' && <XYSegment layout={layout} from={[0, 0]} to={[1, 1]} />}
            <XYLine layout={layout} xs={data.xs} ys={data.ys} color={CURVE_COLOR} step={plot.kind === 'precision_recall'} />
            {plot.kind === 'calibration' && <XYPoints layout={layout} xs={data.xs} ys={data.ys} color={CURVE_COLOR} />}
          </XYPlot>
        )}
      </div>
    </ChartFrame>
  );
}

function LoggedMatrix({ plot }: { plot: Extract<LoggedPlot, { kind: 'confusion_matrix' }> }) {
  const model = useMemo(() => matrixModel(plot.counts, plot.labels, 'none', plot.labels.map((_, i) => i)), [plot]);
  return (
    <ChartFrame title="Confusion matrix (as logged)" state={{ status: 'ready' }} exportName={plot.path} exportRows={() => matrixCsv(model)} height={HEIGHT} compact>
      <ConfusionHeatmap model={model} cellSize={Math.max(24, Math.min(64, Math.floor(280 / Math.max(1, plot.labels.length))))} testId="logged-confusion-matrix" />
    </ChartFrame>
  );
}

export function LoggedPlots({ plots }: { plots: LoggedPlot[] }) {
  if (plots.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="logged-plots">
      <Alert color="gray" variant="light" icon={<Info size={16} />} p="xs">
        <Text size="sm">{LOGGED_NOTE}</Text>
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {plots.map((plot) =>
          plot.kind === 'unreadable' ? (
            <Alert key={plot.path} color="orange" variant="light" p="xs" title={plot.path}>
              <Text size="sm">{plot.message}</Text>
            </Alert>
          ) : plot.kind === 'confusion_matrix' ? (
            <LoggedMatrix key={plot.path} plot={plot} />
          ) : (
            <PointsChart key={plot.path} plot={plot} />
          ),
        )}
      </SimpleGrid>
    </Stack>
  );
}
