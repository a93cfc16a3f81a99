// Registered project folders, kept fresh from change events.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Project } from '../../../shared/domain';
import type { ApiError, Result } from '../../../shared/errors';
import { projectsClient, type ProjectsClient } from '../../api/projectsClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';

export interface ProjectsState {
  projects: Project[];
  status: LoadStatus;
  error: ApiError | null;
  load(): Promise<void>;
  /** Registers a folder; the backend's error names the folder when it fails. */
  /** Adds a folder and reads it; `readStopped` when the user cancelled the read. */
  add(path: string): Promise<Result<Project & { readStopped: boolean }>>;
  remove(projectId: number): Promise<Result<{ removed: boolean }>>;
  startSync(): () => void;
}

export function createProjectsStore(client: ProjectsClient): StoreApi<ProjectsState> {
  const requests = createRequestCounter();
  return createStore<ProjectsState>()((set, get) => {
    const load = async (): Promise<void> => {
      const id = requests.next();
      if (get().status === 'idle') set({ status: 'loading' });
      const result = await client.list();
      if (!requests.isLatest(id)) return;
      if (result.ok) set({ projects: result.value, status: 'ready', error: null });
      else set({ status: 'error', error: result.error });
    };
    const reloadSoon = debounce(() => void load(), REFETCH_DEBOUNCE_MS);

    return {
      projects: [],
      status: 'idle',
      error: null,
      load,
      async add(path) {
        const result = await client.add(path);
        if (!result.ok) return result;
        await load();
        return { ok: true, value: { ...result.value.project, readStopped: result.value.ingest.cancelled } };
      },
      async remove(projectId) {
        const result = await client.remove(projectId);
        if (result.ok) await load();
        return result;
      },
      startSync() {
        const off = client.onChanged(() => reloadSoon.call());
        return () => {
          off();
          reloadSoon.cancel();
        };
      },
    };
  });
}

export const projectsStore = createProjectsStore(projectsClient);

export function useProjectsStore<T>(selector: (state: ProjectsState) => T): T {
  return useStore(projectsStore, selector);
}
