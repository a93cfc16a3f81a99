// The top of the Evaluation area for a scoring job's output: which model
// scored which file into which, how many rows and when, in place of a run's
// set picker; then the job's lookup state (unknown, not finished, no labels).
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { ArrowLeft } from 'lucide-react';
import type { ScoringJob } from '../../../shared/scoring/jobs';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { baseName, formatDateTime } from '../../format/date';
import { selectJob } from '../../stores/evaluation/selectors';
import { evaluationStore, useEvaluationStore } from '../../stores/evaluation/store';
import { uiStore } from '../../stores/ui/store';
import { KindBadge, ReloadButton } from './EvaluationHeader';

/** "data.csv → scored.csv · 1,200 rows · label “y” · 2024-05-01 14:03:22" */
function jobFacts(job: ScoringJob): string {
  const parts = [`${baseName(job.input.path)} → ${job.outputPath ? baseName(job.outputPath) : '—'}`];
  if (job.input.rows !== null) parts.push(`${job.input.rows.toLocaleString('en-US')} rows`);
  if (job.labelColumn !== null) parts.push(`label “${job.labelColumn}”`);
  parts.push(formatDateTime(job.startedAt));
  return parts.join(' · ');
}

export function JobEvaluationHeader({ jobId }: { jobId: number }) {
  const job = useEvaluationStore(selectJob);
  const evaluation = useEvaluationStore((s) => s.evaluation);
  const status = useEvaluationStore((s) => s.status);
  const known = job !== null && job.id === jobId;
  const name = known ? baseName(job.model.path) : `Scoring job #${jobId}`;
  return (
    <Group justify="space-between" wrap="wrap" gap="sm" data-testid="evaluation-job" data-job-id={jobId}>
      <Stack gap={2} miw={0}>
        <Group gap="sm" wrap="nowrap" miw={0}>
          <Button variant="subtle" size="compact-sm" leftSection={<ArrowLeft size={14} />} onClick={() => uiStore.getState().navigate('scoring')} data-testid="evaluation-open-scoring">
            Scoring
          </Button>
          <Title order={3} style={{ minWidth: 0 }}>
            <Text inherit truncate="end" title={known ? job.model.path : name} data-testid="evaluation-job-name">
              {name}
            </Text>
          </Title>
          {evaluation && status === 'ready' && <KindBadge evaluation={evaluation} />}
        </Group>
        {known && (
          <Text size="sm" c="dimmed" truncate="end" title={`${job.input.path} → ${job.outputPath ?? ''}`} data-testid="evaluation-job-facts">
            Job #{job.id}: {jobFacts(job)}
          </Text>
        )}
      </Stack>
      <ReloadButton />
    </Group>
  );
}

/** The job being looked up, or why it cannot be evaluated. */
export function JobLookupState({ jobId }: { jobId: number }) {
  const jobStatus = useEvaluationStore((s) => s.jobStatus);
  const jobError = useEvaluationStore((s) => s.jobError);
  if (jobStatus === 'loading') return <LoadingState label={`Looking up scoring job #${jobId}…`} />;
  if (jobStatus === 'error' && jobError) {
    return (
      <div data-testid="evaluation-job-error">
        <ErrorState title={`Cannot evaluate scoring job #${jobId}`} error={jobError} onRetry={() => evaluationStore.getState().reload()} />
      </div>
    );
  }
  return null;
}
