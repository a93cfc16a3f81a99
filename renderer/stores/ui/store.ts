// What the user is looking at: project, area, filter, open run, color scheme.
import { createStore, useStore, type StoreApi } from 'zustand';
import {
  loadPersistedUi,
  savePersistedUi,
  type ColorSchemeChoice,
  type UiStorage,
} from './persisted';

export type Area = 'runs' | 'compare' | 'registry' | 'scoring' | 'drift';

export interface UiState {
  /** The project in view; null shows the runs of all projects. */
  selectedProjectId: number | null;
  area: Area;
  runFilter: string;
  /** The run whose details are open in the side panel. */
  openRunId: string | null;
  colorScheme: ColorSchemeChoice;
  selectProject(projectId: number | null): void;
  setRunFilter(text: string): void;
  openRun(runId: string | null): void;
  setColorScheme(choice: ColorSchemeChoice): void;
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
  return createStore<UiState>()((set) => ({
    selectedProjectId: null,
    area: 'runs',
    runFilter: '',
    openRunId: null,
    colorScheme: persisted.colorScheme,
    selectProject: (projectId) => set({ selectedProjectId: projectId, openRunId: null }),
    setRunFilter: (runFilter) => set({ runFilter }),
    openRun: (openRunId) => set({ openRunId }),
    setColorScheme(colorScheme) {
      set({ colorScheme });
      savePersistedUi(storage, { version: 1, colorScheme });
    },
  }));
}

export const uiStore = createUiStore(browserStorage());

export function useUiStore<T>(selector: (state: UiState) => T): T {
  return useStore(uiStore, selector);
}
