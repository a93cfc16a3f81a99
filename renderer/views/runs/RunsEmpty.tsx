// What to do when there is nothing to show yet: add a folder, or log a first run.
import { Code, Stack, Text } from '@mantine/core';
import { FlaskConical, FolderPlus } from 'lucide-react';
import type { Project } from '../../../shared/domain';
import { EmptyState } from '../../components/EmptyState';
import { FirstRunSnippet } from '../../components/FirstRunSnippet';
import { baseName } from '../../format/date';

export function NoProjects() {
  return (
    <EmptyState
      icon={<FolderPlus size={28} strokeWidth={1.5} />}
      title="Add a project folder"
      description={
        <>
          Runlens shows the runs your training code already writes: its own format, MLflow,
          TensorBoard and DVCLive. Add the folder that holds them with <b>Add project folder</b> in
          the sidebar; Runlens only reads it.
        </>
      }
    >
      <FirstRunSnippet projectPath="/path/to/project" />
    </EmptyState>
  );
}

/** A project (or all of them) without runs; `project` is the folder to log into, when known. */
export function NoRuns({ project }: { project: Project | null }) {
  return (
    <EmptyState
      icon={<FlaskConical size={28} strokeWidth={1.5} />}
      title={project ? `No runs in ${baseName(project.path)} yet` : 'No runs yet'}
      description={
        <Stack gap={6} align="center">
          <Text span size="sm" c="dimmed">
            Runs appear here as soon as they are written{project ? ' below this folder' : ''}; no
            reload needed.
          </Text>
          {project && <Code style={{ wordBreak: 'break-all' }}>{project.path}</Code>}
        </Stack>
      }
    >
      <FirstRunSnippet projectPath={project?.path ?? '/path/to/project'} />
    </EmptyState>
  );
}
