// What the user chose in the compare view (color by, group by, band): one
// small store so the header and the charts section read the same choice.
import { createStore, useStore } from 'zustand';
import type { BandKind } from '../../charts/types';
import type { ColorBy } from './colorBy';

export interface CompareViewState {
  colorBy: ColorBy;
  /** The param whose values group the runs into mean lines with a band; null draws every run. */
  groupBy: string | null;
  band: BandKind;
  setColorBy(colorBy: ColorBy): void;
  setGroupBy(param: string | null): void;
  setBand(band: BandKind): void;
}

export const compareViewStore = createStore<CompareViewState>()((set) => ({
  colorBy: { kind: 'run' },
  groupBy: null,
  band: 'minmax',
  setColorBy: (colorBy) => set({ colorBy }),
  setGroupBy: (groupBy) => set({ groupBy }),
  setBand: (band) => set({ band }),
}));

export function useCompareView<T>(selector: (state: CompareViewState) => T): T {
  return useStore(compareViewStore, selector);
}
