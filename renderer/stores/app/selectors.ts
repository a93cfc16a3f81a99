import type { AppState } from './store';

/** The OS folder picker is offered only when the backend says it has one (Electron). */
export const selectCanPickFolder = (s: AppState): boolean => s.info?.canPickFolder ?? false;
export const selectAppVersion = (s: AppState): string | null => s.info?.version ?? null;
