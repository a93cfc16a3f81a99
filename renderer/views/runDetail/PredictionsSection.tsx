// The run panel's Predictions section: the tables this run offers for
// evaluation, each with an Evaluate button, and DVCLive's plots as logged.
import { Stack, Text } from '@mantine/core';
import type { RunDetail } from '../../../shared/domain';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { uiStore } from '../../stores/ui/store';
import { LoggedPlots } from '../evaluation/logged/LoggedPlots';
import { PredictionSetList } from '../evaluation/PredictionSetList';
import { DetailSection } from './DetailSection';
import { usePredictionSets } from './usePredictionSets';

export function PredictionsSection({ run }: { run: RunDetail }) {
  const { predictions, error, loading, reload } = usePredictionSets(run.id, run.artifacts);
  const sets = predictions?.sets ?? [];
  const plots = predictions?.loggedPlots ?? [];
  const count = predictions ? sets.length + plots.length : undefined;
  return (
    <DetailSection title="Predictions" count={count} empty="No prediction tables or logged plots: log them with run.log_predictions(...), or add a CSV of labels and scores to the artifacts.">
      <Stack gap="sm" data-testid="run-predictions">
        {!predictions && loading && <LoadingState label="Looking for predictions…" />}
        {error && <ErrorState title="Could not list the predictions" error={error} onRetry={reload} />}
        {sets.length > 0 && <PredictionSetList sets={sets} onEvaluate={(set) => uiStore.getState().openEvaluation({ runId: run.id, setPath: set.path })} />}
        {sets.length === 0 && plots.length > 0 && (
          <Text size="sm" c="dimmed">
            No prediction tables, only plots as DVCLive logged them.
          </Text>
        )}
        <LoggedPlots plots={plots} />
      </Stack>
    </DetailSection>
  );
}
