// The fairness slice: the column to group by and its per-group cumulative
// tables, fetched once per column; every threshold is then computed here.
import type { FairnessSlice } from '../state';
import { currentKey, type SliceContext } from './context';

export function createFairnessSlice(ctx: SliceContext): FairnessSlice {
  const { set, deps } = ctx;
  return {
    groupColumn: null,
    groupTables: null,
    groupsStatus: 'idle',
    groupsError: null,
    setGroupColumn(column) {
      const id = ctx.groups.next();
      set({ groupColumn: column, groupTables: null, groupsError: null, groupsStatus: column === null ? 'idle' : 'loading' });
      const key = currentKey(ctx);
      if (column === null || !key) return;
      void deps.client.groups(key, column).then((result) => {
        if (!ctx.groups.isLatest(id)) return;
        if (result.ok) set({ groupTables: result.value, groupsStatus: 'ready' });
        else set({ groupsStatus: 'error', groupsError: result.error });
      });
    },
  };
}
