// The fields of one gate rule, by kind: required tags, an expression in the
// runs filter syntax (its syntax error shown as it is typed), beats-the-
// champion with MLflow's MetricThreshold fields and an optional frozen
// evaluation set, or the dataset the run must have been evaluated on.
import { Group, NumberInput, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import type { GateRule } from '../../../../shared/registry/types';
import { expressionProblem } from '../../../stores/registry/gateDrafts';

type Rule<K extends GateRule['kind']> = Extract<GateRule, { kind: K }>;

/** A NumberInput's value as the contract takes it: empty is null (no such requirement). */
const numberOrNull = (value: string | number): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function BeatsChampionFields({ rule, onChange }: { rule: Rule<'beatsChampion'>; onChange(rule: GateRule): void }) {
  const set = (patch: Partial<Rule<'beatsChampion'>>) => onChange({ ...rule, ...patch });
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end" grow>
        <TextInput label="Metric" description="Recorded, or re-scored on the set below" value={rule.metric} onChange={(e) => set({ metric: e.currentTarget.value })} data-testid="gate-metric" />
        <TextInput label="Champion alias" description="The version it must beat" value={rule.champion} onChange={(e) => set({ champion: e.currentTarget.value })} data-testid="gate-champion" />
      </Group>
      <Group gap="xs" align="flex-end" grow>
        <NumberInput label="threshold" description="The metric must reach this (none: no floor)" value={rule.threshold ?? ''} onChange={(v) => set({ threshold: numberOrNull(v) })} decimalScale={10} data-testid="gate-threshold" />
        <NumberInput label="min_absolute_change" description="Better than the champion by at least this (> 0)" min={0} value={rule.minAbsoluteChange ?? ''} onChange={(v) => set({ minAbsoluteChange: numberOrNull(v) })} decimalScale={10} data-testid="gate-min-absolute" />
        <NumberInput label="min_relative_change" description="… by this fraction of it (0 to 1)" min={0} max={1} value={rule.minRelativeChange ?? ''} onChange={(v) => set({ minRelativeChange: numberOrNull(v) })} decimalScale={10} data-testid="gate-min-relative" />
      </Group>
      <Switch label="greater_is_better" checked={rule.greaterIsBetter} onChange={(e) => set({ greaterIsBetter: e.currentTarget.checked })} data-testid="gate-greater-is-better" />
      <Switch
        label="Re-score both on a frozen evaluation set (like for like)"
        checked={rule.evaluationSet !== null}
        onChange={(e) => set({ evaluationSet: e.currentTarget.checked ? { path: '', labelColumn: '' } : null })}
        data-testid="gate-rescore"
      />
      {rule.evaluationSet !== null && (
        <Group gap="xs" align="flex-end" grow>
          <TextInput
            label="Evaluation set (labeled CSV)"
            placeholder="/data/holdout.csv"
            value={rule.evaluationSet.path}
            onChange={(e) => set({ evaluationSet: { path: e.currentTarget.value, labelColumn: rule.evaluationSet?.labelColumn ?? '' } })}
            data-testid="gate-eval-path"
          />
          <TextInput
            label="Label column"
            value={rule.evaluationSet.labelColumn}
            onChange={(e) => set({ evaluationSet: { path: rule.evaluationSet?.path ?? '', labelColumn: e.currentTarget.value } })}
            data-testid="gate-eval-label"
          />
        </Group>
      )}
    </Stack>
  );
}

export function GateRuleFields({ rule, onChange }: { rule: GateRule; onChange(rule: GateRule): void }) {
  switch (rule.kind) {
    case 'description':
      return (
        <Text size="sm" c="dimmed">
          The version must have a description.
        </Text>
      );
    case 'tags':
      return <TagsInput label="Tags the version must have" placeholder="Type a tag name, Enter" value={rule.tags} onChange={(tags) => onChange({ ...rule, tags })} data-testid="gate-tags" />;
    case 'expression':
      return (
        <TextInput
          label="Expression (runs filter syntax, on the version's metrics and params)"
          value={rule.expression}
          onChange={(e) => onChange({ ...rule, expression: e.currentTarget.value })}
          error={expressionProblem(rule.expression)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="gate-expression"
        />
      );
    case 'beatsChampion':
      return <BeatsChampionFields rule={rule} onChange={onChange} />;
    case 'evaluatedOn':
      return (
        <TextInput
          label="Dataset (name or digest the source run recorded)"
          value={rule.dataset}
          onChange={(e) => onChange({ ...rule, dataset: e.currentTarget.value })}
          data-testid="gate-dataset"
        />
      );
  }
}
