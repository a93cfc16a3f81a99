// The move dialog: a version dropped on a stage lane (or given an alias).
// The gates that move meets are checked first and shown; the user may archive
// the versions already in that stage, leave a comment and, when a gate fails,
// override it with a written reason. The backend's outcome is kept to show:
// done (with what it archived and its hook's output), or blocked by the gates.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { GateResult, TransitionOutcome } from '../../../shared/registry/types';
import { optionalText, registryClient, type RegistryClient } from '../../api/registryClient';
import { createRequestCounter, type LoadStatus } from '../latest';
import { gateTargetOf, type MoveTarget } from './notify';

export interface Move {
  name: string;
  version: number;
  /** Where it is now (a stage, or the version the alias is on), for the dialog's words. */
  from: string | null;
  to: MoveTarget;
}

export interface MoveState {
  move: Move | null;
  gates: GateResult[] | null;
  gatesStatus: LoadStatus;
  gatesError: ApiError | null;
  archiveExisting: boolean;
  comment: string;
  override: string;
  submitting: boolean;
  submitError: ApiError | null;
  outcome: TransitionOutcome | null;
  open(move: Move): void;
  close(): void;
  setArchiveExisting(archive: boolean): void;
  setComment(comment: string): void;
  setOverride(reason: string): void;
  submit(): Promise<void>;
}

/** The rules the version fails for this move. */
export const failedGates = (s: Pick<MoveState, 'gates'>): GateResult[] => (s.gates ?? []).filter((gate) => !gate.passed);

/** Whether the move may be asked for now: gates checked (or their check failed: the backend checks again), a reason for any failed gate. */
export function canSubmit(s: Pick<MoveState, 'move' | 'gates' | 'gatesStatus' | 'override' | 'submitting' | 'outcome'>): boolean {
  if (!s.move || s.submitting || s.gatesStatus === 'loading' || s.outcome?.done) return false;
  return failedGates(s).length === 0 || s.override.trim().length > 0;
}

const closed = {
  move: null,
  gates: null,
  gatesStatus: 'idle' as LoadStatus,
  gatesError: null,
  archiveExisting: false,
  comment: '',
  override: '',
  submitting: false,
  submitError: null,
  outcome: null,
};

export function createMoveStore(client: RegistryClient): StoreApi<MoveState> {
  const checks = createRequestCounter();
  return createStore<MoveState>()((set, get) => {
    const check = async (move: Move): Promise<void> => {
      const id = checks.next();
      const target = gateTargetOf(move.to);
      if (target === null) return set({ gates: [], gatesStatus: 'ready' });
      set({ gatesStatus: 'loading' });
      const result = await client.checkGates(move.name, move.version, target);
      if (!checks.isLatest(id)) return;
      if (result.ok) set({ gates: result.value, gatesStatus: 'ready', gatesError: null });
      else set({ gatesStatus: 'error', gatesError: result.error });
    };

    const send = (move: Move, override: string | null) => {
      const { archiveExisting, comment } = get();
      const why = override === null ? {} : { override };
      if (move.to.kind === 'stage') {
        return client.transition({ name: move.name, version: move.version, stage: move.to.stage, archiveExisting, ...optionalText('comment', comment), ...why });
      }
      return client.setAlias({ name: move.name, alias: move.to.alias, version: move.version, ...optionalText('comment', comment), ...why });
    };

    return {
      ...closed,
      open(move) {
        set({ ...closed, move });
        void check(move);
      },
      close() {
        checks.next();
        set({ ...closed });
      },
      setArchiveExisting: (archiveExisting) => set({ archiveExisting }),
      setComment: (comment) => set({ comment }),
      setOverride: (override) => set({ override }),
      async submit() {
        const state = get();
        const { move } = state;
        if (!move || !canSubmit(state)) return;
        const reason = failedGates(state).length > 0 ? state.override.trim() : null;
        set({ submitting: true, submitError: null });
        const result = await send(move, reason);
        if (get().move !== move) return; // closed meanwhile
        if (!result.ok) return set({ submitting: false, submitError: result.error });
        const outcome = result.value;
        // The gates as the backend met them at that moment, passed or not.
        set({ submitting: false, outcome, gates: outcome.gates, gatesStatus: 'ready' });
      },
    };
  });
}

export const moveStore = createMoveStore(registryClient);

export function useMoveStore<T>(selector: (state: MoveState) => T): T {
  return useStore(moveStore, selector);
}
