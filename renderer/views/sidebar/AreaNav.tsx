// The app's areas, each a route (renderer/routes.ts); the ones not built yet say they are coming.
import { Badge, NavLink } from '@mantine/core';
import { GitCompare, Library, Gauge, ScanSearch, Table2, TrendingUp } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Area } from '../../stores/ui/store';
import { selectArea } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { useDriftListStore } from '../../stores/drift/listStore';
import { totalUnseen } from '../../stores/drift/selectors';

/** Drift's badge: the alerts no one has seen yet, over every monitor. */
function UnseenAlerts() {
  const unseen = useDriftListStore((s) => totalUnseen(s.monitors));
  if (unseen === 0) return null;
  return (
    <Badge size="sm" color="red" radius="sm" data-testid="drift-unseen-badge" data-count={unseen} title={`${unseen} drift alerts not seen`}>
      {unseen}
    </Badge>
  );
}

const areas: { id: Area; label: string; icon: ReactNode; ready: boolean }[] = [
  { id: 'runs', label: 'Runs', icon: <Table2 size={16} />, ready: true },
  { id: 'compare', label: 'Compare', icon: <GitCompare size={16} />, ready: true },
  { id: 'evaluation', label: 'Evaluation', icon: <ScanSearch size={16} />, ready: true },
  { id: 'registry', label: 'Registry', icon: <Library size={16} />, ready: true },
  { id: 'scoring', label: 'Scoring', icon: <Gauge size={16} />, ready: true },
  { id: 'drift', label: 'Drift', icon: <TrendingUp size={16} />, ready: true },
];

export function AreaNav() {
  const active = useUiStore(selectArea);
  return (
    <nav aria-label="Areas">
      {areas.map((area) => (
        <NavLink
          key={area.id}
          component="button"
          label={area.label}
          leftSection={area.icon}
          active={area.id === active}
          disabled={!area.ready}
          onClick={() => uiStore.getState().navigate(area.id)}
          aria-current={area.id === active ? 'page' : undefined}
          data-testid={`nav-${area.id}`}
          rightSection={
            area.id === 'drift' ? (
              <UnseenAlerts />
            ) : area.ready ? undefined : (
              <Badge size="xs" variant="default" radius="sm">
                soon
              </Badge>
            )
          }
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        />
      ))}
    </nav>
  );
}
