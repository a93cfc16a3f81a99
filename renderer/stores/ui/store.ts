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

export const areas = ['runs', 'compare', 'evaluation', 'registry', 'scoring', 'drift'] as const;
export type Area = (typeof areas)[number];

/**
 * What the Evaluation area shows: a run and one of its tables (none picked
 * yet: setPath null), or a scoring job's output (its labels and probabilities).
 */
export type EvaluationTarget =
  | {
      runId: string;
      /** The table's artifact path (PredictionSet.path). */
      setPath: string | null;
      jobId?: undefined;
    }
  | { jobId: number; runId?: undefined; setPath?: undefined };

/**
 * What the Registry area shows: the list of registered models, one model's
 * page, one version's page, or two versions of a model side by side.
 */
export type RegistryRoute =
  | { view: 'list' }
  | { view: 'model'; name: string }
  | { view: 'version'; name: string; version: number }
  | { view: 'compare'; name: string; a: number; b: number };

/** Compare draws every run on every chart: past this many it stops being readable. */
export const MAX_COMPARED_RUNS = 100;

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
  /** The runs checked in the table (in the order they were checked). */
  selectedRunIds: string[];
  /** The runs the Compare area shows (2 to 100), set from the selection. */
  comparedRunIds: string[];
  /** What the Evaluation area shows; kept when leaving it, so coming back finds it. */
  evaluationTarget: EvaluationTarget | null;
  /** What the Registry area shows; kept when leaving it. */
  registryRoute: RegistryRoute;
  /** Goes to an area (the URL hash follows: see renderer/routes.ts). */
  navigate(area: Area): void;
  setSelectedRunIds(runIds: string[]): void;
  toggleRunSelected(runId: string): void;
  /** Compares these runs and goes to the Compare area. */
  compareRuns(runIds: string[]): void;
  /** Evaluates a run's prediction set (or lets the user pick one), or a scoring job's output, in the Evaluation area. */
  openEvaluation(target: EvaluationTarget): void;
  /** Opens a registry page (a model, a version, a compare, or the list) in the Registry area. */
  openRegistry(route: RegistryRoute): void;
  /** A run left the store (deleted at its source): it leaves the selection and the comparison. */
  forgetRuns(runIds: string[]): void;
  selectProject(projectId: number | null): void;
  setRunFilter(text: string): void;
  setSourceFilter(source: RunSource | null): void;
  openRun(runId: string | null): void;
  openWarnings(open: boolean): void;
  setColorScheme(choice: ColorSchemeChoice): void;
  setShowDeleted(show: boolean): void;
}

export function sameRegistryRoute(a: RegistryRoute, b: RegistryRoute): boolean {
  if (a.view !== b.view) return false;
  if (a.view === 'list' || b.view === 'list') return true;
  if (a.name !== b.name) return false;
  if (a.view === 'version' && b.view === 'version') return a.version === b.version;
  if (a.view === 'compare' && b.view === 'compare') return a.a === b.a && a.b === b.b;
  return true;
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
      const { colorScheme, showDeleted, selectedRunIds, comparedRunIds } = get();
      const state: PersistedUi = { version: 3, colorScheme, showDeleted, selectedRunIds, comparedRunIds };
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
      selectedRunIds: persisted.selectedRunIds,
      comparedRunIds: persisted.comparedRunIds,
      evaluationTarget: null,
      registryRoute: { view: 'list' },
      navigate: (area) => set({ area }),
      setSelectedRunIds(selectedRunIds) {
        set({ selectedRunIds: [...new Set(selectedRunIds)] });
        save();
      },
      toggleRunSelected(runId) {
        const { selectedRunIds } = get();
        set({ selectedRunIds: selectedRunIds.includes(runId) ? selectedRunIds.filter((id) => id !== runId) : [...selectedRunIds, runId] });
        save();
      },
      compareRuns(runIds) {
        set({ comparedRunIds: [...new Set(runIds)].slice(0, MAX_COMPARED_RUNS), area: 'compare' });
        save();
      },
      openEvaluation(target) {
        const current = get().evaluationTarget;
        const same = current !== null && current.runId === target.runId && current.setPath === target.setPath && current.jobId === target.jobId;
        const copy: EvaluationTarget = target.jobId !== undefined ? { jobId: target.jobId } : { runId: target.runId, setPath: target.setPath };
        // The same target keeps its object: the evaluation store reloads on a new one only.
        set({ evaluationTarget: same ? current : copy, area: 'evaluation' });
      },
      openRegistry(route) {
        const current = get().registryRoute;
        // The same page keeps its object: the registry stores refetch on a new one only.
        set({ registryRoute: sameRegistryRoute(current, route) ? current : { ...route }, area: 'registry' });
      },
      forgetRuns(runIds) {
        const gone = new Set(runIds);
        const { selectedRunIds, comparedRunIds, openRunId } = get();
        set({
          selectedRunIds: selectedRunIds.filter((id) => !gone.has(id)),
          comparedRunIds: comparedRunIds.filter((id) => !gone.has(id)),
          openRunId: openRunId !== null && gone.has(openRunId) ? null : openRunId,
        });
        save();
      },
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
