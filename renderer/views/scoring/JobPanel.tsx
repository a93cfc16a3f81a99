// The batch job: input and output CSV paths, the input's label column (kept in
// the output, so its evaluation can open), the missing-value policy and the
// threads; Score; then the progress (rows, rows/s, time left) with a Cancel,
// and how the job ended.
import { Alert, Button, Group, NumberInput, Paper, Progress, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { Play, ScanSearch, Square } from 'lucide-react';
import { useNow } from '../../hooks/useNow';
import { ErrorState } from '../../components/ErrorState';
import { formatDuration } from '../../format/duration';
import { formatBytes, formatMetric } from '../../format/number';
import { progressFraction, timeLeftMs } from '../../stores/scoring/helpers';
import { orderReady } from '../../stores/scoring/featureOrder';
import { currentInputColumns, evaluable } from '../../stores/scoring/selectors';
import { scoringStore, useScoringStore, type MissingPolicy, type RunningJob } from '../../stores/scoring/store';
import { uiStore } from '../../stores/ui/store';
import { useFeatureOrder } from './ModelPanel';

const missingOptions = [
  { value: 'fail', label: 'Fail on the first missing value' },
  { value: 'nan', label: 'Feed missing values as NaN' },
];

/** The Select's value for "no label column" (a column may be named anything, but not this). */
const NO_LABEL = '\u0000none';

/** Picks the input's label column once its header is read; before that, says the backend will guess. */
function LabelColumnSelect() {
  const form = useScoringStore((s) => s.form);
  const columns = useScoringStore((s) => currentInputColumns(s)?.columns ?? null);
  const status = useScoringStore((s) => s.inputColumnsStatus);
  const error = useScoringStore((s) => s.inputColumnsError);
  const data = [{ value: NO_LABEL, label: 'None' }, ...(columns ?? []).map((column) => ({ value: column, label: column }))];
  const description =
    status === 'error' && error
      ? `Could not read the header: ${error.message}`
      : columns === null
        ? status === 'loading'
          ? 'Reading the header…'
          : 'Guessed from the header when the job starts'
        : 'Kept in the output; its evaluation then opens when the job finishes';
  return (
    <Select
      label="Label column"
      data={data}
      value={columns === null ? null : (form.labelColumn ?? NO_LABEL)}
      placeholder={columns === null ? 'Guessed (label, target, y, …)' : undefined}
      disabled={columns === null}
      description={description}
      error={status === 'error' ? true : undefined}
      allowDeselect={false}
      searchable
      onChange={(value) => value !== null && scoringStore.getState().setForm({ labelColumn: value === NO_LABEL ? null : value })}
      data-testid="scoring-label-column"
    />
  );
}

/** The finished job's evaluation, when it kept its label column (the app opens it on its own too). */
function EvaluateFinished({ jobId }: { jobId: number }) {
  const recorded = useScoringStore((s) => s.jobs.find((job) => job.id === jobId));
  if (!recorded || !evaluable(recorded)) return null;
  return (
    <Group>
      <Button size="xs" variant="light" leftSection={<ScanSearch size={14} />} onClick={() => uiStore.getState().openEvaluation({ jobId })} data-testid="scoring-job-evaluate">
        Evaluate the predictions
      </Button>
    </Group>
  );
}

function JobProgress({ job }: { job: RunningJob }) {
  const progress = job.progress;
  const running = !progress || progress.status === 'running';
  const now = useNow();
  const fraction = progressFraction(progress);
  const left = running ? timeLeftMs(progress, now - job.startedAt) : null;
  const color = progress?.status === 'failed' ? 'red' : progress?.status === 'cancelled' ? 'gray' : progress?.status === 'finished' ? 'green' : 'blue';
  return (
    <Stack gap="xs" data-testid="scoring-job" data-status={progress?.status ?? 'running'}>
      <Progress
        size="lg"
        color={color}
        value={fraction === null ? 100 : fraction * 100}
        animated={running}
        striped={running && fraction === null}
        data-testid="scoring-progress"
        aria-label="Scoring progress"
      />
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" data-testid="scoring-progress-text">
          {progress
            ? `${progress.rows.toLocaleString('en-US')} rows · ${formatMetric(progress.rowsPerSecond)} rows/s · ${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)}`
            : 'Starting…'}
          {running && left !== null ? ` · about ${formatDuration(left)} left` : ''}
          {progress?.status === 'cancelled' ? ' · cancelled' : ''}
        </Text>
        {running && (
          <Button size="xs" variant="default" color="red" leftSection={<Square size={12} />} onClick={() => void scoringStore.getState().cancel()} data-testid="scoring-cancel">
            Cancel
          </Button>
        )}
      </Group>
      {progress?.status === 'finished' && <EvaluateFinished jobId={job.jobId} />}
      {progress?.status === 'failed' && (
        <Alert color="red" variant="light" title="The job failed" data-testid="scoring-job-error">
          {progress.error ?? 'No reason was given.'}
        </Alert>
      )}
    </Stack>
  );
}

export function JobPanel() {
  const form = useScoringStore((s) => s.form);
  const inspection = useScoringStore((s) => s.inspection);
  const job = useScoringStore((s) => s.job);
  const starting = useScoringStore((s) => s.starting);
  const startError = useScoringStore((s) => s.startError);
  const actions = scoringStore.getState();
  const scorable = inspection !== null && inspection.unscorable === null;
  const running = job !== null && (!job.progress || job.progress.status === 'running');
  const orderKnown = orderReady(useFeatureOrder());
  const ready = scorable && orderKnown && form.input.trim() !== '' && form.output.trim() !== '' && !running;
  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="sm">
        <Title order={5}>Score a CSV file</Title>
        {!scorable && (
          <Text size="sm" c="dimmed">
            Inspect a model that Runlens can score first.
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <TextInput
            label="Input CSV"
            placeholder="/path/to/data.csv"
            value={form.input}
            onChange={(event) => actions.setForm({ input: event.currentTarget.value })}
            onBlur={() => void actions.loadInputColumns()}
            data-testid="scoring-input"
          />
          <TextInput
            label="Output CSV (a new file, in a folder that exists)"
            placeholder="/path/to/scored.csv"
            value={form.output}
            onChange={(event) => actions.setForm({ output: event.currentTarget.value })}
            data-testid="scoring-output"
          />
          <LabelColumnSelect />
          <Select
            label="Missing values"
            data={missingOptions}
            value={form.missing}
            allowDeselect={false}
            onChange={(value) => value && actions.setForm({ missing: value as MissingPolicy })}
            data-testid="scoring-missing"
          />
          <NumberInput
            label="Threads"
            placeholder="Automatic"
            min={1}
            max={64}
            allowDecimal={false}
            value={form.threads ?? ''}
            onChange={(value) => actions.setForm({ threads: typeof value === 'number' && value >= 1 ? Math.min(64, Math.floor(value)) : null })}
            data-testid="scoring-threads"
          />
        </SimpleGrid>
        <Group>
          <Button leftSection={<Play size={16} />} disabled={!ready} loading={starting} onClick={() => void actions.start()} data-testid="scoring-start">
            Score
          </Button>
          {scorable && !orderKnown && (
            <Text size="sm" c="dimmed" data-testid="scoring-needs-order">
              Confirm the model's feature order above first.
            </Text>
          )}
        </Group>
        {startError && <ErrorState title="Could not start the job" error={startError} />}
        {job && <JobProgress job={job} />}
      </Stack>
    </Paper>
  );
}
