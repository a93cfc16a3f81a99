// The compare view's Evaluation section: for the compared runs that have a
// prediction set of the same name, their ROC and PR curves overlaid in the
// runs' colors, and two of their confusion matrices with the difference.
import { Alert, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { Evaluation } from '../../../shared/evaluation/types';
import type { RunRow } from '../../../shared/runQuery';
import { evaluationClient } from '../../api/evaluationClient';
import { LoadingState } from '../../components/LoadingState';
import type { OverlayCurve } from '../evaluation/curves/curveModels';
import { OverlayChart } from '../evaluation/curves/OverlayChart';
import { CompareConfusion } from './CompareConfusion';
import { runCurves, type RunCurves } from './compareEvaluation';
import { createCompareEvaluationStore, MAX_EVALUATED_RUNS } from './compareEvaluationStore';
import { Section } from './Section';

/** One store for the view: coming back to Compare finds the runs already evaluated. */
const store = createCompareEvaluationStore(evaluationClient);

interface Props {
  rows: RunRow[];
  colors: Record<string, string>;
}

function overlay(rows: RunRow[], curves: Record<string, RunCurves>, colors: Record<string, string>, kind: 'roc' | 'pr'): OverlayCurve[] {
  return rows
    .filter((row) => curves[row.id])
    .map((row) => {
      const c = curves[row.id];
      return { id: row.id, label: c.averaged ? `${row.name} (micro)` : row.name, color: colors[row.id], curve: kind === 'roc' ? c.roc : c.pr, score: kind === 'roc' ? c.auc : c.ap };
    });
}

const curveRows = (curves: OverlayCurve[], x: string, y: string) => ({
  columns: ['run', 'threshold', x, y],
  rows: curves.flatMap((c) => c.curve.xs.map((value, i) => [c.label, c.curve.thresholds[i], value, c.curve.ys[i]])),
});

function Status({ rows }: { rows: RunRow[] }) {
  const shared = useStore(store, (s) => s.shared);
  const setName = useStore(store, (s) => s.setName);
  const evaluated = useStore(store, (s) => s.evaluatedRunIds);
  const evaluations = useStore(store, (s) => s.evaluations);
  const loading = evaluated.filter((id) => evaluations[id]?.status === 'loading' || !evaluations[id]).length;
  const failed = evaluated.filter((id) => evaluations[id]?.status === 'error');
  const withSet = shared.find((s) => s.name === setName)?.runIds.length ?? 0;
  const name = (id: string) => rows.find((row) => row.id === id)?.name ?? id;
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" data-testid="compare-eval-status">
        {withSet} of {rows.length} runs have “{setName}”
        {withSet > MAX_EVALUATED_RUNS ? `; the first ${MAX_EVALUATED_RUNS} are evaluated` : ''}
        {loading > 0 ? ` · reading ${loading}…` : ''}
      </Text>
      {failed.map((id) => {
        const e = evaluations[id];
        return (
          <Alert key={id} color="red" variant="light" p={6}>
            <Text size="sm">
              {name(id)}: {e?.status === 'error' ? e.error.message : ''}
            </Text>
          </Alert>
        );
      })}
    </Stack>
  );
}

export function CompareEvaluation({ rows, colors }: Props) {
  const idsKey = rows.map((row) => row.id).join(',');
  useEffect(() => {
    void store.getState().follow(idsKey.split(',').filter(Boolean));
  }, [idsKey]);
  const shared = useStore(store, (s) => s.shared);
  const setName = useStore(store, (s) => s.setName);
  const setsStatus = useStore(store, (s) => s.setsStatus);
  const loads = useStore(store, (s) => s.evaluations);
  const evaluations = useMemo(() => {
    const ready: Record<string, Evaluation> = {};
    for (const [id, load] of Object.entries(loads)) if (load.status === 'ready') ready[id] = load.evaluation;
    return ready;
  }, [loads]);
  const curves = useMemo(() => Object.fromEntries(Object.entries(evaluations).map(([id, e]) => [id, runCurves(e)])), [evaluations]);
  const roc = useMemo(() => overlay(rows, curves, colors, 'roc'), [rows, curves, colors]);
  const pr = useMemo(() => overlay(rows, curves, colors, 'pr'), [rows, curves, colors]);

  const picker = shared.length > 0 && (
    <Select
      size="xs"
      w={220}
      aria-label="Prediction set"
      data={shared.map((s) => ({ value: s.name, label: `${s.name} (${s.runIds.length} runs)` }))}
      value={setName}
      allowDeselect={false}
      onChange={(name) => name && store.getState().chooseSet(name)}
      data-testid="compare-eval-set"
    />
  );
  return (
    <Section title="Evaluation" testId="compare-evaluation" actions={picker}>
      {setsStatus === 'loading' && shared.length === 0 && <LoadingState label="Looking for the runs' predictions…" />}
      {setsStatus !== 'loading' && shared.length === 0 && (
        <Text size="sm" c="dimmed">
          No two of these runs have a prediction set of the same name (log one with run.log_predictions(..., split="test") in each).
        </Text>
      )}
      {setName && (
        <Stack gap="sm">
          <Status rows={rows} />
          {roc.length > 0 && (
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <OverlayChart title={`ROC · ${setName}`} kind="roc" curves={roc} exportName={`roc-${setName}`} exportRows={() => curveRows(roc, 'false_positive_rate', 'true_positive_rate')} testId="compare-roc" />
              <OverlayChart title={`Precision-recall · ${setName}`} kind="pr" curves={pr} exportName={`precision-recall-${setName}`} exportRows={() => curveRows(pr, 'recall', 'precision')} testId="compare-pr" />
            </SimpleGrid>
          )}
          <CompareConfusion rows={rows} evaluations={evaluations} />
        </Stack>
      )}
    </Section>
  );
}
