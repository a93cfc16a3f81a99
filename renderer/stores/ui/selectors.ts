import type { RunSource } from '../../../shared/domain';
import type { UiState } from './store';

export const selectSelectedProjectId = (s: UiState): number | null => s.selectedProjectId;
export const selectArea = (s: UiState): UiState['area'] => s.area;
export const selectRunFilter = (s: UiState): string => s.runFilter;
export const selectSourceFilter = (s: UiState): RunSource | null => s.sourceFilter;
export const selectOpenRunId = (s: UiState): string | null => s.openRunId;
export const selectWarningsOpen = (s: UiState): boolean => s.warningsOpen;
export const selectColorScheme = (s: UiState): UiState['colorScheme'] => s.colorScheme;
export const selectShowDeleted = (s: UiState): boolean => s.showDeleted;
export const selectSelectedRunIds = (s: UiState): string[] => s.selectedRunIds;
export const selectComparedRunIds = (s: UiState): string[] => s.comparedRunIds;
export const selectEvaluationTarget = (s: UiState): UiState['evaluationTarget'] => s.evaluationTarget;
export const selectRegistryRoute = (s: UiState): UiState['registryRoute'] => s.registryRoute;
