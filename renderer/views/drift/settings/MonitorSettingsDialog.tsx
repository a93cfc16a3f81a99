// A monitor's settings dialog: its name, the dataset drift share, the label
// column (or guessed), the alerts, and each reference column's type, method,
// threshold and "ignore". Saving new settings makes the backend recompute
// every batch (the header shows the progress); its refusal is shown here.
// Removing the monitor, after a confirm, returns to the monitors list.
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { Trash2 } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MonitorDetail } from '../../../../shared/drift/monitor';
import { currentChoices, draftOf, draftProblems, editChangesOf, editColumn, hasProblems, type ColumnDraft, type SettingsDraft } from '../../../stores/drift/settingsDraft';
import { settingsStore, useSettingsStore } from '../../../stores/drift/settingsStore';
import { ColumnSettingsTable } from './ColumnSettingsTable';

const GUESS = '';

function GeneralFields({ draft, edit, problems, detail }: { draft: SettingsDraft; edit(patch: Partial<SettingsDraft>): void; problems: ReturnType<typeof draftProblems>; detail: MonitorDetail }) {
  const guessed = detail.monitor.settings.labelColumn === null ? detail.labelColumn : null;
  const labels = [{ value: GUESS, label: guessed ? `guess (${guessed} now)` : 'guess (target, label, y…)' }, ...detail.referenceColumns.map((column) => ({ value: column, label: column }))];
  if (draft.labelColumn !== null && !detail.referenceColumns.includes(draft.labelColumn)) labels.push({ value: draft.labelColumn, label: `${draft.labelColumn} (not in the reference)` });
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <TextInput label="Name" description="Shown in the list and the alerts" value={draft.name} onChange={(e) => edit({ name: e.currentTarget.value })} error={problems.name} data-testid="settings-name" />
      <TextInput label="Dataset drift at" description="The share of drifted columns (0 to 1)" value={draft.driftShare} onChange={(e) => edit({ driftShare: e.currentTarget.value })} error={problems.driftShare} data-testid="settings-drift-share" />
      <NativeSelect label="Label column" description="Left out of drift; measures performance" data={labels} value={draft.labelColumn ?? GUESS} onChange={(e) => edit({ labelColumn: e.currentTarget.value === GUESS ? null : e.currentTarget.value })} data-testid="settings-label" />
    </SimpleGrid>
  );
}

function AlertFields({ draft, edit, problem }: { draft: SettingsDraft; edit(patch: Partial<SettingsDraft>): void; problem: string | undefined }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Alerts
      </Text>
      <Group gap="lg" align="flex-start">
        <Checkbox label="When the dataset drifts" checked={draft.alertDataset} onChange={(e) => edit({ alertDataset: e.currentTarget.checked })} data-testid="settings-alert-dataset" />
        <Checkbox label="When a column starts drifting" checked={draft.alertColumns} onChange={(e) => edit({ alertColumns: e.currentTarget.checked })} data-testid="settings-alert-columns" />
        <Group gap={6} align="flex-start" wrap="nowrap">
          <Checkbox label="When a metric drops by more than" checked={draft.alertPerformance} onChange={(e) => edit({ alertPerformance: e.currentTarget.checked })} data-testid="settings-alert-performance" mt={4} />
          <TextInput size="xs" w={90} value={draft.performanceDrop} disabled={!draft.alertPerformance} onChange={(e) => edit({ performanceDrop: e.currentTarget.value })} error={problem} aria-label="Performance drop" data-testid="settings-performance-drop" />
        </Group>
      </Group>
    </Stack>
  );
}

function RemoveButton() {
  return (
    <Button variant="subtle" color="red" size="xs" leftSection={<Trash2 size={14} />} onClick={() => settingsStore.getState().askRemove(true)} data-testid="monitor-remove">
      Remove monitor…
    </Button>
  );
}

function RemoveConfirm({ detail }: { detail: MonitorDetail }) {
  const removing = useSettingsStore((s) => s.removing);
  const error = useSettingsStore((s) => s.removeError);
  const { id, name, batches } = detail.monitor;
  return (
    <Alert color="red" variant="light" title={`Remove “${name}”?`} data-testid="monitor-remove-confirm">
      <Stack gap="xs">
        <Text size="sm">
          Its {batches} {batches === 1 ? 'batch' : 'batches'} and its alerts are deleted from Runlens. The reference, the folder and the model are not touched.
        </Text>
        {error && (
          <Text size="sm" c="red" data-testid="monitor-remove-error">
            {error.message}
          </Text>
        )}
        <Group gap="xs">
          <Button color="red" size="xs" loading={removing} onClick={() => void settingsStore.getState().remove(id)} data-testid="monitor-remove-yes">
            Remove
          </Button>
          <Button variant="default" size="xs" onClick={() => settingsStore.getState().askRemove(false)}>
            Keep it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function DialogBody({ detail }: { detail: MonitorDetail }) {
  // The draft starts from the monitor as it was when the dialog opened: refetches while it is open do not reset what is typed.
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(detail));
  const current = useMemo(() => currentChoices(detail), [detail]);
  const problems = useMemo(() => draftProblems(draft, current), [draft, current]);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const confirmingRemove = useSettingsStore((s) => s.confirmingRemove);
  const edit = useCallback((patch: Partial<SettingsDraft>) => setDraft((d) => ({ ...d, ...patch })), []);
  const onColumn = useCallback((column: string, patch: Partial<ColumnDraft>) => setDraft((d) => editColumn(d, column, patch)), []);
  const save = (): void => {
    const outcome = editChangesOf(draft, detail);
    if (outcome.ok) void settingsStore.getState().save(detail.monitor.id, outcome.changes);
  };
  const labelColumn = draft.labelColumn ?? detail.labelColumn;
  return (
    <Stack gap="md">
      <GeneralFields draft={draft} edit={edit} problems={problems} detail={detail} />
      <AlertFields draft={draft} edit={edit} problem={problems.performanceDrop} />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Columns
        </Text>
        <Text size="xs" c="dimmed">
          Placeholders show what the newest batch used. An empty threshold is the method’s default (0.05 for p-values, 0.1 for distances).
        </Text>
        <ColumnSettingsTable columns={draft.columns} current={current} problems={problems.columns} labelColumn={labelColumn} onChange={onColumn} />
      </Stack>
      {saveError && (
        <Alert color="red" variant="light" title="The settings were not saved" data-testid="settings-error">
          {saveError.message}
        </Alert>
      )}
      {confirmingRemove && <RemoveConfirm detail={detail} />}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Button onClick={save} loading={saving} disabled={hasProblems(problems)} data-testid="settings-save">
            Save
          </Button>
          <Button variant="default" onClick={() => settingsStore.getState().close()} data-testid="settings-cancel">
            Cancel
          </Button>
          <Text size="xs" c="dimmed">
            Other settings recompute every batch.
          </Text>
        </Group>
        {!confirmingRemove && <RemoveButton />}
      </Group>
    </Stack>
  );
}

export function MonitorSettingsDialog({ detail }: { detail: MonitorDetail }) {
  const openFor = useSettingsStore((s) => s.openFor);
  const opened = openFor === detail.monitor.id;
  // Leaving the page closes the dialog: coming back does not find it open.
  useEffect(() => () => settingsStore.getState().close(), []);
  return (
    <Modal opened={opened} onClose={() => settingsStore.getState().close()} size="xl" title={<Text fw={600}>Settings of “{detail.monitor.name}”</Text>} attributes={{ content: { 'data-testid': 'settings-dialog' } }}>
      {opened && <DialogBody key={detail.monitor.id} detail={detail} />}
    </Modal>
  );
}
