// The Registry area: the registered models (and the MLflow registries read
// from projects), a model's page, a version's page, or two versions compared,
// as the route names (`#/registry…`, see renderer/routes.ts).
import { ScrollArea, Stack, Title } from '@mantine/core';
import { useEffect } from 'react';
import { AreaBoundary } from '../../components/AreaBoundary';
import { registryListStore } from '../../stores/registry/listStore';
import { selectRegistryRoute } from '../../stores/ui/selectors';
import { useUiStore } from '../../stores/ui/store';
import { VersionCompare } from './compare/VersionCompare';
import { MlflowRegistries } from './list/MlflowRegistries';
import { RegistryModels } from './list/RegistryList';
import { ModelPage } from './model/ModelPage';
import { VersionPage } from './version/VersionPage';

function ListPage() {
  useEffect(() => registryListStore.getState().startSync(), []);
  return (
    <Stack gap="md" data-testid="registry-list">
      <Title order={3}>Registry</Title>
      <AreaBoundary area="The registered models">
        <RegistryModels />
      </AreaBoundary>
      <AreaBoundary area="The MLflow registries">
        <MlflowRegistries />
      </AreaBoundary>
    </Stack>
  );
}

export function RegistryView() {
  const route = useUiStore(selectRegistryRoute);
  // One key per page: a failed page reloads alone, and leaving it resets its boundary.
  const key = route.view === 'list' ? 'list' : `${route.view}:${route.name}`;
  return (
    <ScrollArea h="100%" type="auto" data-testid="registry-view" data-view={route.view}>
      <Stack p="md" gap="md" maw={1280}>
        <AreaBoundary key={key} area={route.view === 'list' ? 'The registry' : route.view === 'model' ? 'The model page' : route.view === 'version' ? 'The version page' : 'The compare'}>
          {route.view === 'list' && <ListPage />}
          {route.view === 'model' && <ModelPage name={route.name} />}
          {route.view === 'version' && <VersionPage name={route.name} version={route.version} />}
          {route.view === 'compare' && <VersionCompare name={route.name} a={route.a} b={route.b} />}
        </AreaBoundary>
      </Stack>
    </ScrollArea>
  );
}
