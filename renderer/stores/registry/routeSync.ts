// A registry page's store follows the route (opens what it names) and
// refetches, soon, when its model changes anywhere (registry/changed).
import type { RegistryClient } from '../../api/registryClient';
import type { RegistryRoute } from '../ui/store';
import type { RouteSource } from './modelStore';

export function followRouteAndChanges<K>(
  ui: RouteSource,
  client: Pick<RegistryClient, 'onChanged'>,
  routed: (route: RegistryRoute) => K | null,
  open: (key: K) => void,
  shownModel: () => string | undefined,
  reloadSoon: { call(): void; cancel(): void },
): () => void {
  const follow = (route: RegistryRoute): void => {
    const key = routed(route);
    if (key !== null) open(key);
  };
  let last = ui.getState().registryRoute;
  follow(last);
  const offRoute = ui.subscribe((state) => {
    if (state.registryRoute === last) return;
    last = state.registryRoute;
    follow(last);
  });
  const offChanged = client.onChanged((model) => {
    if (model === null || model === shownModel()) reloadSoon.call();
  });
  return () => {
    offRoute();
    offChanged();
    reloadSoon.cancel();
  };
}
