// Forgetting a project asks first; the folder itself is never touched.
import { ActionIcon, Button, Group, Popover, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { X } from 'lucide-react';
import { useState } from 'react';
import type { Project } from '../../../shared/domain';
import { baseName } from '../../format/date';
import { projectsStore } from '../../stores/projects/store';
import { uiStore } from '../../stores/ui/store';
import classes from './Sidebar.module.css';

export function RemoveProjectButton({ project }: { project: Project }) {
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);

  const remove = async (): Promise<void> => {
    setBusy(true);
    const result = await projectsStore.getState().remove(project.id);
    setBusy(false);
    setOpened(false);
    if (!result.ok) {
      notifications.show({ color: 'red', title: 'Could not remove the project', message: result.error.message });
      return;
    }
    if (uiStore.getState().selectedProjectId === project.id) uiStore.getState().selectProject(null);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="right-start" withArrow shadow="md" width={260}>
      <Popover.Target>
        <ActionIcon
          className={classes.remove}
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Remove ${baseName(project.path)}`}
          data-testid="project-remove"
          data-expanded={opened || undefined}
          onClick={() => setOpened((o) => !o)}
        >
          <X size={14} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Remove {baseName(project.path)}?
          </Text>
          <Text size="xs" c="dimmed">
            Runlens forgets its runs. The folder and its files stay as they are; add it again at any
            time.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button size="xs" color="red" loading={busy} onClick={() => void remove()} data-testid="project-remove-confirm">
              Remove
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
