// Where the pointer is over one chart, kept outside React state so hovering and
// dragging re-render only the tooltip and the selection, never the thousands of points.
import { createStore, type StoreApi } from 'zustand';

export interface PointerState {
  /** The x value under the pointer and its px offset in the chart. */
  hover: { x: number; px: number } | null;
  /** A zoom selection being dragged, in x values. */
  drag: { x0: number; x1: number; px0: number } | null;
}

export type PointerStore = StoreApi<PointerState>;

export const createPointerStore = (): PointerStore => createStore<PointerState>()(() => ({ hover: null, drag: null }));

/** What the plot knows about its own pixels, filled in by a probe inside the recharts tree. */
export interface PlotGeometry {
  /** px from the chart's left edge to the x value there. */
  invert: ((px: number) => number) | null;
  plot: { x: number; y: number; width: number; height: number } | null;
}
