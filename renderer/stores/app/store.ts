// What the backend says about itself (mode, data folder, whether a folder picker exists).
import { createStore, useStore } from 'zustand';
import type { AppInfo } from '../../../shared/api';
import type { ApiError } from '../../../shared/errors';
import { appClient } from '../../api/appClient';

export interface AppState {
  info: AppInfo | null;
  error: ApiError | null;
  load(): Promise<void>;
}

export const appStore = createStore<AppState>()((set) => ({
  info: null,
  error: null,
  async load() {
    const result = await appClient.info();
    if (result.ok) set({ info: result.value, error: null });
    else set({ error: result.error });
  },
}));

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
