// Title of what is shown with its warnings, and the controls over the rows:
// source, deleted runs, and the filter over name, experiment and params.
import { CloseButton, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { Search } from 'lucide-react';
import type { Project } from '../../../shared/domain';
import { baseName } from '../../format/date';
import { deletedCountOf, filterCounts, selectRuns } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';
import { selectRunFilter, selectShowDeleted, selectSourceFilter } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { WarningsButton } from '../warnings/WarningsButton';
import { SourceFilter } from './SourceFilter';

export function RunsToolbar({ project }: { project: Project | null }) {
  const filter = useUiStore(selectRunFilter);
  const source = useUiStore(selectSourceFilter);
  const showDeleted = useUiStore(selectShowDeleted);
  const runs = useRunsStore(selectRuns);
  const { shown, total } = filterCounts(runs, filter, source);
  const { setRunFilter: setFilter, setShowDeleted } = uiStore.getState();
  const count = shown === total ? `${total.toLocaleString()} runs` : `${shown.toLocaleString()} of ${total.toLocaleString()} runs`;
  const deleted = deletedCountOf(runs);

  return (
    // Wraps on narrow windows: the controls go below the title rather than out of view.
    <Group px="md" py="sm" justify="space-between" gap="md" style={{ rowGap: 'var(--mantine-spacing-xs)', borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Stack gap={0} miw={0} style={{ flex: '1 1 220px' }}>
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Title order={5} lineClamp={1}>
            {project ? baseName(project.path) : 'All projects'}
          </Title>
          <WarningsButton />
        </Group>
        <Text size="xs" c="dimmed" truncate="end" title={project?.path}>
          {project ? project.path : 'Runs of every project'} · {count}
          {deleted > 0 && ` (${deleted.toLocaleString()} deleted)`}
        </Text>
      </Stack>
      <Group gap="md" justify="flex-end" style={{ rowGap: 'var(--mantine-spacing-xs)', flex: '0 1 auto' }}>
        <SourceFilter />
        <Switch
          size="xs"
          label="Show deleted"
          checked={showDeleted}
          onChange={(event) => setShowDeleted(event.currentTarget.checked)}
          data-testid="show-deleted-toggle"
          wrapperProps={{ title: "Also list runs deleted in their source (MLflow's lifecycle_stage), dimmed" }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
        />
        {total > 0 && (
          <TextInput
            w={280}
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
    </Group>
  );
}
