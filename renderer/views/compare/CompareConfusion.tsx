// Two compared runs' confusion matrices side by side, and B − A in diverging
// colors (blue: B has more, red: fewer), as counts or as shares of each true class.
import { Group, SegmentedControl, Select, SimpleGrid, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ConfusionNormalization, Evaluation } from '../../../shared/evaluation/types';
import type { RunRow } from '../../../shared/runQuery';
import { ChartFrame } from '../../charts/ChartFrame';
import { formatMetric } from '../../format/number';
import { ConfusionHeatmap, useHeatmapPalette } from '../evaluation/confusion/ConfusionHeatmap';
import { matrixCsv, matrixModel, type MatrixCell } from '../evaluation/confusion/confusionModel';
import { divergingCell } from '../evaluation/confusion/heatColors';
import { differenceModel, matrixDifference, runMatrix, type RunMatrix } from './compareEvaluation';

const CELL = 56;
type Shown = Extract<ConfusionNormalization, 'none' | 'true'>;

function MatrixCard({ title, matrix, normalization, testId }: { title: string; matrix: RunMatrix; normalization: Shown; testId: string }) {
  const model = useMemo(() => matrixModel(matrix.counts, matrix.classes, normalization, matrix.classes.map((_, i) => i)), [matrix, normalization]);
  const at = matrix.threshold === null ? 'arg-max' : `at ≥ ${formatMetric(matrix.threshold)}`;
  return (
    <ChartFrame title={`${title} (${at})`} state={{ status: 'ready' }} exportName={`confusion-${title}`} exportRows={() => matrixCsv(model)} height={120} compact>
      <div style={{ overflow: 'auto', maxHeight: 480 }}>
        <ConfusionHeatmap model={model} cellSize={CELL} testId={testId} />
      </div>
    </ChartFrame>
  );
}

function DifferenceCard({ a, b, normalization }: { a: RunMatrix; b: RunMatrix; normalization: Shown }) {
  const palette = useHeatmapPalette();
  const difference = useMemo(() => matrixDifference(a, b, normalization), [a, b, normalization]);
  const model = useMemo(() => (difference.ok ? differenceModel(difference.difference, difference.classes, normalization) : null), [difference, normalization]);
  const colorOf = (cell: MatrixCell) => divergingCell(cell.strength, palette.background, palette.negative, palette.hue);
  return (
    <ChartFrame
      title="B − A"
      state={model ? { status: 'ready' } : { status: 'empty', title: 'Not comparable', description: difference.ok ? '' : difference.reason }}
      exportName="confusion-difference"
      exportRows={() => (model ? matrixCsv(model) : { columns: [], rows: [] })}
      height={120}
      compact
    >
      {model && (
        <div style={{ overflow: 'auto', maxHeight: 480 }}>
          <ConfusionHeatmap model={model} cellSize={CELL} colorOf={colorOf} testId="compare-confusion-difference" />
        </div>
      )}
    </ChartFrame>
  );
}

export function CompareConfusion({ rows, evaluations }: { rows: RunRow[]; evaluations: Record<string, Evaluation> }) {
  const ready = rows.filter((row) => evaluations[row.id]);
  const [choice, setChoice] = useState<{ a: string | null; b: string | null }>({ a: null, b: null });
  const [normalization, setNormalization] = useState<Shown>('none');
  const ids = ready.map((row) => row.id);
  const a = choice.a && ids.includes(choice.a) ? choice.a : (ids[0] ?? null);
  const b = choice.b && ids.includes(choice.b) && choice.b !== a ? choice.b : (ids.find((id) => id !== a) ?? null);
  const matrixA = useMemo(() => (a ? runMatrix(evaluations[a]) : null), [a, evaluations]);
  const matrixB = useMemo(() => (b ? runMatrix(evaluations[b]) : null), [b, evaluations]);
  if (ready.length < 2 || !a || !b || !matrixA || !matrixB) return null;
  const options = ready.map((row) => ({ value: row.id, label: row.name }));
  const name = (id: string) => ready.find((row) => row.id === id)?.name ?? id;
  return (
    <div data-testid="compare-confusion">
      <Group gap="sm" mb="xs" align="flex-end">
        <Select size="xs" w={220} label="A" data={options} value={a} allowDeselect={false} onChange={(v) => v && setChoice({ a: v, b })} data-testid="compare-confusion-a" />
        <Select size="xs" w={220} label="B" data={options} value={b} allowDeselect={false} onChange={(v) => v && setChoice({ a, b: v })} data-testid="compare-confusion-b" />
        <SegmentedControl
          size="xs"
          value={normalization}
          onChange={(v) => setNormalization(v as Shown)}
          data={[
            { value: 'none', label: 'Counts' },
            { value: 'true', label: 'Share of each true class' },
          ]}
          data-testid="compare-confusion-normalization"
        />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
        <MatrixCard title={`A: ${name(a)}`} matrix={matrixA} normalization={normalization} testId="compare-confusion-a-matrix" />
        <MatrixCard title={`B: ${name(b)}`} matrix={matrixB} normalization={normalization} testId="compare-confusion-b-matrix" />
        <DifferenceCard a={matrixA} b={matrixB} normalization={normalization} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={4}>
        B − A: blue where B has more rows in a cell than A, red where it has fewer. Counts compare only sets of the same size; shares of each true class compare any two.
      </Text>
    </div>
  );
}
