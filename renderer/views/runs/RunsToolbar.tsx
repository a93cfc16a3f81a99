// Title of what is shown, and the filter over name, experiment and params.
import { CloseButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { Search } from 'lucide-react';
import type { Project } from '../../../shared/domain';
import { baseName } from '../../format/date';
import { filterCounts, selectRuns } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';
import { selectRunFilter } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';

export function RunsToolbar({ project }: { project: Project | null }) {
  const filter = useUiStore(selectRunFilter);
  const runs = useRunsStore(selectRuns);
  const { shown, total } = filterCounts(runs, filter);
  const setFilter = uiStore.getState().setRunFilter;
  const count = shown === total ? `${total.toLocaleString()} runs` : `${shown.toLocaleString()} of ${total.toLocaleString()} runs`;

  return (
    <Group px="md" py="sm" justify="space-between" wrap="nowrap" gap="md" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Stack gap={0} miw={0}>
        <Title order={5} lineClamp={1}>
          {project ? baseName(project.path) : 'All projects'}
        </Title>
        <Text size="xs" c="dimmed" truncate="end" title={project?.path}>
          {project ? project.path : 'Runs of every project'} · {count}
        </Text>
      </Stack>
      {total > 0 && (
        <TextInput
          w={320}
          size="xs"
          placeholder="Filter by name, experiment or param (lr=0.01)"
          leftSection={<Search size={14} />}
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          rightSection={filter ? <CloseButton size="xs" aria-label="Clear the filter" onClick={() => setFilter('')} /> : null}
          data-testid="runs-filter"
          aria-label="Filter runs"
        />
      )}
    </Group>
  );
}
