// Side panel with every problem met while reading the project's files, by file.
import { Drawer, ScrollArea, Stack, Text } from '@mantine/core';
import { CircleCheck } from 'lucide-react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Project } from '../../../shared/domain';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { baseName } from '../../format/date';
import { selectProjects } from '../../stores/projects/selectors';
import { useProjectsStore } from '../../stores/projects/store';
import { selectWarningsOpen } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { groupWarningsByFile, selectWarnings, selectWarningsError, selectWarningsStatus } from '../../stores/warnings/selectors';
import { warningsStore, useWarningsStore } from '../../stores/warnings/store';
import { WarningFileGroup } from './WarningFileGroup';
import { useRunNames } from './useRunNames';

/** `project` is the project in view; null for all projects. */
export function WarningsDrawer({ project }: { project: Project | null }) {
  const opened = useUiStore(selectWarningsOpen);
  const warnings = useWarningsStore(selectWarnings);
  const status = useWarningsStore(selectWarningsStatus);
  const error = useWarningsStore(selectWarningsError);
  const projects = useProjectsStore(useShallow(selectProjects));
  // Named only while the panel is open: no request for a closed panel.
  const runsById = useRunNames(warnings, opened);

  const groups = useMemo(() => {
    // Paths are shown below the project folder; with several projects, below the one that holds them.
    const folders = project ? [project.path] : projects.map((p) => p.path);
    return groupWarningsByFile(warnings, folders, !project && projects.length > 1);
  }, [warnings, project, projects]);

  const close = () => uiStore.getState().openWarnings(false);
  // One panel at a time: the run's panel takes this one's place.
  const openRun = (runId: string) => {
    close();
    uiStore.getState().openRun(runId);
  };
  const where = project ? baseName(project.path) : 'all projects';

  return (
    <Drawer
      opened={opened}
      onClose={close}
      position="right"
      size="lg"
      title={<Text fw={600}>Problems reading {where}</Text>}
      scrollAreaComponent={ScrollArea.Autosize}
      attributes={{ content: { 'data-testid': 'warnings-drawer' } }}
    >
      <Stack gap="sm">
        {warnings.length > 0 && (
          <Text size="sm" c="dimmed">
            Runlens skipped what it could not read and kept the rest of each file. Fix a file and it is
            read again on its own.
          </Text>
        )}
        {status === 'loading' && warnings.length === 0 && <LoadingState label="Loading warnings…" />}
        {status === 'error' && error && (
          <ErrorState title="Could not list the warnings" error={error} onRetry={() => void warningsStore.getState().refresh()} />
        )}
        {status === 'ready' && warnings.length === 0 && (
          <Stack align="center" gap={6} py="xl" data-testid="warnings-empty">
            <CircleCheck size={28} strokeWidth={1.5} color="var(--mantine-color-green-filled)" />
            <Text fw={600}>{project ? 'No problems reading this project.' : 'No problems reading any project.'}</Text>
            <Text size="sm" c="dimmed">
              Every file Runlens found was read in full.
            </Text>
          </Stack>
        )}
        {groups.map((group) => (
          <WarningFileGroup key={group.path} group={group} runsById={runsById} onOpenRun={openRun} />
        ))}
      </Stack>
    </Drawer>
  );
}
