// The rules a version must pass before it enters Staging or Production or
// takes an alias: add and remove rules of each kind, pick what each guards,
// and save; the backend's refusal (an expression that does not parse) is shown.
import { ActionIcon, Badge, Button, Group, Paper, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { GateKind, GateRule, RegistryModelDetail } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { draftId, draftProblems, gateKindLabels, gateKinds, newRule } from '../../../stores/registry/gateDrafts';
import { modelStore, useModelStore } from '../../../stores/registry/modelStore';
import { suggestedAliases } from '../../../stores/registry/selectors';
import { GateRuleFields } from './GateRuleFields';
import { TargetsInput } from './TargetsInput';
import { useDraft } from './useDraft';

function RuleCard({ rule, aliases, problem, onChange, onRemove }: { rule: GateRule; aliases: string[]; problem: string | undefined; onChange(rule: GateRule): void; onRemove(): void }) {
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="gate-rule" data-kind={rule.kind} data-rule-id={rule.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Badge variant="light" radius="sm">
              {gateKindLabels[rule.kind]}
            </Badge>
            <Text size="xs" c="dimmed" ff="monospace">
              {rule.id}
            </Text>
          </Group>
          <Tooltip label="Remove this rule" withArrow>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label="Remove this rule" data-testid="gate-remove">
              <Trash2 size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <TargetsInput targets={rule.targets} aliases={aliases} onChange={(targets) => onChange({ ...rule, targets })} testId="gate-targets" />
        <GateRuleFields rule={rule} onChange={onChange} />
        {problem && rule.kind !== 'expression' && (
          <Text size="xs" c="red" data-testid="gate-problem">
            {problem}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function GatesEditor({ model }: { model: RegistryModelDetail }) {
  const { draft, setDraft, dirty, reset } = useDraft<GateRule[]>(model.gates);
  const [kind, setKind] = useState<GateKind>('description');
  const saving = useModelStore((s) => s.gatesSaving);
  const error = useModelStore((s) => s.gatesError);
  const problems = draftProblems(draft);
  // An expression's syntax error is a hint while typing: the backend's parser decides, and its refusal is shown.
  const blocked = draft.some((rule) => rule.kind !== 'expression' && problems.has(rule.id));
  const aliases = suggestedAliases(model);
  const replace = (index: number, rule: GateRule) => setDraft(draft.map((r, i) => (i === index ? rule : r)));
  return (
    <Stack gap="sm" data-testid="gates-editor">
      <Group justify="space-between">
        <Title order={5}>Gates</Title>
        <Text size="xs" c="dimmed">
          A failed gate blocks the move unless overridden with a written reason
        </Text>
      </Group>
      {draft.length === 0 && (
        <Text size="sm" c="dimmed">
          No gates: any version may enter any stage or take any alias.
        </Text>
      )}
      {draft.map((rule, index) => (
        <RuleCard key={rule.id} rule={rule} aliases={aliases} problem={problems.get(rule.id)} onChange={(next) => replace(index, next)} onRemove={() => setDraft(draft.filter((_, i) => i !== index))} />
      ))}
      <Group gap="xs" align="flex-end">
        <Select label="New rule" data={gateKinds.map((k) => ({ value: k, label: gateKindLabels[k] }))} value={kind} onChange={(v) => v && setKind(v as GateKind)} allowDeselect={false} w={240} data-testid="gate-add-kind" />
        <Button variant="light" leftSection={<Plus size={14} />} onClick={() => setDraft([...draft, newRule(kind, draftId(draft, kind))])} data-testid="gate-add">
          Add rule
        </Button>
      </Group>
      {error && <ErrorState title="The gates were not saved" error={error} />}
      <Group gap="xs">
        <Button onClick={() => void modelStore.getState().saveGates(draft)} disabled={!dirty || blocked} loading={saving} data-testid="gates-save">
          Save gates
        </Button>
        <Button variant="default" onClick={reset} disabled={!dirty} data-testid="gates-reset">
          Discard changes
        </Button>
      </Group>
    </Stack>
  );
}
