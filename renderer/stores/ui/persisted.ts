// The part of the UI state that outlives a session: one small versioned object.

export type ColorSchemeChoice = 'auto' | 'light' | 'dark';

export interface PersistedUi {
  version: 1;
  /** 'auto' follows the OS; the header toggle sets light or dark. */
  colorScheme: ColorSchemeChoice;
}

export const PERSISTED_UI_KEY = 'runlens.ui';

export function defaultPersistedUi(): PersistedUi {
  return { version: 1, colorScheme: 'auto' };
}

const isChoice = (value: unknown): value is ColorSchemeChoice =>
  value === 'auto' || value === 'light' || value === 'dark';

/** Reads whatever was stored; anything unknown or damaged falls back to the defaults. */
export function migratePersistedUi(raw: unknown): PersistedUi {
  const fallback = defaultPersistedUi();
  if (typeof raw !== 'object' || raw === null) return fallback;
  const stored = raw as { version?: unknown; colorScheme?: unknown };
  // Version 1 is the only one so far; a newer one from a later Runlens is read for what we know.
  if (typeof stored.version !== 'number' || stored.version < 1) return fallback;
  return { version: 1, colorScheme: isChoice(stored.colorScheme) ? stored.colorScheme : fallback.colorScheme };
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
