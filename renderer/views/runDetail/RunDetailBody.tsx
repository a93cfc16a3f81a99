// The sections of the run panel: where the run is, overview, system, params,
// metric charts and their summary, predictions to evaluate, tags, artifacts
// with previews, warnings.
import { Stack } from '@mantine/core';
import type { RunDetail } from '../../../shared/domain';
import { formatDateTime } from '../../format/date';
import { sourceLabel } from '../../format/source';
import { formatDuration, runDurationMs } from '../../format/duration';
import { useNow } from '../../hooks/useNow';
import { ArtifactBrowser } from './ArtifactBrowser';
import { DetailSection, KeyValueTable } from './DetailSection';
import { MetricSummaryTable } from './MetricSummaryTable';
import { PredictionsSection } from './PredictionsSection';
import { RunMetricCharts } from './RunMetricCharts';
import { RunLocationBlock, SystemInfo } from './SystemInfo';
import { otherTags } from './systemFacts';
import { WarningList } from './WarningList';

function overviewRows(run: RunDetail, now: number): [string, string][] {
  const rows: [string, string][] = [
    ['Experiment', run.experiment || '—'],
    ['Source', sourceLabel(run.source)],
    ['Started', formatDateTime(run.startTime)],
    ['Ended', formatDateTime(run.endTime)],
    ['Duration', formatDuration(runDurationMs(run, now))],
    ['Last activity', formatDateTime(run.lastActivity)],
    ['Run id', run.id],
  ];
  if (run.statusReason) rows.splice(1, 0, ['Status reason', run.statusReason]);
  // MLflow keeps an experiment's description as this tag.
  const experimentDescription = run.experimentTags['mlflow.note.content'];
  if (experimentDescription) rows.splice(1, 0, ['Experiment description', experimentDescription]);
  return rows;
}

export function RunDetailBody({ run }: { run: RunDetail }) {
  const now = useNow();
  const { 'mlflow.note.content': _description, ...experimentTags } = run.experimentTags;
  const tags = otherTags(run.tags);
  const metricCount = Object.keys(run.metrics).length;

  return (
    <Stack gap="lg">
      <RunLocationBlock run={run} />
      <DetailSection title="Overview">
        <KeyValueTable rows={overviewRows(run, now)} />
      </DetailSection>
      <DetailSection title="System">
        <SystemInfo run={run} />
      </DetailSection>
      <DetailSection title="Params" count={Object.keys(run.params).length} empty="No params logged.">
        <KeyValueTable rows={Object.entries(run.params)} testIdPrefix="drawer-param-" />
      </DetailSection>
      <DetailSection title="Metrics" count={metricCount} empty="No metrics logged.">
        <Stack gap="sm">
          <RunMetricCharts run={run} />
          <MetricSummaryTable metrics={run.metrics} />
        </Stack>
      </DetailSection>
      <PredictionsSection run={run} />
      <DetailSection title="Tags" count={tags.length} empty="No tags.">
        <KeyValueTable rows={tags} />
      </DetailSection>
      {Object.keys(experimentTags).length > 0 && (
        <DetailSection title="Experiment tags" count={Object.keys(experimentTags).length}>
          <KeyValueTable rows={Object.entries(experimentTags)} testIdPrefix="drawer-experiment-tag-" />
        </DetailSection>
      )}
      <DetailSection title="Artifacts" count={run.artifacts.length} empty="No artifacts.">
        <ArtifactBrowser key={run.id} runId={run.id} artifacts={run.artifacts} />
      </DetailSection>
      <DetailSection title="Warnings" count={run.warnings.length} empty="Nothing went wrong while reading this run.">
        <WarningList warnings={run.warnings} />
      </DetailSection>
    </Stack>
  );
}
