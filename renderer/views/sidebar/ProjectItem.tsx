// One project folder: name, run count, and what is wrong with it if anything.
import { Badge, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { Folder, TriangleAlert } from 'lucide-react';
import type { Project } from '../../../shared/domain';
import { baseName } from '../../format/date';
import { RemoveProjectButton } from './RemoveProjectButton';
import classes from './Sidebar.module.css';

interface Props {
  project: Project;
  active: boolean;
  onSelect(): void;
}

export function ProjectItem({ project, active, onSelect }: Props) {
  return (
    <div
      className={classes.item}
      data-active={active || undefined}
      data-testid="project-item"
      data-project-path={project.path}
      data-project-id={project.id}
    >
      <UnstyledButton className={classes.select} onClick={onSelect} title={project.path}>
        <Folder size={16} style={{ flexShrink: 0 }} />
        <span className={classes.label}>{baseName(project.path)}</span>
        {!project.available && (
          <Tooltip label={project.problem ?? 'This folder cannot be read.'} multiline maw={280} withArrow>
            <TriangleAlert
              size={15}
              color="var(--mantine-color-orange-filled)"
              data-testid="project-problem"
              aria-label={project.problem ?? 'This folder cannot be read.'}
            />
          </Tooltip>
        )}
        {project.watchMode === 'polling' && (
          <Tooltip label="Checking for changes every second by polling: the OS file watcher is out of handles or turned off (RUNLENS_WATCH=poll)" multiline maw={260} withArrow>
            <Badge size="xs" variant="light" color="yellow" radius="sm" data-testid="watch-polling">
              polling
            </Badge>
          </Tooltip>
        )}
        <Text size="xs" c="dimmed" data-testid="project-run-count">
          {project.runCount.toLocaleString()}
        </Text>
      </UnstyledButton>
      <RemoveProjectButton project={project} />
    </div>
  );
}
