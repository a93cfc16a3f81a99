// "Register model": a run's .onnx file or MLflow model folder becomes the
// next version of a model (an existing name is offered), with a description,
// tags, and optionally a copy kept in Runlens's data folder.
import { Alert, Autocomplete, Button, Checkbox, Code, Group, Modal, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { CircleCheck } from 'lucide-react';
import type { ModelVersionRecord } from '../../../../shared/registry/types';
import { MODEL_NAME_MAX } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { registerStore, useRegisterStore } from '../../../stores/registry/registerStore';
import { uiStore } from '../../../stores/ui/store';
import { FileStateBadge, shortSha, wrapAnywhere } from '../parts';

function Registered({ version }: { version: ModelVersionRecord }) {
  const open = () => {
    registerStore.getState().close();
    uiStore.getState().openRegistry({ view: 'version', name: version.model, version: version.version });
  };
  return (
    <Stack gap="sm" data-testid="register-done" data-name={version.model} data-version={version.version}>
      <Alert color="green" variant="light" icon={<CircleCheck size={16} />} title={`Registered as version ${version.version}`}>
        <Stack gap={4}>
          <Text size="sm" style={wrapAnywhere}>
            {version.model} · version {version.version} · SHA-256 <Code>{shortSha(version.sha256)}</Code> <FileStateBadge state={version.fileState} />
          </Text>
          <Text size="xs" c="dimmed">
            {version.copyPath ? 'A copy is kept in the data folder.' : 'Only the path and SHA-256 are kept: Runlens notices if the file changes or goes.'}
          </Text>
        </Stack>
      </Alert>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => registerStore.getState().close()}>
          Close
        </Button>
        <Button onClick={open} data-testid="register-open">
          Open the version
        </Button>
      </Group>
    </Stack>
  );
}

function Form() {
  const target = useRegisterStore((s) => s.target);
  const form = useRegisterStore((s) => s.form);
  const names = useRegisterStore((s) => s.names);
  const submitting = useRegisterStore((s) => s.submitting);
  const error = useRegisterStore((s) => s.error);
  const set = registerStore.getState().setForm;
  const existing = names.includes(form.name.trim());
  const tooLong = [...form.name].length > MODEL_NAME_MAX;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" style={wrapAnywhere}>
        <Code>{target?.artifactPath}</Code>
      </Text>
      <Autocomplete
        label="Model name"
        description={existing ? 'An existing model: this becomes its next version.' : 'A new model, created with this as version 1 (or pick an existing one).'}
        data={names}
        value={form.name}
        onChange={(name) => set({ name })}
        error={tooLong ? `At most ${MODEL_NAME_MAX} characters` : undefined}
        data-autofocus
        data-testid="register-name"
      />
      <Textarea label="Description" autosize minRows={2} maxRows={6} value={form.description} onChange={(e) => set({ description: e.currentTarget.value })} data-testid="register-description" />
      <TagsInput label="Tags" description="key=value, Enter after each" value={form.tags} onChange={(tags) => set({ tags })} acceptValueOnBlur data-testid="register-tags" />
      <Checkbox
        label="Keep a copy in Runlens's data folder"
        description="Otherwise only the path and SHA-256 are recorded"
        checked={form.keepCopy}
        onChange={(e) => set({ keepCopy: e.currentTarget.checked })}
        data-testid="register-keep-copy"
      />
      {error && <ErrorState title="Not registered" error={error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => registerStore.getState().close()}>
          Cancel
        </Button>
        <Button onClick={() => void registerStore.getState().submit()} disabled={!form.name.trim() || tooLong} loading={submitting} data-testid="register-submit">
          Register
        </Button>
      </Group>
    </Stack>
  );
}

export function RegisterDialog() {
  const target = useRegisterStore((s) => s.target);
  const registered = useRegisterStore((s) => s.registered);
  return (
    <Modal opened={target !== null} onClose={() => registerStore.getState().close()} title={<Text fw={600}>Register model</Text>} size="lg">
      <div data-testid="register-dialog">{registered ? <Registered version={registered} /> : <Form />}</div>
    </Modal>
  );
}
