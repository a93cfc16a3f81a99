// The Evaluation area: one run's prediction set, or a scoring job's output,
// from the route. Waits for a pick, a column mapping (runs) or the job's
// lookup, then the load (with its progress and a Cancel), then shows the
// binary or the multiclass views, and DVCLive's plots as logged.
import { Alert, Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { Columns3, ScanSearch } from 'lucide-react';
import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { selectSetName } from '../../stores/evaluation/selectors';
import { evaluationStore, useEvaluationStore } from '../../stores/evaluation/store';
import { uiStore } from '../../stores/ui/store';
import { BinaryEvaluationView } from './BinaryEvaluationView';
import { EvaluationHeader } from './EvaluationHeader';
import { EvaluationNotices } from './EvaluationNotices';
import { JobEvaluationHeader, JobLookupState } from './JobEvaluationHeader';
import { LoadProgress } from './LoadProgress';
import { LoggedPlots } from './logged/LoggedPlots';
import { MappingDialog } from './mapping/MappingDialog';
import { MulticlassEvaluationView } from './MulticlassEvaluationView';
import { PredictionSetList } from './PredictionSetList';

function SetChooser() {
  const predictions = useEvaluationStore((s) => s.predictions);
  const target = useEvaluationStore((s) => s.target);
  if (!predictions || !target || target.runId === undefined) return null;
  const { runId } = target;
  if (predictions.sets.length === 0) {
    return (
      <EmptyState
        icon={<ScanSearch size={20} />}
        title="This run has no prediction tables"
        description="Log them with run.log_predictions(...) in Python, or add a CSV, TSV, JSON-lines or Parquet file of labels and scores to the run's artifacts."
      />
    );
  }
  return (
    <Stack gap="xs">
      <Text size="sm">Pick the predictions to evaluate:</Text>
      <PredictionSetList sets={predictions.sets} onEvaluate={(set) => uiStore.getState().openEvaluation({ runId, setPath: set.path })} />
    </Stack>
  );
}

function NeedsMapping() {
  return (
    <EmptyState
      icon={<Columns3 size={20} />}
      title="Which columns are what?"
      description="Runlens needs to know which column holds the true label and which hold the scores. You say it once; it is remembered for this file."
    >
      <Button size="xs" mt="sm" onClick={() => evaluationStore.getState().openMapping()} data-testid="evaluation-map-columns">
        Map the columns
      </Button>
    </EmptyState>
  );
}

function Body() {
  const status = useEvaluationStore((s) => s.status);
  const evaluation = useEvaluationStore((s) => s.evaluation);
  const error = useEvaluationStore((s) => s.error);
  const set = useEvaluationStore((s) => s.set);
  const name = useEvaluationStore(selectSetName);
  const actions = evaluationStore.getState();
  switch (status) {
    case 'idle':
      return <SetChooser />;
    case 'needs-mapping':
      return <NeedsMapping />;
    case 'loading':
      return <LoadProgress name={name} />;
    case 'cancelled':
      return (
        <Alert color="gray" variant="light" title="Loading stopped" data-testid="evaluation-cancelled">
          <Button size="xs" variant="light" onClick={actions.reload}>
            Load again
          </Button>
        </Alert>
      );
    case 'error':
      return (
        <Stack gap="xs">
          {error && <ErrorState title={`Could not evaluate “${name}”`} error={error} onRetry={actions.reload} />}
          {set?.origin === 'artifact' && (
            <Group>
              <Button size="xs" variant="default" leftSection={<Columns3 size={14} />} onClick={actions.openMapping}>
                Change the column mapping
              </Button>
            </Group>
          )}
        </Stack>
      );
    case 'ready':
      if (!evaluation) return null;
      return (
        <Stack gap="md">
          <EvaluationNotices evaluation={evaluation} />
          {evaluation.kind === 'binary' ? <BinaryEvaluationView evaluation={evaluation} /> : <MulticlassEvaluationView evaluation={evaluation} />}
        </Stack>
      );
  }
}

function RunPlots() {
  const plots = useEvaluationStore((s) => s.predictions?.loggedPlots);
  if (!plots || plots.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Plots DVCLive logged for this run
      </Text>
      <LoggedPlots plots={plots} />
    </Stack>
  );
}

/** A run's sets being listed, or why they could not be. */
function SetsLookupState() {
  const setsStatus = useEvaluationStore((s) => s.setsStatus);
  const setsError = useEvaluationStore((s) => s.setsError);
  const status = useEvaluationStore((s) => s.status);
  const hasSets = useEvaluationStore((s) => s.predictions !== null);
  return (
    <>
      {setsStatus === 'loading' && !hasSets && <LoadingState label="Looking for the run's predictions…" />}
      {setsError && status !== 'error' && <ErrorState title="Could not list the run's predictions" error={setsError} onRetry={evaluationStore.getState().reload} />}
    </>
  );
}

export function EvaluationView() {
  useEffect(() => evaluationStore.getState().startSync(), []);
  const target = useEvaluationStore((s) => s.target);

  return (
    <ScrollArea h="100%" type="auto" data-testid="evaluation-view">
      <Stack p="md" gap="md">
        {!target ? (
          <EmptyState
            icon={<ScanSearch size={20} />}
            title="Nothing to evaluate yet"
            description="Open a run, and in its panel's Predictions section press Evaluate on a prediction set; or score a CSV that has its label column, in Scoring."
          />
        ) : target.jobId !== undefined ? (
          <>
            <JobEvaluationHeader jobId={target.jobId} />
            <JobLookupState jobId={target.jobId} />
            <Body />
          </>
        ) : (
          <>
            <EvaluationHeader runId={target.runId} />
            <SetsLookupState />
            <Body />
            <RunPlots />
          </>
        )}
      </Stack>
      <MappingDialog />
    </ScrollArea>
  );
}
