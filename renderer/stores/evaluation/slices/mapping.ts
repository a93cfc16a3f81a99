// The mapping slice: the dialog that says which column holds the label and
// which the scores, for an artifact Runlens cannot read on its own.
import type { ColumnMapping, PredictionSet } from '../../../../shared/evaluation/predictionSets';
import { createRequestCounter } from '../../latest';
import type { EvaluationState, MappingSlice } from '../state';
import { currentKey, sameKey, type SliceContext } from './context';

/** The sets list with one set's mapping replaced. */
function withMapping(state: EvaluationState, path: string, mapping: ColumnMapping | null): Partial<EvaluationState> {
  const replace = (set: PredictionSet): PredictionSet => (set.path === path ? { ...set, mapping } : set);
  return {
    set: state.set ? replace(state.set) : null,
    predictions: state.predictions ? { ...state.predictions, sets: state.predictions.sets.map(replace) } : null,
  };
}

export function createMappingSlice(ctx: SliceContext): MappingSlice {
  const { set, get, deps } = ctx;
  const requests = createRequestCounter();

  const remember = async (mapping: ColumnMapping | null): Promise<boolean> => {
    const key = currentKey(ctx);
    if (!key || key.jobId !== undefined) return false;
    set({ saving: true, saveError: null });
    const result = await deps.client.setMapping(key, mapping);
    if (!sameKey(currentKey(ctx), key)) return false; // another set (or the same path of another run) was opened meanwhile
    if (!result.ok) {
      set({ saving: false, saveError: result.error });
      return false;
    }
    set({ saving: false, ...withMapping(get(), key.path, result.value.mapping) });
    return true;
  };

  return {
    mappingOpen: false,
    columns: null,
    columnsStatus: 'idle',
    columnsError: null,
    saving: false,
    saveError: null,
    openMapping() {
      const key = currentKey(ctx);
      // A job's output is read with the job's own mapping: the backend refuses another.
      if (!key || key.jobId !== undefined) return;
      const id = requests.next();
      set({ mappingOpen: true, columns: null, columnsStatus: 'loading', columnsError: null, saveError: null });
      void deps.client.columns(key).then((result) => {
        if (!requests.isLatest(id)) return;
        if (result.ok) set({ columns: result.value, columnsStatus: 'ready' });
        else set({ columnsStatus: 'error', columnsError: result.error });
      });
    },
    closeMapping() {
      requests.next();
      set({ mappingOpen: false, saving: false });
    },
    async saveMapping(mapping) {
      if (!(await remember(mapping))) return;
      set({ mappingOpen: false });
      void ctx.load();
    },
    async forgetMapping() {
      if (!(await remember(null))) return;
      ctx.loads.next();
      set({ status: 'needs-mapping', evaluation: null, error: null, progress: null, groupColumn: null, groupTables: null });
      get().openMapping();
    },
  };
}
