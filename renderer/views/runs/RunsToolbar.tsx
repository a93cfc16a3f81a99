// Title of what is shown with its warnings, and the controls over the rows:
// source, deleted and hidden runs, the filter, grouping, columns, density, and
// what to do with the selected runs.
import { ActionIcon, Button, Group, Popover, Stack, Switch, Text, Title } from '@mantine/core';
import { Rows2, Rows3, Tags } from 'lucide-react';
import type { Project } from '../../../shared/domain';
import { baseName } from '../../format/date';
import { useColumnLayout } from '../../stores/runs/columnLayout';
import { selectIncludeHidden, selectPages, selectScopeTotal, selectTotal } from '../../stores/runs/selectors';
import { runsStore, useRunsStore } from '../../stores/runs/store';
import { selectSelectedRunIds, selectShowDeleted } from '../../stores/ui/selectors';
import { MAX_COMPARED_RUNS, uiStore, useUiStore } from '../../stores/ui/store';
import { WarningsButton } from '../warnings/WarningsButton';
import { AnnotationForm } from './AnnotationMenu';
import { ColumnChooser } from './ColumnChooser';
import { FilterBox } from './FilterBox';
import { GroupBy } from './GroupBy';
import { toggleDensity } from './RunsTable';
import { SourceFilter } from './SourceFilter';

function countText(total: number | null, scopeTotal: number | null): string {
  if (total === null) return 'Loading runs…';
  if (scopeTotal === null || scopeTotal === total) return `${total.toLocaleString()} run${total === 1 ? '' : 's'}`;
  return `${total.toLocaleString()} of ${scopeTotal.toLocaleString()} runs`;
}

function SelectionActions() {
  const selected = useUiStore(selectSelectedRunIds);
  const pages = useRunsStore(selectPages);
  if (selected.length === 0) return null;
  const canCompare = selected.length >= 2 && selected.length <= MAX_COMPARED_RUNS;
  // The first selected run in view gives the form its starting values (one run); many start blank.
  const first = selected.length === 1 ? Object.values(pages).flat().find((row) => row.id === selected[0]) : undefined;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="selection-actions">
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="selection-count">
        {selected.length.toLocaleString()} selected
      </Text>
      {selected.length >= 2 && (
        <Button
          size="xs"
          disabled={!canCompare}
          title={canCompare ? 'Compare the selected runs' : `Compare takes 2 to ${MAX_COMPARED_RUNS} runs`}
          onClick={() => uiStore.getState().compareRuns(uiStore.getState().selectedRunIds)}
          data-testid="compare-button"
        >
          Compare ({selected.length.toLocaleString()})
        </Button>
      )}
      <Popover position="bottom-end" withArrow shadow="md">
        <Popover.Target>
          <Button size="xs" variant="default" leftSection={<Tags size={14} />} data-testid="annotate-selected">
            Annotate
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <AnnotationForm runIds={selected} annotation={first?.annotation ?? null} onDone={() => undefined} />
        </Popover.Dropdown>
      </Popover>
      <Button size="xs" variant="subtle" onClick={() => uiStore.getState().setSelectedRunIds([])} data-testid="clear-selection">
        Clear selection
      </Button>
    </Group>
  );
}

export function RunsToolbar({ project }: { project: Project | null }) {
  const showDeleted = useUiStore(selectShowDeleted);
  const includeHidden = useRunsStore(selectIncludeHidden);
  const total = useRunsStore(selectTotal);
  const scopeTotal = useRunsStore(selectScopeTotal);
  const density = useColumnLayout((s) => s.layout.density);

  return (
    <Stack gap={6} px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      {/* Wraps on narrow windows: the controls go below the title rather than out of view. */}
      <Group justify="space-between" gap="md" style={{ rowGap: 'var(--mantine-spacing-xs)' }}>
        <Stack gap={0} miw={0} style={{ flex: '1 1 220px' }}>
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Title order={5} lineClamp={1}>
              {project ? baseName(project.path) : 'All projects'}
            </Title>
            <WarningsButton />
          </Group>
          <Text size="xs" c="dimmed" truncate="end" title={project?.path} data-testid="runs-count">
            {project ? project.path : 'Runs of every project'} · {countText(total, scopeTotal)}
          </Text>
        </Stack>
        <Group gap="md" justify="flex-end" style={{ rowGap: 'var(--mantine-spacing-xs)', flex: '0 1 auto' }}>
          <SourceFilter />
          <Switch
            size="xs"
            label="Show deleted"
            checked={showDeleted}
            onChange={(event) => uiStore.getState().setShowDeleted(event.currentTarget.checked)}
            data-testid="show-deleted-toggle"
            wrapperProps={{ title: "Also list runs deleted in their source (MLflow's lifecycle_stage), dimmed" }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
          />
          <Switch
            size="xs"
            label="Show hidden"
            checked={includeHidden}
            onChange={(event) => runsStore.getState().setIncludeHidden(event.currentTarget.checked)}
            data-testid="show-hidden-toggle"
            wrapperProps={{ title: 'Also list the runs hidden in Runlens' }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
          />
        </Group>
      </Group>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <div style={{ flex: 1, minWidth: 200 }}>
          <FilterBox />
        </div>
        <GroupBy />
        <ColumnChooser />
        <ActionIcon
          variant="default"
          size={30}
          onClick={toggleDensity}
          aria-label={density === 'compact' ? 'Comfortable rows' : 'Compact rows'}
          title={density === 'compact' ? 'Comfortable rows' : 'Compact rows'}
          data-testid="density-toggle"
          data-density={density}
        >
          {density === 'compact' ? <Rows2 size={15} /> : <Rows3 size={15} />}
        </ActionIcon>
        <SelectionActions />
      </Group>
    </Stack>
  );
}
