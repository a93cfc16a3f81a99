// The selected batch at a glance: the dataset verdict and share, both sizes,
// what was odd about the file (problems, skipped lines), the columns table and
// the columns left out with their reasons.
import { Alert, Badge, Group, List, Stack, Text } from '@mantine/core';
import type { DriftBatch, MonitorDetail } from '../../../../shared/drift/monitor';
import { formatDateTime } from '../../../format/date';
import { datasetVerdict, formatCount } from '../../../stores/drift/describe';
import { Panel, wrapAnywhere } from '../parts';
import { ColumnsTable } from './ColumnsTable';

function Problems({ batch }: { batch: DriftBatch }) {
  if (!batch.problems.length && batch.skippedLines === 0 && !batch.error) return null;
  return (
    <Alert color={batch.error ? 'red' : 'yellow'} variant="light" title={batch.error ? 'This batch could not be read' : 'Notes on this batch'} data-testid="batch-problems">
      <Stack gap={4}>
        {batch.error && <Text size="sm">{batch.error}</Text>}
        {batch.skippedLines > 0 && (
          <Text size="sm" data-testid="batch-skipped">
            {formatCount(batch.skippedLines)} malformed {batch.skippedLines === 1 ? 'line' : 'lines'} skipped
            {batch.skippedExamples.length ? ` (line ${batch.skippedExamples.join(', ')}${batch.skippedLines > batch.skippedExamples.length ? ', …' : ''})` : ''}.
          </Text>
        )}
        {batch.problems.map((problem, i) => (
          <Text key={i} size="sm" style={wrapAnywhere}>
            {problem}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

export function BatchSummary({ detail, batch }: { detail: MonitorDetail; batch: DriftBatch }) {
  const report = batch.report;
  return (
    <Panel title={`Summary · ${batch.label}`} testId="batch-summary">
      <Group gap="md" align="center">
        {report && (
          <Badge color={report.dataset.drift ? 'red' : 'teal'} variant={report.dataset.drift ? 'filled' : 'light'} size="lg" radius="sm" tt="none" data-testid="dataset-verdict" data-drift={String(report.dataset.drift)} data-drifted={report.dataset.drifted}>
            {datasetVerdict(report.dataset)}
          </Badge>
        )}
        <Text size="sm" c="dimmed" data-testid="batch-sizes">
          {formatCount(batch.rows)} rows in this batch · {formatCount(detail.referenceRows)} in the reference
          {batch.labeledRows > 0 ? ` · ${formatCount(batch.labeledRows)} labeled` : ''} · computed {formatDateTime(batch.computedAt)}
        </Text>
      </Group>
      <Problems batch={batch} />
      {report && <ColumnsTable monitorId={detail.monitor.id} batch={batch} batches={detail.batches} />}
      {report && report.notCompared.length > 0 && (
        <Stack gap={4} data-testid="not-compared">
          <Text size="sm" fw={600}>
            Not compared
          </Text>
          <List size="sm" spacing={2}>
            {report.notCompared.map((item) => (
              <List.Item key={item.column} data-testid="not-compared-column" data-column={item.column}>
                <Text span size="sm" fw={500} style={wrapAnywhere}>
                  {item.column}
                </Text>
                <Text span size="sm" c="dimmed">
                  {' '}
                  — {item.reason}
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Panel>
  );
}
