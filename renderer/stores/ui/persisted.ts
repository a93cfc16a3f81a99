// The part of the UI state that outlives a session: one small versioned object.

export type ColorSchemeChoice = 'auto' | 'light' | 'dark';

export interface PersistedUi {
  version: 3;
  /** 'auto' follows the OS; the header toggle sets light or dark. */
  colorScheme: ColorSchemeChoice;
  /** Also list runs deleted in their source (MLflow's lifecycle_stage), drawn dimmed. */
  showDeleted: boolean;
  /** The runs checked in the table, and the ones compared: they outlive a reload. */
  selectedRunIds: string[];
  comparedRunIds: string[];
}

export const PERSISTED_UI_KEY = 'runlens.ui';

export function defaultPersistedUi(): PersistedUi {
  return { version: 3, colorScheme: 'auto', showDeleted: false, selectedRunIds: [], comparedRunIds: [] };
}

const isChoice = (value: unknown): value is ColorSchemeChoice =>
  value === 'auto' || value === 'light' || value === 'dark';

/**
 * Reads whatever was stored; anything unknown or damaged falls back to the defaults.
 * Version 1 had only colorScheme: it gains showDeleted (off). Version 2 gains the
 * selection and the compared runs (none). A newer version from a later Runlens is
 * read for the fields this one knows.
 */
export function migratePersistedUi(raw: unknown): PersistedUi {
  const fallback = defaultPersistedUi();
  if (typeof raw !== 'object' || raw === null) return fallback;
  const stored = raw as { version?: unknown; colorScheme?: unknown; showDeleted?: unknown; selectedRunIds?: unknown; comparedRunIds?: unknown };
  if (typeof stored.version !== 'number' || stored.version < 1) return fallback;
  const runIds = (value: unknown): string[] =>
    stored.version as number >= 3 && Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && id.length <= 128).slice(0, 10_000) : [];
  return {
    version: 3,
    selectedRunIds: runIds(stored.selectedRunIds),
    comparedRunIds: runIds(stored.comparedRunIds).slice(0, 100),
    colorScheme: isChoice(stored.colorScheme) ? stored.colorScheme : fallback.colorScheme,
    showDeleted:
      stored.version >= 2 && typeof stored.showDeleted === 'boolean' ? stored.showDeleted : fallback.showDeleted,
  };
}

export type UiStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function loadPersistedUi(storage: UiStorage | null): PersistedUi {
  if (!storage) return defaultPersistedUi();
  try {
    const text = storage.getItem(PERSISTED_UI_KEY);
    return text ? migratePersistedUi(JSON.parse(text)) : defaultPersistedUi();
  } catch {
    return defaultPersistedUi();
  }
}

export function savePersistedUi(storage: UiStorage | null, state: PersistedUi): void {
  try {
    storage?.setItem(PERSISTED_UI_KEY, JSON.stringify(state));
  } catch {
    // Storage full or blocked: the choice lasts for this session only.
  }
}
