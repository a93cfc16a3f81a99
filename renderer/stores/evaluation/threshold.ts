// The binary threshold, in a store of its own: it changes on every animation
// frame while the slider is dragged or a curve hovered, so only the parts that
// show it subscribe (the matrix numbers, the metrics, the operating-point
// markers, the fairness table) and the curves' paths never re-render.
import { createStore, useStore, type StoreApi } from 'zustand';
import { defaultThreshold } from '../../../shared/evaluation';

export interface ThresholdState {
  /** The operating point the user set (slider, typed, cheapest, a click on a curve). */
  threshold: number;
  /** The point under the pointer on the ROC or PR curve: shown instead while hovering, gone on leave. */
  preview: number | null;
  setThreshold(threshold: number): void;
  setPreview(threshold: number | null): void;
  /** Keeps the previewed point (a click on the curve). */
  pinPreview(): void;
}

export function createThresholdStore(): StoreApi<ThresholdState> {
  return createStore<ThresholdState>()((set, get) => ({
    threshold: defaultThreshold,
    preview: null,
    setThreshold(threshold) {
      // NaN would make every count 0 and read as a real operating point.
      if (Number.isNaN(threshold) || threshold === get().threshold) return;
      set({ threshold });
    },
    setPreview(preview) {
      if (preview !== null && Number.isNaN(preview)) return;
      if (preview !== get().preview) set({ preview });
    },
    pinPreview() {
      const { preview } = get();
      if (preview !== null) set({ threshold: preview, preview: null });
    },
  }));
}

/** The threshold the views show: the hovered point while there is one, else the set one. */
export const selectShownThreshold = (s: ThresholdState): number => s.preview ?? s.threshold;
export const selectSetThreshold = (s: ThresholdState): number => s.threshold;
export const selectIsPreview = (s: ThresholdState): boolean => s.preview !== null;

export const thresholdStore = createThresholdStore();

export function useThreshold<T>(selector: (state: ThresholdState) => T): T {
  return useStore(thresholdStore, selector);
}
