// The sections of the run panel. Each is a plain table; charts come later.
import { Code, Stack, Text } from '@mantine/core';
import type { RunDetail } from '../../../shared/domain';
import { formatDateTime } from '../../format/date';
import { sourceLabel } from '../../format/source';
import { formatDuration, runDurationMs } from '../../format/duration';
import { formatBytes } from '../../format/number';
import { useNow } from '../../hooks/useNow';
import { DetailSection, KeyValueTable } from './DetailSection';
import { MetricSummaryTable } from './MetricSummaryTable';
import { WarningList } from './WarningList';

export function RunDetailBody({ run }: { run: RunDetail }) {
  const now = useNow();
  const overview: [string, string][] = [
    ['Experiment', run.experiment || '—'],
    ['Source', sourceLabel(run.source)],
    ['Started', formatDateTime(run.startTime)],
    ['Ended', formatDateTime(run.endTime)],
    ['Duration', formatDuration(runDurationMs(run, now))],
    ['Last activity', formatDateTime(run.lastActivity)],
    ['Run id', run.id],
  ];
  if (run.statusReason) overview.splice(1, 0, ['Status reason', run.statusReason]);
  // MLflow keeps an experiment's description as this tag.
  const { 'mlflow.note.content': experimentDescription, ...experimentTags } = run.experimentTags;
  if (experimentDescription) overview.splice(1, 0, ['Experiment description', experimentDescription]);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text size="xs" c="dimmed">
          Folder
        </Text>
        <Code style={{ wordBreak: 'break-all' }}>{run.path}</Code>
      </Stack>
      <DetailSection title="Overview">
        <KeyValueTable rows={overview} />
      </DetailSection>
      <DetailSection title="Params" count={Object.keys(run.params).length} empty="No params logged.">
        <KeyValueTable rows={Object.entries(run.params)} testIdPrefix="drawer-param-" />
      </DetailSection>
      <DetailSection title="Metrics" count={Object.keys(run.metrics).length} empty="No metrics logged.">
        <MetricSummaryTable metrics={run.metrics} />
      </DetailSection>
      <DetailSection title="Tags" count={Object.keys(run.tags).length} empty="No tags.">
        <KeyValueTable rows={Object.entries(run.tags)} />
      </DetailSection>
      {Object.keys(experimentTags).length > 0 && (
        <DetailSection title="Experiment tags" count={Object.keys(experimentTags).length}>
          <KeyValueTable rows={Object.entries(experimentTags)} testIdPrefix="drawer-experiment-tag-" />
        </DetailSection>
      )}
      <DetailSection title="Artifacts" count={run.artifacts.length} empty="No artifacts.">
        <KeyValueTable rows={run.artifacts.map((a) => [a.path, formatBytes(a.size)])} monoKeys />
      </DetailSection>
      <DetailSection title="Warnings" count={run.warnings.length} empty="Nothing went wrong while reading this run.">
        <WarningList warnings={run.warnings} />
      </DetailSection>
    </Stack>
  );
}
