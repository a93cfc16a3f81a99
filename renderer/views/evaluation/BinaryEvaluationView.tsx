// A binary problem: the threshold (kept in view while scrolling), the matrix
// and metrics at it, the curves with the operating point, and fairness.
import { Box, SimpleGrid, Stack } from '@mantine/core';
import type { BinaryEvaluation } from '../../../shared/evaluation/types';
import { AreaBoundary } from '../../components/AreaBoundary';
import { ConfusionPanel } from './confusion/ConfusionPanel';
import { CalibrationChart } from './curves/CalibrationChart';
import { CostChart } from './curves/CostChart';
import { GainChart } from './curves/GainChart';
import { HistogramChart } from './curves/HistogramChart';
import { PrChart } from './curves/PrChart';
import { RocChart } from './curves/RocChart';
import { FairnessPanel } from './fairness/FairnessPanel';
import { MetricsTable } from './MetricsTable';
import { ThresholdControl } from './ThresholdControl';

export function BinaryEvaluationView({ evaluation }: { evaluation: BinaryEvaluation }) {
  return (
    <Stack gap="md" data-testid="binary-evaluation">
      <Box style={{ position: 'sticky', top: 0, zIndex: 3, background: 'var(--mantine-color-body)', paddingBlock: 4 }}>
        <AreaBoundary area="The threshold">
          <ThresholdControl evaluation={evaluation} />
        </AreaBoundary>
      </Box>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <AreaBoundary area="The confusion matrix">
          <ConfusionPanel evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The metrics table">
          <MetricsTable evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The ROC curve">
          <RocChart evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The precision-recall curve">
          <PrChart evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The calibration curve">
          <CalibrationChart evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The score histograms">
          <HistogramChart evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The gain chart">
          <GainChart evaluation={evaluation} />
        </AreaBoundary>
        <AreaBoundary area="The cost chart">
          <CostChart evaluation={evaluation} />
        </AreaBoundary>
      </SimpleGrid>
      <AreaBoundary area="The fairness table">
        <FairnessPanel evaluation={evaluation} />
      </AreaBoundary>
    </Stack>
  );
}
