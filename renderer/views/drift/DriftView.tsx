// The Drift area: the monitors list, a monitor's page, or one column of a
// batch, as the route names (`#/drift…`, see renderer/routes.ts).
import { ScrollArea, Stack } from '@mantine/core';
import { AreaBoundary } from '../../components/AreaBoundary';
import { useDriftRoute } from '../../stores/drift/route';
import { ColumnView } from './column/ColumnView';
import { MonitorsPage } from './list/MonitorsPage';
import { MonitorPage } from './monitor/MonitorPage';

export function DriftView() {
  const route = useDriftRoute();
  // One key per page: a failed page reloads alone, and leaving it resets its boundary.
  const key = route.view === 'list' ? 'list' : route.view === 'monitor' ? `monitor:${route.id}` : `column:${route.id}:${route.column}`;
  return (
    <ScrollArea h="100%" type="auto" data-testid="drift-view" data-view={route.view}>
      <Stack p="md" gap="md" maw={1400}>
        <AreaBoundary key={key} area={route.view === 'list' ? 'The monitors' : route.view === 'monitor' ? 'The monitor page' : 'The column view'}>
          {route.view === 'list' && <MonitorsPage />}
          {route.view === 'monitor' && <MonitorPage id={route.id} batchKey={route.batch} />}
          {route.view === 'column' && <ColumnView id={route.id} column={route.column} batchKey={route.batch} />}
        </AreaBoundary>
      </Stack>
    </ScrollArea>
  );
}
