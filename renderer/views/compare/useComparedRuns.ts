// The compare view's data: the one store instance, and the hook that follows
// the comparison while the view is mounted.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { runsClient } from '../../api/runsClient';
import { uiStore } from '../../stores/ui/store';
import { createCompareStore, type CompareDataState } from './compareStore';

export const compareStore = createCompareStore(runsClient, uiStore);

export function useCompareStore<T>(selector: (state: CompareDataState) => T): T {
  return useStore(compareStore, selector);
}

export type ComparedRuns = Pick<CompareDataState, 'runIds' | 'rows' | 'available' | 'plan' | 'status' | 'error' | 'gone'>;

/** The compared runs' rows and keys; fetches while mounted, following uiStore.comparedRunIds and run changes. */
export function useComparedRuns(): ComparedRuns {
  useEffect(() => compareStore.getState().startSync(), []);
  return useCompareStore(
    useShallow((s) => ({ runIds: s.runIds, rows: s.rows, available: s.available, plan: s.plan, status: s.status, error: s.error, gone: s.gone })),
  );
}
