// A multiclass problem: the arg-max matrix, the metrics, the per-class table
// with its averages, and the one-vs-rest curves.
import { SimpleGrid, Stack } from '@mantine/core';
import type { MulticlassEvaluation } from '../../../shared/evaluation/types';
import { AreaBoundary } from '../../components/AreaBoundary';
import { ConfusionPanel } from './confusion/ConfusionPanel';
import { MetricsTable } from './MetricsTable';
import { ClassCurvesChart } from './multiclass/ClassCurvesChart';
import { PerClassTable } from './multiclass/PerClassTable';

/** Past this many classes the matrix gets the whole width (and the metrics go below it). */
const WIDE_MATRIX_CLASSES = 8;

export function MulticlassEvaluationView({ evaluation }: { evaluation: MulticlassEvaluation }) {
  const wide = evaluation.classes.length > WIDE_MATRIX_CLASSES;
  return (
    <Stack gap="md" data-testid="multiclass-evaluation">
      <SimpleGrid cols={{ base: 1, lg: wide ? 1 : 2 }} spacing="md">
        <AreaBoundary area="The confusion matrix">
          <ConfusionPanel evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The metrics table">
          <MetricsTable evaluation={evaluation} />
        </AreaBoundary>
      </SimpleGrid>
      <AreaBoundary area="The per-class table">
        <PerClassTable evaluation={evaluation} />
      </AreaBoundary>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <AreaBoundary area="The ROC curves">
          <ClassCurvesChart evaluation={evaluation} kind="roc" />
        </AreaBoundary>
        <AreaBoundary area="The precision-recall curves">
          <ClassCurvesChart evaluation={evaluation} kind="pr" />
        </AreaBoundary>
      </SimpleGrid>
    </Stack>
  );
}
