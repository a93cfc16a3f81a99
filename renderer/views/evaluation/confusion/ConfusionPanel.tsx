// The confusion matrix card: counts or one of three normalizations, the class
// order, a zoom, the hovered cell described, and a click that lists the rows
// behind a cell. The binary matrix follows the threshold (its numbers only).
import { Button, Group, ScrollArea, SegmentedControl, Select, Slider, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import { binaryConfusion, classOrder, countsAt } from '../../../../shared/evaluation';
import type { ClassOrder, ConfusionNormalization, Evaluation } from '../../../../shared/evaluation/types';
import { ChartFrame } from '../../../charts/ChartFrame';
import { useWidth } from '../../../charts/useWidth';
import { CELL_SIZE_LIMITS } from '../../../stores/evaluation/slices/view';
import { evaluationStore, useEvaluationStore } from '../../../stores/evaluation/store';
import { selectShownThreshold, thresholdStore, useThreshold } from '../../../stores/evaluation/threshold';
import { CellRowsModal, type OpenCell } from './CellRowsModal';
import { ConfusionHeatmap, labelSpace } from './ConfusionHeatmap';
import { describeCell, fitCellSize, matrixCsv, matrixModel, type MatrixCell } from './confusionModel';

const normalizations: { value: ConfusionNormalization; label: string }[] = [
  { value: 'none', label: 'Counts' },
  { value: 'true', label: 'True (rows)' },
  { value: 'pred', label: 'Predicted (columns)' },
  { value: 'all', label: 'All' },
];
const orders: { value: ClassOrder; label: string }[] = [
  { value: 'name', label: 'By name' },
  { value: 'support', label: 'By support' },
  { value: 'clustered', label: 'Clustered (confused together)' },
];

type HoverStore = StoreApi<{ cell: MatrixCell | null }>;

interface MatrixProps {
  counts: number[][];
  classes: string[];
  width: number;
  hover: HoverStore;
  onOpen(cell: MatrixCell): void;
}

function Matrix({ counts, classes, width, hover, onOpen }: MatrixProps) {
  const normalization = useEvaluationStore((s) => s.normalization);
  const orderMode = useEvaluationStore((s) => s.classOrder);
  const zoom = useEvaluationStore((s) => s.cellSize);
  const order = useMemo(() => (classes.length > 2 ? classOrder(counts, classes, orderMode) : classes.map((_, i) => i)), [counts, classes, orderMode]);
  const model = useMemo(() => matrixModel(counts, classes, normalization, order), [counts, classes, normalization, order]);
  const cellSize = zoom ?? fitCellSize(width, classes.length, labelSpace(classes) + 40, CELL_SIZE_LIMITS);
  const onHover = useMemo(() => (cell: MatrixCell | null) => hover.setState({ cell }), [hover]);
  return <ConfusionHeatmap model={model} cellSize={cellSize} onCellClick={onOpen} onCellHover={onHover} />;
}

/** The binary matrix at the threshold shown: re-renders on every frame while it moves. */
function BinaryMatrix(props: Omit<MatrixProps, 'counts'> & { evaluation: Extract<Evaluation, { kind: 'binary' }> }) {
  const threshold = useThreshold(selectShownThreshold);
  const counts = binaryConfusion(countsAt(props.evaluation.table, threshold));
  return <Matrix {...props} counts={counts} />;
}

function HoverLine({ hover, counts, classes }: { hover: HoverStore; counts: () => number[][]; classes: string[] }) {
  const cell = useStore(hover, (s) => s.cell);
  return (
    <Text size="xs" c="dimmed" mt={4} data-testid="confusion-hover" style={{ minHeight: 18 }}>
      {cell ? describeCell(cell, counts(), classes) : 'Click a cell to list its rows.'}
    </Text>
  );
}

function Controls({ multiclass }: { multiclass: boolean }) {
  const normalization = useEvaluationStore((s) => s.normalization);
  const order = useEvaluationStore((s) => s.classOrder);
  const zoom = useEvaluationStore((s) => s.cellSize);
  const setView = evaluationStore.getState().setView;
  return (
    <Group gap="sm" mb="xs" wrap="wrap">
      <SegmentedControl
        size="xs"
        data-testid="confusion-normalization"
        value={normalization}
        onChange={(value) => setView({ normalization: value as ConfusionNormalization })}
        data={normalizations}
      />
      {multiclass && (
        <Select
          size="xs"
          w={230}
          aria-label="Class order"
          data-testid="confusion-order"
          data={orders}
          value={order}
          allowDeselect={false}
          onChange={(value) => value && setView({ classOrder: value as ClassOrder })}
        />
      )}
      <Group gap={6} wrap="nowrap">
        <Text size="xs">Zoom</Text>
        <Slider
          w={110}
          size="sm"
          aria-label="Cell size"
          data-testid="confusion-zoom"
          min={CELL_SIZE_LIMITS.min}
          max={CELL_SIZE_LIMITS.max}
          value={zoom ?? CELL_SIZE_LIMITS.max}
          onChange={(cellSize) => setView({ cellSize })}
          label={(v) => `${v} px`}
        />
        <Button size="compact-xs" variant={zoom === null ? 'light' : 'subtle'} onClick={() => setView({ cellSize: null })}>
          Fit
        </Button>
      </Group>
    </Group>
  );
}

export function ConfusionPanel({ evaluation }: { evaluation: Evaluation }) {
  const [ref, width] = useWidth();
  const [hover] = useState<HoverStore>(() => createStore(() => ({ cell: null as MatrixCell | null })));
  const [open, setOpen] = useState<OpenCell | null>(null);
  const { classes } = evaluation;
  const countsNow = (): number[][] =>
    evaluation.kind === 'binary' ? binaryConfusion(countsAt(evaluation.table, selectShownThreshold(thresholdStore.getState()))) : evaluation.confusion;
  const onOpen = (cell: MatrixCell) =>
    setOpen({
      trueClass: classes[cell.trueIndex],
      predictedClass: classes[cell.predictedIndex],
      count: cell.count,
      threshold: evaluation.kind === 'binary' ? thresholdStore.getState().threshold : undefined,
    });
  const exportRows = () => {
    const { normalization, classOrder: mode } = evaluationStore.getState();
    const counts = countsNow();
    const order = classes.length > 2 ? classOrder(counts, classes, mode) : classes.map((_, i) => i);
    return matrixCsv(matrixModel(counts, classes, normalization, order));
  };
  const subtitle = evaluation.kind === 'binary' ? 'at the threshold' : 'arg-max prediction';
  return (
    <>
    <ChartFrame title={`Confusion matrix (${subtitle})`} state={{ status: 'ready' }} exportName="confusion-matrix" exportRows={exportRows} height={200} banner={<Controls multiclass={classes.length > 2} />} footer={<HoverLine hover={hover} counts={countsNow} classes={classes} />}>
      <div ref={ref}>
        <ScrollArea.Autosize mah={640} type="auto" offsetScrollbars>
          {evaluation.kind === 'binary' ? (
            <BinaryMatrix evaluation={evaluation} classes={classes} width={width} hover={hover} onOpen={onOpen} />
          ) : (
            <Matrix counts={evaluation.confusion} classes={classes} width={width} hover={hover} onOpen={onOpen} />
          )}
        </ScrollArea.Autosize>
      </div>
    </ChartFrame>
    {open && <CellRowsModal cell={open} onClose={() => setOpen(null)} />}
    </>
  );
}
