// The recorded jobs, newest first: which model scored which data, when, how
// fast and how it ended; a finished job that kept its labels opens its evaluation.
import { Badge, Button, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { History, ScanSearch } from 'lucide-react';
import type { ScoringJob, ScoringJobStatus } from '../../../shared/scoring/jobs';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { baseName, formatDateTime } from '../../format/date';
import { formatDuration } from '../../format/duration';
import { formatMetric } from '../../format/number';
import { shortSha } from '../../stores/scoring/helpers';
import { evaluable } from '../../stores/scoring/selectors';
import { scoringStore, useScoringStore } from '../../stores/scoring/store';
import { uiStore } from '../../stores/ui/store';

export const jobStatusColors: Record<ScoringJobStatus, string> = { running: 'blue', finished: 'green', failed: 'red', cancelled: 'gray' };

function JobRow({ job }: { job: ScoringJob }) {
  return (
    <Table.Tr data-testid="scoring-job-row" data-status={job.status} data-job-id={job.id}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.startedAt)}</Table.Td>
      <Table.Td title={job.model.path}>
        <Text size="sm">{baseName(job.model.path)}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {shortSha(job.model.sha256)}
          {job.kind === 'importance' ? ' · importance' : ''}
        </Text>
      </Table.Td>
      <Table.Td title={job.input.path}>
        <Text size="sm">{baseName(job.input.path)}</Text>
        <Text size="xs" c="dimmed">
          {job.input.rows === null ? '—' : `${job.input.rows.toLocaleString('en-US')} rows`}
        </Text>
      </Table.Td>
      <Table.Td title={job.outputPath ?? undefined}>
        <Text size="sm">{job.outputPath ? baseName(job.outputPath) : '—'}</Text>
        {job.labelColumn !== null && (
          <Text size="xs" c="dimmed">
            label “{job.labelColumn}”
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDuration(job.durationMs)}</Table.Td>
      <Table.Td ta="right">{formatMetric(job.rowsPerSecond)}</Table.Td>
      <Table.Td>
        <Badge color={jobStatusColors[job.status]} variant="light" size="sm">
          {job.status}
        </Badge>
      </Table.Td>
      <Table.Td maw={320}>
        <Text size="xs" c={job.error ? 'red' : 'dimmed'} lineClamp={3} title={job.error ?? undefined}>
          {job.error ?? ''}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        {evaluable(job) && (
          <Button size="compact-xs" variant="light" leftSection={<ScanSearch size={14} />} onClick={() => uiStore.getState().openEvaluation({ jobId: job.id })} data-testid="jobs-evaluate">
            Evaluate
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function JobsTable() {
  const jobs = useScoringStore((s) => s.jobs);
  const status = useScoringStore((s) => s.jobsStatus);
  const error = useScoringStore((s) => s.jobsError);
  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>Jobs</Title>
          <Text size="xs" c="dimmed">
            Newest first
          </Text>
        </Group>
        {status === 'error' && error && <ErrorState title="Could not list the jobs" error={error} onRetry={() => void scoringStore.getState().loadJobs()} />}
        {status === 'loading' && jobs.length === 0 && <LoadingState label="Listing the jobs…" />}
        {status === 'ready' && jobs.length === 0 && (
          <EmptyState icon={<History size={20} />} title="No jobs yet" description="Score a CSV file and the job is recorded here: the model, the data, how long it took and how it ended." />
        )}
        {jobs.length > 0 && (
          <ScrollArea type="auto">
            <Table striped highlightOnHover fz="sm" data-testid="scoring-jobs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Model</Table.Th>
                  <Table.Th>Input</Table.Th>
                  <Table.Th>Output</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th ta="right">Rows/s</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Error</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.map((job) => (
                  <JobRow key={job.id} job={job} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Stack>
    </Paper>
  );
}
