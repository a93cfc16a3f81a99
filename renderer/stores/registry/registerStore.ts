// The "Register model" dialog of the run panel: a run's model artifact (an
// .onnx file or an MLflow model folder) registered as the next version of a
// model, new or existing (the existing names are offered), with a description,
// tags and, when asked, a copy kept in Runlens's data folder.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { ModelVersionRecord } from '../../../shared/registry/types';
import { optionalText, registryClient, type RegistryClient } from '../../api/registryClient';
import { createRequestCounter, type LoadStatus } from '../latest';
import { parseTags } from './tags';

export interface RegisterTarget {
  runId: string;
  artifactPath: string;
}

export interface RegisterForm {
  name: string;
  description: string;
  /** `key=value` (or a bare `key`), one per tag. */
  tags: string[];
  keepCopy: boolean;
}

export interface RegisterState {
  target: RegisterTarget | null;
  /** The registered models' names, offered in the name field. */
  names: string[];
  namesStatus: LoadStatus;
  form: RegisterForm;
  submitting: boolean;
  error: ApiError | null;
  /** The version just registered: the dialog then links to it. */
  registered: ModelVersionRecord | null;
  open(target: RegisterTarget): void;
  close(): void;
  setForm(patch: Partial<RegisterForm>): void;
  submit(): Promise<void>;
}

const emptyForm: RegisterForm = { name: '', description: '', tags: [], keepCopy: false };

/** A model name from an artifact path: its file or folder name without `.onnx`. */
export function suggestedName(artifactPath: string): string {
  const last = artifactPath.replace(/\/+$/, '').split('/').pop() ?? '';
  return last.replace(/\.onnx$/i, '');
}

export function createRegisterStore(client: RegistryClient): StoreApi<RegisterState> {
  const nameLists = createRequestCounter();
  return createStore<RegisterState>()((set, get) => ({
    target: null,
    names: [],
    namesStatus: 'idle',
    form: emptyForm,
    submitting: false,
    error: null,
    registered: null,
    open(target) {
      set({ target, form: { ...emptyForm, name: suggestedName(target.artifactPath) }, error: null, registered: null, submitting: false, namesStatus: 'loading' });
      const id = nameLists.next();
      void client.list().then((result) => {
        if (!nameLists.isLatest(id)) return;
        // Without the list the name is typed in full: the dialog still works.
        set(result.ok ? { names: result.value.map((model) => model.name), namesStatus: 'ready' } : { namesStatus: 'error' });
      });
    },
    close: () => set({ target: null, error: null, registered: null, submitting: false }),
    setForm: (patch) => set({ form: { ...get().form, ...patch } }),
    async submit() {
      const { target, form, submitting } = get();
      if (!target || submitting || !form.name.trim()) return;
      const tags = parseTags(form.tags);
      set({ submitting: true, error: null });
      const result = await client.register({
        runId: target.runId,
        artifactPath: target.artifactPath,
        name: form.name.trim(),
        ...optionalText('description', form.description),
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
        ...(form.keepCopy ? { keepCopy: true } : {}),
      });
      if (get().target !== target) return; // closed meanwhile
      if (result.ok) set({ submitting: false, registered: result.value });
      else set({ submitting: false, error: result.error });
    },
  }));
}

export const registerStore = createRegisterStore(registryClient);

export function useRegisterStore<T>(selector: (state: RegisterState) => T): T {
  return useStore(registerStore, selector);
}
