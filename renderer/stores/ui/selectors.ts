import type { UiState } from './store';

export const selectSelectedProjectId = (s: UiState): number | null => s.selectedProjectId;
export const selectArea = (s: UiState): UiState['area'] => s.area;
export const selectRunFilter = (s: UiState): string => s.runFilter;
export const selectOpenRunId = (s: UiState): string | null => s.openRunId;
export const selectColorScheme = (s: UiState): UiState['colorScheme'] => s.colorScheme;
