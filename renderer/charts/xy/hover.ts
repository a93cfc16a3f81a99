// The point under the pointer on one plot, in a store of its own so the
// tooltip re-renders on a move and the plot does not.
import { createStore, type StoreApi } from 'zustand';

export interface HoverState {
  /** The hovered point's index among the drawn ones, and the pointer in px. */
  hover: { index: number; px: number; py: number } | null;
}

export type HoverStore = StoreApi<HoverState>;

export const createHoverStore = (): HoverStore => createStore<HoverState>()(() => ({ hover: null }));
