// Drift of the model's score: its statistic per batch against the threshold,
// and the selected batch's score distribution beside the reference's (one
// `drift/batch` request, for the selected batch only).
import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { DriftBatch, MonitorDetail } from '../../../../shared/drift/monitor';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatMetric } from '../../../format/number';
import { batchStore, useBatchStore } from '../../../stores/drift/batchStore';
import { methodLabels, statisticKind } from '../../../stores/drift/describe';
import { openDrift } from '../../../stores/drift/route';
import { predictionSeries } from '../../../stores/drift/selectors';
import { seriesMethod, StatisticChart } from '../charts/StatisticChart';
import { DistributionChart } from '../charts/DistributionChart';
import { Panel } from '../parts';

function ScoreDistribution({ detail, batch }: { detail: MonitorDetail; batch: DriftBatch }) {
  const status = useBatchStore((s) => s.status);
  const error = useBatchStore((s) => s.error);
  const shown = useBatchStore((s) => s.detail);
  const id = detail.monitor.id;
  useEffect(() => batchStore.getState().want(id, batch.key, batch.computedAt), [id, batch.key, batch.computedAt]);
  if (status === 'error' && error) return <ErrorState title="Could not load the batch's scores" error={error} onRetry={() => batchStore.getState().want(id, batch.key, batch.computedAt)} />;
  if (!shown || shown.batch.key !== batch.key) return <LoadingState label="Loading the scores…" />;
  if (!shown.prediction) return <Text size="sm" c="dimmed">No score distribution for this batch.</Text>;
  return <DistributionChart distribution={shown.prediction} height={220} testId="prediction-distribution" />;
}

export function PredictionDrift({ detail, batch }: { detail: MonitorDetail; batch: DriftBatch }) {
  const series = predictionSeries(detail.batches);
  const method = seriesMethod(series);
  const select = (key: string): void => openDrift({ view: 'monitor', id: detail.monitor.id, batch: key });
  const current = batch.prediction;
  return (
    <Panel title="Prediction drift" testId="drift-prediction">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {method ? `Score ${statisticKind(method)} (${methodLabels[method]})` : 'Score drift'}
          </Text>
          <StatisticChart series={series} selectedKey={batch.key} onSelect={select} testId="prediction-chart" />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Scores in {batch.label} vs the reference
            {current ? ` · ${current.method} ${formatMetric(current.statistic)}${current.drift ? ' · drift' : ''}` : ''}
          </Text>
          <ScoreDistribution detail={detail} batch={batch} />
        </Stack>
      </SimpleGrid>
    </Panel>
  );
}
