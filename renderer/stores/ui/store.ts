// What the user is looking at: project, area, filters, open panels, color scheme.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { RunSource } from '../../../shared/domain';
import {
  loadPersistedUi,
  savePersistedUi,
  type ColorSchemeChoice,
  type PersistedUi,
  type UiStorage,
} from './persisted';

export type Area = 'runs' | 'compare' | 'registry' | 'scoring' | 'drift';

export interface UiState {
  /** The project in view; null shows the runs of all projects. */
  selectedProjectId: number | null;
  area: Area;
  runFilter: string;
  /** Only runs read from this source are listed; null lists every source. */
  sourceFilter: RunSource | null;
  /** The run whose details are open in the side panel. */
  openRunId: string | null;
  /** Whether the panel listing the problems met while reading is open. */
  warningsOpen: boolean;
  colorScheme: ColorSchemeChoice;
  /** Also list runs deleted in their source. */
  showDeleted: boolean;
  selectProject(projectId: number | null): void;
  setRunFilter(text: string): void;
  setSourceFilter(source: RunSource | null): void;
  openRun(runId: string | null): void;
  openWarnings(open: boolean): void;
  setColorScheme(choice: ColorSchemeChoice): void;
  setShowDeleted(show: boolean): void;
}

function browserStorage(): UiStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage access can throw when blocked
  }
}

export function createUiStore(storage: UiStorage | null): StoreApi<UiState> {
  const persisted = loadPersistedUi(storage);
  return createStore<UiState>()((set, get) => {
    const save = (): void => {
      const { colorScheme, showDeleted } = get();
      const state: PersistedUi = { version: 2, colorScheme, showDeleted };
      savePersistedUi(storage, state);
    };
    return {
      selectedProjectId: null,
      area: 'runs',
      runFilter: '',
      sourceFilter: null,
      openRunId: null,
      warningsOpen: false,
      colorScheme: persisted.colorScheme,
      showDeleted: persisted.showDeleted,
      // Another project has other sources and other problems: start from all of them.
      selectProject: (projectId) =>
        set({ selectedProjectId: projectId, openRunId: null, sourceFilter: null, warningsOpen: false }),
      setRunFilter: (runFilter) => set({ runFilter }),
      setSourceFilter: (sourceFilter) => set({ sourceFilter }),
      openRun: (openRunId) => set({ openRunId }),
      openWarnings: (warningsOpen) => set({ warningsOpen }),
      setColorScheme(colorScheme) {
        set({ colorScheme });
        save();
      },
      setShowDeleted(showDeleted) {
        set({ showDeleted });
        save();
      },
    };
  });
}

export const uiStore = createUiStore(browserStorage());

export function useUiStore<T>(selector: (state: UiState) => T): T {
  return useStore(uiStore, selector);
}
