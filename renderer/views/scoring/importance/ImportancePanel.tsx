// Permutation importance of the inspected model on a labeled CSV: the form,
// the job's progress with a Cancel, the model's recorded jobs to pick from,
// and the chosen job's result as a chart. Shown while a scorable model is
// inspected (or a job this window started still runs, so it can be cancelled).
import { Alert, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { CircleAlert } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import { formatDateTime } from '../../../format/date';
import { isRunning, jobLabel, modelJobs } from '../../../stores/importance/selectors';
import { importanceStore, useImportanceStore } from '../../../stores/importance/store';
import { ImportanceChart } from './ImportanceChart';
import { ImportanceForm } from './ImportanceForm';
import { ImportanceProgress } from './ImportanceProgress';

/** Every error the panel has, in the backend's words, in one place. */
function ImportanceErrors() {
  const startError = useImportanceStore((s) => s.startError);
  const cancelError = useImportanceStore((s) => s.cancelError);
  const columnsError = useImportanceStore((s) => s.columnsError);
  const jobError = useImportanceStore((s) => (s.job?.progress?.status === 'failed' ? (s.job.progress.error ?? 'The job failed and gave no reason.') : null));
  const lines = [
    columnsError && `The file’s header could not be read: ${columnsError}`,
    startError && `The job could not start: ${startError}`,
    jobError && `The job failed: ${jobError}`,
    cancelError && `The job could not be cancelled: ${cancelError}`,
  ].filter((line): line is string => Boolean(line));
  if (lines.length === 0) return null;
  return (
    <Alert color="red" variant="light" icon={<CircleAlert size={18} />} data-testid="importance-error">
      {lines.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
    </Alert>
  );
}

/** The model's recorded importance jobs, newest first; picking one shows its result. */
function PastJobs() {
  const jobs = useImportanceStore((s) => s.jobs);
  const model = useImportanceStore((s) => s.model);
  const selectedJobId = useImportanceStore((s) => s.selectedJobId);
  const mine = useMemo(() => modelJobs(jobs, model), [jobs, model]);
  if (mine.length === 0) return null;
  const shown = selectedJobId !== null && mine.some((job) => job.id === selectedJobId) ? selectedJobId : (mine.find((job) => job.importance !== null)?.id ?? null);
  return (
    <Select
      label={`This model’s importance jobs (${mine.length})`}
      data={mine.map((job) => ({ value: String(job.id), label: jobLabel(job, formatDateTime) }))}
      value={shown === null ? null : String(shown)}
      allowDeselect={false}
      onChange={(value) => value && importanceStore.getState().select(Number(value))}
      maw={560}
      data-testid="importance-jobs"
    />
  );
}

export function ImportancePanel() {
  useEffect(() => importanceStore.getState().startSync(), []);
  const model = useImportanceStore((s) => s.model);
  const job = useImportanceStore((s) => s.job);
  if (!model && !isRunning(job)) return null;
  return (
    <Paper withBorder p="md" radius="sm" data-testid="importance-panel">
      <Stack gap="sm">
        <div>
          <Title order={5}>Permutation importance</Title>
          <Text size="xs" c="dimmed">
            Each feature’s column is shuffled in turn, breaking its link to the label; the drop in the score is the feature’s importance (as scikit-learn’s
            permutation_importance). A negative importance means the shuffled column scored better, so the feature carries nothing the model uses.
          </Text>
        </div>
        <ImportanceForm />
        <ImportanceErrors />
        {job && <ImportanceProgress job={job} />}
        {model && <PastJobs />}
        {model && <ImportanceChart />}
      </Stack>
    </Paper>
  );
}
