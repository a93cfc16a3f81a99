// Registers a project folder: the OS picker in the desktop app, a path field in the browser.
import { Button, Group, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FolderPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { appClient } from '../../api/appClient';
import { baseName } from '../../format/date';
import { selectCanPickFolder } from '../../stores/app/selectors';
import { useAppStore } from '../../stores/app/store';
import { projectsStore } from '../../stores/projects/store';
import { uiStore } from '../../stores/ui/store';

export function AddProject() {
  const canPickFolder = useAppStore(selectCanPickFolder);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const addPath = async (folder: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    const result = await projectsStore.getState().add(folder);
    setBusy(false);
    if (!result.ok) {
      // The backend's message names the folder and what is wrong with it.
      setError(result.error.message);
      notifications.show({ color: 'red', title: 'Could not add the project', message: result.error.message });
      return false;
    }
    uiStore.getState().selectProject(result.value.id);
    notifications.show({
      color: 'green',
      title: `Added ${baseName(result.value.path)}`,
      message: result.value.readStopped
        ? `Reading stopped with ${result.value.runCount.toLocaleString()} run${result.value.runCount === 1 ? '' : 's'} read; the rest is read when Runlens next starts, or when you add the folder again.`
        : `${result.value.runCount.toLocaleString()} run${result.value.runCount === 1 ? '' : 's'} found.`,
    });
    return true;
  };

  const pickAndAdd = async (): Promise<void> => {
    const picked = await appClient.pickFolder();
    if (!picked.ok) {
      setError(picked.error.message);
      return;
    }
    if (picked.value.path) await addPath(picked.value.path);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const folder = path.trim();
    if (!folder) {
      setError('Type the path of a folder that holds runs.');
      return;
    }
    if (await addPath(folder)) setPath('');
  };

  const errorText = error && (
    <Text size="xs" c="red" px={4} data-testid="error-message">
      {error}
    </Text>
  );

  if (canPickFolder) {
    return (
      <>
        <Button
          variant="light"
          size="xs"
          mt={6}
          leftSection={<FolderPlus size={16} />}
          loading={busy}
          onClick={() => void pickAndAdd()}
          data-testid="add-project-pick"
        >
          Add project folder
        </Button>
        {errorText}
      </>
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} style={{ marginTop: 6 }}>
      <Text size="xs" fw={500} px={4} mb={4} component="label" htmlFor="add-project-path">
        Add project folder
      </Text>
      <Group gap={6} wrap="nowrap" mt={4}>
        <TextInput
          id="add-project-path"
          size="xs"
          flex={1}
          placeholder="/path/to/project"
          value={path}
          onChange={(event) => setPath(event.currentTarget.value)}
          error={Boolean(error)}
          spellCheck={false}
          autoComplete="off"
          data-testid="add-project-input"
        />
        <Button type="submit" size="xs" loading={busy} data-testid="add-project-submit">
          Add
        </Button>
      </Group>
      {errorText && <div style={{ marginTop: 4 }}>{errorText}</div>}
    </form>
  );
}
