// How every metric chart is drawn (smoothing, x axis, log y, outliers): one persisted object for all charts.
import { createStore, useStore, type StoreApi } from 'zustand';
import { defaultChartSettings, type ChartSettings, type XAxisMode } from './types';

export const CHART_SETTINGS_KEY = 'runlens.charts';
const VERSION = 1;

interface PersistedCharts extends ChartSettings {
  version: typeof VERSION;
}

const xAxisModes: readonly XAxisMode[] = ['step', 'relative', 'wall'];

/** Clamps a smoothing weight into 0..0.99 at a 0.01 grain; anything else is the default. */
export function clampSmoothing(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return defaultChartSettings().smoothing;
  return Math.round(Math.min(0.99, Math.max(0, value)) * 100) / 100;
}

/**
 * Reads whatever was stored, field by field: a damaged or foreign value falls
 * back to the defaults; a newer version is read for the fields this one knows.
 */
export function migrateChartSettings(raw: unknown): ChartSettings {
  const fallback = defaultChartSettings();
  if (typeof raw !== 'object' || raw === null) return fallback;
  const s = raw as Partial<Record<keyof PersistedCharts, unknown>>;
  if (typeof s.version !== 'number' || s.version < 1) return fallback;
  return {
    smoothing: s.smoothing === undefined ? fallback.smoothing : clampSmoothing(s.smoothing),
    xAxis: xAxisModes.includes(s.xAxis as XAxisMode) ? (s.xAxis as XAxisMode) : fallback.xAxis,
    logY: typeof s.logY === 'boolean' ? s.logY : fallback.logY,
    ignoreOutliers: typeof s.ignoreOutliers === 'boolean' ? s.ignoreOutliers : fallback.ignoreOutliers,
  };
}

export type ChartStorage = Pick<Storage, 'getItem' | 'setItem'>;

function load(storage: ChartStorage | null): ChartSettings {
  try {
    const text = storage?.getItem(CHART_SETTINGS_KEY);
    return text ? migrateChartSettings(JSON.parse(text)) : defaultChartSettings();
  } catch {
    return defaultChartSettings();
  }
}

export interface ChartSettingsState extends ChartSettings {
  setSmoothing(weight: number): void;
  setXAxis(mode: XAxisMode): void;
  setLogY(on: boolean): void;
  setIgnoreOutliers(on: boolean): void;
}

export function createChartSettingsStore(storage: ChartStorage | null): StoreApi<ChartSettingsState> {
  return createStore<ChartSettingsState>()((set, get) => {
    const update = (patch: Partial<ChartSettings>): void => {
      set(patch);
      const { smoothing, xAxis, logY, ignoreOutliers } = get();
      const stored: PersistedCharts = { version: VERSION, smoothing, xAxis, logY, ignoreOutliers };
      try {
        storage?.setItem(CHART_SETTINGS_KEY, JSON.stringify(stored));
      } catch {
        // Storage full or blocked: the settings last for this session only.
      }
    };
    return {
      ...load(storage),
      setSmoothing: (weight) => update({ smoothing: clampSmoothing(weight) }),
      setXAxis: (xAxis) => update({ xAxis }),
      setLogY: (logY) => update({ logY }),
      setIgnoreOutliers: (ignoreOutliers) => update({ ignoreOutliers }),
    };
  });
}

function browserStorage(): ChartStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage access can throw when blocked
  }
}

export const chartSettingsStore = createChartSettingsStore(browserStorage());

const selectSettings = (s: ChartSettingsState): ChartSettingsState => s;

/** The chart settings and their setters; the object changes only when a setting does. */
export function useChartSettings(): ChartSettingsState {
  return useStore(chartSettingsStore, selectSettings);
}
