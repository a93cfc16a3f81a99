// The confirm dialog of a move: the gates it meets (checked first, each with
// its numbers), archiving the versions already in that stage, a comment, and
// when a gate fails an override with a written reason. Then the backend's
// outcome: done (what it archived, the hook's output) or blocked.
import { Alert, Anchor, Button, Checkbox, Code, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { CircleAlert, CircleCheck } from 'lucide-react';
import type { HookRun, RegistryModelDetail, TransitionOutcome } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { canSubmit, failedGates, moveStore, useMoveStore, type Move } from '../../../stores/registry/moveStore';
import { targetLabel } from '../../../stores/registry/notify';
import { uiStore } from '../../../stores/ui/store';
import { GateResultList, wrapAnywhere } from '../parts';

function HookOutput({ hook }: { hook: HookRun }) {
  return (
    <Stack gap={4} data-testid="move-hook" data-exit-code={hook.exitCode ?? undefined}>
      <Text size="sm">
        Hook <Code>{hook.command}</Code> {hook.error ? `failed: ${hook.error}` : `exited with ${hook.exitCode ?? 'no code'}`}
      </Text>
      {hook.output && (
        <Code block style={{ maxHeight: 160, overflow: 'auto', whiteSpace: 'pre-wrap', ...wrapAnywhere }}>
          {hook.output}
        </Code>
      )}
    </Stack>
  );
}

function Outcome({ outcome, move }: { outcome: TransitionOutcome; move: Move }) {
  if (!outcome.done) {
    return (
      <Alert color="red" variant="light" icon={<CircleAlert size={16} />} title="Blocked by the gates: nothing changed" data-testid="move-outcome" data-done="false">
        <Text size="sm">Fix what failed, or override it with a written reason (kept in the audit trail).</Text>
      </Alert>
    );
  }
  return (
    <Alert color="green" variant="light" icon={<CircleCheck size={16} />} title={`Version ${move.version} → ${targetLabel(move.to)}`} data-testid="move-outcome" data-done="true">
      <Stack gap={4}>
        <Text size="sm">
          Now {outcome.version.stage}
          {outcome.version.aliases.length > 0 ? `, with ${outcome.version.aliases.map((a) => `@${a}`).join(', ')}` : ''}.
        </Text>
        {outcome.archived.length > 0 && (
          <Text size="sm" data-testid="move-archived">
            Archived: {outcome.archived.map((v) => `version ${v}`).join(', ')}.
          </Text>
        )}
        {outcome.hook && <HookOutput hook={outcome.hook} />}
      </Stack>
    </Alert>
  );
}

function Gates({ move }: { move: Move }) {
  const gates = useMoveStore((s) => s.gates);
  const status = useMoveStore((s) => s.gatesStatus);
  const error = useMoveStore((s) => s.gatesError);
  const failed = useMoveStore((s) => failedGates(s).length);
  const results = gates && status !== 'loading' ? gates : null;
  const openVersion = () => {
    moveStore.getState().close();
    uiStore.getState().openRegistry({ view: 'version', name: move.name, version: move.version });
  };
  return (
    <Stack gap="xs" data-testid="move-gates" data-failed={failed}>
      <Title order={6}>Gates</Title>
      {status === 'loading' && <LoadingState label="Checking the gates…" />}
      {status === 'error' && error && <ErrorState title="Could not check the gates (the move checks them again)" error={error} />}
      {results && failed > 0 && (
        <Alert color="red" variant="light" icon={<CircleAlert size={16} />} title={`${failed} of ${results.length} gate${results.length === 1 ? '' : 's'} fail${failed === 1 ? 's' : ''}: the move is blocked`} data-testid="move-blocked">
          <Stack gap="xs">
            <GateResultList results={results} />
            <Text size="sm">
              Give version {move.version} what it lacks on{' '}
              <Anchor component="button" size="sm" c="inherit" fw={600} underline="always" onClick={openVersion} data-testid="move-open-version">
                its page
              </Anchor>
              , or override below with a written reason.
            </Text>
          </Stack>
        </Alert>
      )}
      {results && failed === 0 && <GateResultList results={results} />}
    </Stack>
  );
}

function Form({ move, model }: { move: Move; model: RegistryModelDetail | null }) {
  const archive = useMoveStore((s) => s.archiveExisting);
  const comment = useMoveStore((s) => s.comment);
  const override = useMoveStore((s) => s.override);
  // The count is selected, not the list: a new array per call would re-render without end.
  const gates = useMoveStore((s) => s.gates);
  const failed = failedGates({ gates });
  const done = useMoveStore((s) => s.outcome?.done ?? false);
  const stage = move.to.kind === 'stage' ? move.to.stage : null;
  const others = stage && model ? model.versions.filter((v) => v.stage === stage && v.version !== move.version).map((v) => v.version) : [];
  if (done) return null;
  return (
    <Stack gap="sm">
      {(stage === 'Staging' || stage === 'Production') && (
        <Checkbox
          checked={archive}
          onChange={(event) => moveStore.getState().setArchiveExisting(event.currentTarget.checked)}
          label={`Archive the versions now in ${stage}`}
          description={others.length > 0 ? `Now there: ${others.map((v) => `version ${v}`).join(', ')}` : `No other version is in ${stage} now.`}
          data-testid="move-archive-existing"
        />
      )}
      <Textarea label="Comment" placeholder="Why this move (kept in the audit trail)" autosize minRows={2} maxRows={6} value={comment} onChange={(event) => moveStore.getState().setComment(event.currentTarget.value)} data-testid="move-comment" />
      {failed.length > 0 && (
        <Textarea
          label="Override with a reason"
          description="Why it should pass anyway. Kept in the audit trail with the failed gates."
          placeholder="Approved by … because …"
          autosize
          minRows={2}
          maxRows={6}
          value={override}
          onChange={(event) => moveStore.getState().setOverride(event.currentTarget.value)}
          data-testid="move-override"
        />
      )}
    </Stack>
  );
}

export function MoveDialog({ model }: { model: RegistryModelDetail | null }) {
  const move = useMoveStore((s) => s.move);
  const outcome = useMoveStore((s) => s.outcome);
  const submitting = useMoveStore((s) => s.submitting);
  const submitError = useMoveStore((s) => s.submitError);
  const ready = useMoveStore(canSubmit);
  const failed = useMoveStore((s) => failedGates(s).length);
  const close = () => moveStore.getState().close();
  const title = move
    ? move.to.kind === 'stage'
      ? `Move version ${move.version} to ${move.to.stage}`
      : `Point @${move.to.alias} at version ${move.version}`
    : '';
  return (
    <Modal opened={move !== null} onClose={close} title={<Text fw={600} style={wrapAnywhere}>{title}</Text>} size="lg" data-testid="move-dialog-root">
      {move && (
        <Stack gap="md" data-testid="move-dialog" data-target={move.to.kind === 'stage' ? move.to.stage : `@${move.to.alias}`}>
          <Text size="sm" c="dimmed" style={wrapAnywhere}>
            {move.name}: {move.from ?? 'nowhere'} → {targetLabel(move.to)}
          </Text>
          <Gates move={move} />
          <Form move={move} model={model} />
          {submitError && <ErrorState title="The move was refused" error={submitError} />}
          {outcome && <Outcome outcome={outcome} move={move} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-testid="move-close">
              {outcome?.done ? 'Close' : 'Cancel'}
            </Button>
            {!outcome?.done && (
              <Button color={failed > 0 ? 'red' : undefined} onClick={() => void moveStore.getState().submit()} disabled={!ready} loading={submitting} data-testid="move-confirm">
                {failed > 0 ? 'Override and move' : move.to.kind === 'stage' ? 'Move' : 'Set alias'}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
