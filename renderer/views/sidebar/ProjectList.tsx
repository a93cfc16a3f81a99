// "All projects" and one entry per registered project folder.
import { Skeleton, Text, UnstyledButton } from '@mantine/core';
import { Layers } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import {
  selectProjects,
  selectProjectsError,
  selectProjectsStatus,
  selectTotalRunCount,
} from '../../stores/projects/selectors';
import { useProjectsStore } from '../../stores/projects/store';
import { selectSelectedProjectId } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { ProjectItem } from './ProjectItem';
import classes from './Sidebar.module.css';

export function ProjectList() {
  const projects = useProjectsStore(useShallow(selectProjects));
  const status = useProjectsStore(selectProjectsStatus);
  const error = useProjectsStore(selectProjectsError);
  const totalRuns = useProjectsStore(selectTotalRunCount);
  const selectedId = useUiStore(selectSelectedProjectId);
  const select = uiStore.getState().selectProject;

  if (status === 'idle' || (status === 'loading' && projects.length === 0)) {
    return <Skeleton h={28} radius="sm" />;
  }
  if (status === 'error' && error) {
    return (
      <Text size="xs" c="red" px={8} data-testid="error-message">
        {error.message}
      </Text>
    );
  }
  return (
    <>
      {projects.length > 0 && (
        <div className={classes.item} data-active={selectedId === null || undefined}>
          <UnstyledButton className={classes.select} onClick={() => select(null)} data-testid="all-projects">
            <Layers size={16} />
            <span className={classes.label}>All projects</span>
            <Text size="xs" c="dimmed">
              {totalRuns.toLocaleString()}
            </Text>
          </UnstyledButton>
        </div>
      )}
      {projects.map((project) => (
        <ProjectItem
          key={project.id}
          project={project}
          active={project.id === selectedId}
          onSelect={() => select(project.id)}
        />
      ))}
    </>
  );
}
