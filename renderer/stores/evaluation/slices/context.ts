// What the slices share: the store's set and get, the outside world, and the
// few actions one slice starts in another (saving a mapping loads the set).
import type { StoreApi } from 'zustand';
import { samePredictionSet, type PredictionSetKey } from '../../../../shared/evaluation/predictionSets';
import { createRequestCounter } from '../../latest';
import type { UiState } from '../../ui/store';
import type { EvaluationDeps, EvaluationState } from '../state';
import type { ThresholdState } from '../threshold';

export type TargetSource = Pick<StoreApi<UiState>, 'getState' | 'subscribe'>;

export interface SliceContext {
  set: StoreApi<EvaluationState>['setState'];
  get: () => EvaluationState;
  deps: EvaluationDeps;
  threshold: StoreApi<ThresholdState>;
  ui: TargetSource;
  /** Numbers the loads: an answer for an older one (another set, a Cancel) is dropped. */
  loads: ReturnType<typeof createRequestCounter>;
  /** Numbers the group-table requests; a new load makes the older ones stale too. */
  groups: ReturnType<typeof createRequestCounter>;
  /** Reads the chosen set (the load slice fills this in). */
  load(): Promise<void>;
}

/** The request key of the set in view, or null when none is chosen. */
export function currentKey(ctx: Pick<SliceContext, 'get'>): PredictionSetKey | null {
  return ctx.get().setKey;
}

export const sameKey = (a: PredictionSetKey | null, b: PredictionSetKey | null): boolean => a !== null && b !== null && samePredictionSet(a, b);
