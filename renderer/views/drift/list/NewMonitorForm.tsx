// The New-monitor form: name, reference CSV, a folder (or a list of files),
// an optional ONNX model, batches per file or per day / week / month of a
// timestamp column, the label column and the drift share. The backend checks
// the paths and its refusal is shown here, in place.
import { Alert, Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { driftListStore, useDriftListStore } from '../../../stores/drift/listStore';
import { addMonitorArgsOf, emptyDraft, type MonitorDraft } from '../../../stores/drift/newMonitor';
import { openDrift } from '../../../stores/drift/route';

const batchChoices = [
  { value: 'file', label: 'one batch per file' },
  { value: 'day', label: 'per day of a timestamp column' },
  { value: 'week', label: 'per week (Monday first)' },
  { value: 'month', label: 'per month' },
];

export function NewMonitorForm({ startOpen }: { startOpen: boolean }) {
  const [open, setOpen] = useState(startOpen);
  const [draft, setDraft] = useState<MonitorDraft>(emptyDraft);
  const [problem, setProblem] = useState<{ field: keyof MonitorDraft; text: string } | null>(null);
  const adding = useDriftListStore((s) => s.adding);
  const addError = useDriftListStore((s) => s.addError);
  const edit = (patch: Partial<MonitorDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setProblem(null);
    if (addError) driftListStore.getState().clearAddError();
  };
  const errorOf = (field: keyof MonitorDraft): string | undefined => (problem?.field === field ? problem.text : undefined);
  const submit = async (): Promise<void> => {
    const outcome = addMonitorArgsOf(draft);
    if (!outcome.ok) return setProblem({ field: outcome.field, text: outcome.problem });
    const result = await driftListStore.getState().add(outcome.args);
    if (result.ok) {
      setDraft(emptyDraft);
      openDrift({ view: 'monitor', id: result.value.id, batch: null });
    }
  };
  if (!open) {
    return (
      <Group>
        <Button leftSection={<Plus size={16} />} onClick={() => setOpen(true)} data-testid="drift-new-monitor">
          New monitor
        </Button>
      </Group>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      data-testid="drift-monitor-form"
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <TextInput label="Name" description="Shown in the list, the alerts and the notifications" value={draft.name} onChange={(e) => edit({ name: e.currentTarget.value })} error={errorOf('name')} data-testid="monitor-form-name" />
          <TextInput label="Reference CSV" description="The data the model learned from" placeholder="/data/train.csv" value={draft.reference} onChange={(e) => edit({ reference: e.currentTarget.value })} error={errorOf('reference')} data-testid="monitor-form-reference" />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Current data
          </Text>
          <SegmentedControl size="xs" w={260} value={draft.currentKind} onChange={(value) => edit({ currentKind: value as MonitorDraft['currentKind'] })} data={[{ value: 'folder', label: 'A folder (watched)' }, { value: 'files', label: 'A list of files' }]} data-testid="monitor-form-current-kind" />
          {draft.currentKind === 'folder' ? (
            <TextInput description="Each CSV that lands in it is a batch; Runlens only reads it" placeholder="/data/monitoring" value={draft.folder} onChange={(e) => edit({ folder: e.currentTarget.value })} error={errorOf('folder')} data-testid="monitor-form-folder" aria-label="Folder" />
          ) : (
            <Textarea description="One path per line" autosize minRows={2} value={draft.files} onChange={(e) => edit({ files: e.currentTarget.value })} error={errorOf('files')} data-testid="monitor-form-files" aria-label="Files" />
          )}
        </Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <TextInput label="Model (optional)" description="An ONNX file: prediction drift, performance and its estimate" placeholder="/models/model.onnx" value={draft.model} onChange={(e) => edit({ model: e.currentTarget.value })} data-testid="monitor-form-model" />
          <TextInput label="Label column (optional)" description="Left empty: guessed (target, label, y…)" value={draft.labelColumn} onChange={(e) => edit({ labelColumn: e.currentTarget.value })} data-testid="monitor-form-label" />
          <Select label="Batches" description="What one batch of the current data is" data={batchChoices} value={draft.batchBy} onChange={(value) => value && edit({ batchBy: value as MonitorDraft['batchBy'] })} allowDeselect={false} data-testid="monitor-form-batch-by" />
          {draft.batchBy !== 'file' && (
            <TextInput label="Timestamp column" description="ISO dates or times, or epoch seconds / ms (UTC)" value={draft.timeColumn} onChange={(e) => edit({ timeColumn: e.currentTarget.value })} error={errorOf('timeColumn')} data-testid="monitor-form-time-column" />
          )}
          <TextInput label="Dataset drift at" description="The share of drifted columns (0 to 1)" value={draft.driftShare} onChange={(e) => edit({ driftShare: e.currentTarget.value })} error={errorOf('driftShare')} data-testid="monitor-form-drift-share" />
        </SimpleGrid>
        {addError && (
          <Alert color="red" variant="light" title="The monitor was not added" data-testid="monitor-form-error">
            {addError.message}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" loading={adding} data-testid="monitor-form-submit">
            Add monitor
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            Close
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
