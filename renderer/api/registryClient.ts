// Runlens's model registry: registered models and their versions, moves
// between stages and aliases with their gates, the audit trail and its as-of
// answer, lineage, and the MLflow registries read from projects (read-only).
import type { ArgsOf } from '../../shared/api';
import type { RegisteredModel } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import type {
  AsOf,
  AuditEvent,
  GateResult,
  GateRule,
  GateTarget,
  ModelVersionRecord,
  RegistryModel,
  RegistryModelDetail,
  RegistryNotice,

  TransitionHook,
  TransitionOutcome,
  VersionLineage,
} from '../../shared/registry/types';
import { apiClient } from './client';

export type RegisterArgs = ArgsOf<'registry/register'>;
export type TransitionArgs = ArgsOf<'registry/transition'>;
export type SetAliasArgs = ArgsOf<'registry/setAlias'>;
export type EditVersionArgs = ArgsOf<'registry/editVersion'>;
export type CopyFromMlflowArgs = ArgsOf<'registry/copyFromMlflow'>;

export interface RegistryClient {
  list(): Promise<Result<RegistryModel[]>>;
  model(name: string): Promise<Result<RegistryModelDetail>>;
  register(args: RegisterArgs): Promise<Result<ModelVersionRecord>>;
  transition(args: TransitionArgs): Promise<Result<TransitionOutcome>>;
  setAlias(args: SetAliasArgs): Promise<Result<TransitionOutcome>>;
  removeAlias(name: string, alias: string, comment?: string): Promise<Result<{ removed: boolean }>>;
  checkGates(name: string, version: number, target: GateTarget): Promise<Result<GateResult[]>>;
  editVersion(args: EditVersionArgs): Promise<Result<ModelVersionRecord>>;
  setGates(name: string, gates: GateRule[]): Promise<Result<RegistryModel>>;
  setHooks(name: string, hooks: TransitionHook[]): Promise<Result<RegistryModel>>;
  audit(name: string): Promise<Result<AuditEvent[]>>;
  asOf(name: string, at: number): Promise<Result<AsOf>>;
  lineage(name: string, version: number): Promise<Result<VersionLineage>>;
  /** The MLflow registries read from project folders. */
  mlflowModels(): Promise<Result<RegisteredModel[]>>;
  copyFromMlflow(args: CopyFromMlflowArgs): Promise<Result<ModelVersionRecord>>;
  /** A registered model changed (its name), or everything may have (null: the connection came back). */
  onChanged(listener: (model: string | null) => void): () => void;
  /** A move whose hook asks to notify ended (in this window, another, or the CLI). */
  onNotice(listener: (notice: RegistryNotice) => void): () => void;
  /** Projects were read again: the MLflow registries found in them may differ. */
  onProjectsChanged(listener: () => void): () => void;
}

/** Only the fields the contract names: the schemas are strict, so a wider object must not reach them. */
export function targetArgs(target: GateTarget): GateTarget {
  return target.kind === 'stage' ? { kind: 'stage', stage: target.stage } : { kind: 'alias', alias: target.alias };
}

/** Optional text the backend takes only when given: an empty field is left out, not sent as "". */
export function optionalText<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  const trimmed = value?.trim();
  return trimmed ? ({ [key]: trimmed } as Record<K, string>) : {};
}

export const registryClient: RegistryClient = {
  list: () => apiClient().send('registry/list', {}),
  model: (name) => apiClient().send('registry/model', { name }),
  register: (args) => apiClient().send('registry/register', args),
  transition: (args) => apiClient().send('registry/transition', args),
  setAlias: (args) => apiClient().send('registry/setAlias', args),
  removeAlias: (name, alias, comment) => apiClient().send('registry/removeAlias', { name, alias, ...optionalText('comment', comment) }),
  checkGates: (name, version, target) => apiClient().send('registry/checkGates', { name, version, target: targetArgs(target) }),
  editVersion: (args) => apiClient().send('registry/editVersion', args),
  setGates: (name, gates) => apiClient().send('registry/setGates', { name, gates }),
  setHooks: (name, hooks) => apiClient().send('registry/setHooks', { name, hooks }),
  audit: (name) => apiClient().send('registry/audit', { name }),
  asOf: (name, at) => apiClient().send('registry/asOf', { name, at }),
  lineage: (name, version) => apiClient().send('registry/lineage', { name, version }),
  mlflowModels: () => apiClient().send('registry/models', {}),
  copyFromMlflow: (args) => apiClient().send('registry/copyFromMlflow', args),
  onChanged(listener) {
    const offRegistry = apiClient().subscribe('registry/changed', ({ model }) => listener(model));
    // The hub's refresh after a lost connection sends projects/changed: events may have been missed.
    const offRefresh = apiClient().subscribe('projects/changed', () => listener(null));
    return () => {
      offRegistry();
      offRefresh();
    };
  },
  onNotice: (listener) => apiClient().subscribe('registry/notify', listener),
  onProjectsChanged(listener) {
    const offProjects = apiClient().subscribe('projects/changed', () => listener());
    const offRuns = apiClient().subscribe('runs/changed', () => listener());
    return () => {
      offProjects();
      offRuns();
    };
  },
};

