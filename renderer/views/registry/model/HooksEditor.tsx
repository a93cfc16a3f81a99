// Commands Runlens runs after a move (a deploy script, say), configured here
// only, never read from a project folder: the command, the moves it follows,
// and whether a done move shows a desktop notification.
import { ActionIcon, Button, Group, Paper, Stack, Switch, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { Plus, Trash2 } from 'lucide-react';
import type { RegistryModelDetail, TransitionHook } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { draftId, newHook } from '../../../stores/registry/gateDrafts';
import { modelStore, useModelStore } from '../../../stores/registry/modelStore';
import { askNotificationPermission } from '../../../stores/registry/notify';
import { suggestedAliases } from '../../../stores/registry/selectors';
import { TargetsInput } from './TargetsInput';
import { useDraft } from './useDraft';

function HookCard({ hook, aliases, onChange, onRemove }: { hook: TransitionHook; aliases: string[]; onChange(hook: TransitionHook): void; onRemove(): void }) {
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="hook" data-hook-id={hook.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Textarea
            label="Command"
            description="Run after the move with RUNLENS_MODEL_NAME, RUNLENS_MODEL_VERSION, RUNLENS_STAGE, RUNLENS_ALIAS, RUNLENS_ARTIFACT_PATH and RUNLENS_MODEL_SHA256 set"
            placeholder="./deploy.sh"
            autosize
            minRows={1}
            maxRows={4}
            value={hook.command}
            onChange={(e) => onChange({ ...hook, command: e.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            style={{ flex: 1 }}
            data-testid="hook-command"
          />
          <Tooltip label="Remove this hook" withArrow>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label="Remove this hook" mt={24} data-testid="hook-remove">
              <Trash2 size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <TargetsInput targets={hook.targets} aliases={aliases} onChange={(targets) => onChange({ ...hook, targets })} testId="hook-targets" />
        <Switch
          label="Notify me when such a move is done"
          checked={hook.notify}
          onChange={(e) => {
            if (e.currentTarget.checked) askNotificationPermission();
            onChange({ ...hook, notify: e.currentTarget.checked });
          }}
          data-testid="hook-notify"
        />
      </Stack>
    </Paper>
  );
}

export function HooksEditor({ model }: { model: RegistryModelDetail }) {
  const { draft, setDraft, dirty, reset } = useDraft<TransitionHook[]>(model.hooks);
  const saving = useModelStore((s) => s.hooksSaving);
  const error = useModelStore((s) => s.hooksError);
  const aliases = suggestedAliases(model);
  const incomplete = draft.some((hook) => hook.targets.length === 0);
  return (
    <Stack gap="sm" data-testid="hooks-editor">
      <Group justify="space-between">
        <Title order={5}>Hooks</Title>
        <Text size="xs" c="dimmed">
          Output and exit code are kept in the audit trail
        </Text>
      </Group>
      {draft.length === 0 && (
        <Text size="sm" c="dimmed">
          No hooks: moves change the registry only.
        </Text>
      )}
      {draft.map((hook, index) => (
        <HookCard
          key={hook.id}
          hook={hook}
          aliases={aliases}
          onChange={(next) => setDraft(draft.map((h, i) => (i === index ? next : h)))}
          onRemove={() => setDraft(draft.filter((_, i) => i !== index))}
        />
      ))}
      {error && <ErrorState title="The hooks were not saved" error={error} />}
      <Group gap="xs">
        <Button variant="light" leftSection={<Plus size={14} />} onClick={() => setDraft([...draft, newHook(draftId(draft, 'hook'))])} data-testid="hook-add">
          Add hook
        </Button>
        <Button onClick={() => void modelStore.getState().saveHooks(draft)} disabled={!dirty || incomplete} loading={saving} data-testid="hooks-save">
          Save hooks
        </Button>
        <Button variant="default" onClick={reset} disabled={!dirty}>
          Discard changes
        </Button>
      </Group>
    </Stack>
  );
}
