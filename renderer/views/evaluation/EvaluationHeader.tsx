// The top of the Evaluation area for a run: the run, the prediction set
// picker, what kind of problem it is, and a way to change the columns' mapping.
// (A scoring job's output has its own header: JobEvaluationHeader.)
import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { ArrowLeft, Columns3, RefreshCw } from 'lucide-react';
import type { Evaluation } from '../../../shared/evaluation/types';
import { selectMappingEditable } from '../../stores/evaluation/selectors';
import { evaluationStore, useEvaluationStore } from '../../stores/evaluation/store';
import { uiStore } from '../../stores/ui/store';

export function KindBadge({ evaluation }: { evaluation: Evaluation }) {
  const rows = `${evaluation.rows.toLocaleString('en-US')} rows`;
  const text = evaluation.kind === 'binary' ? `binary · positive “${evaluation.positiveClass}” · ${rows}` : `${evaluation.classes.length} classes · ${rows}`;
  return (
    <Badge variant="light" radius="sm" size="lg" tt="none" data-testid="evaluation-kind" data-kind={evaluation.kind}>
      {text}
    </Badge>
  );
}

function SetPicker({ runId }: { runId: string }) {
  const predictions = useEvaluationStore((s) => s.predictions);
  const chosen = useEvaluationStore((s) => s.set);
  const data = (predictions?.sets ?? []).map((set) => ({ value: set.path, label: `${set.name} (${set.path})` }));
  if (chosen && !data.some((d) => d.value === chosen.path)) data.push({ value: chosen.path, label: `${chosen.name} (${chosen.path})` });
  return (
    <Select
      size="xs"
      w={340}
      aria-label="Prediction set"
      placeholder="Pick a prediction set"
      data-testid="evaluation-set"
      data={data}
      value={chosen?.path ?? null}
      allowDeselect={false}
      searchable
      onChange={(path) => path && uiStore.getState().openEvaluation({ runId, setPath: path })}
    />
  );
}

export function ReloadButton() {
  return (
    <Button size="xs" variant="default" leftSection={<RefreshCw size={14} />} onClick={() => evaluationStore.getState().reload()} data-testid="evaluation-reload">
      Reload
    </Button>
  );
}

export function EvaluationHeader({ runId }: { runId: string }) {
  const runName = useEvaluationStore((s) => s.runName);
  const evaluation = useEvaluationStore((s) => s.evaluation);
  const editable = useEvaluationStore(selectMappingEditable);
  const status = useEvaluationStore((s) => s.status);
  const backToRun = () => {
    uiStore.getState().navigate('runs');
    uiStore.getState().openRun(runId);
  };
  return (
    <Stack gap={6}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <Button variant="subtle" size="compact-sm" leftSection={<ArrowLeft size={14} />} onClick={backToRun} data-testid="evaluation-open-run">
            Run
          </Button>
          <Title order={3} style={{ minWidth: 0 }}>
            <Text inherit truncate="end" title={runName ?? runId} data-testid="evaluation-run-name">
              {runName ?? runId}
            </Text>
          </Title>
          {evaluation && status === 'ready' && <KindBadge evaluation={evaluation} />}
        </Group>
        <Group gap="xs">
          <SetPicker runId={runId} />
          {editable && (
            <Button size="xs" variant="default" leftSection={<Columns3 size={14} />} onClick={() => evaluationStore.getState().openMapping()} data-testid="evaluation-edit-mapping">
              Columns…
            </Button>
          )}
          <ReloadButton />
        </Group>
      </Group>
    </Stack>
  );
}
