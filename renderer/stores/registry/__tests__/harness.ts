// A registry client whose answers a test releases by hand, in any order, and
// records shaped as the backend answers them.
import { createStore } from 'zustand';
import type { RegisteredModel } from '../../../../shared/domain';
import type { Result } from '../../../../shared/errors';
import type {
  AsOf,
  AuditEvent,
  GateResult,
  GateTarget,
  ModelVersionRecord,
  RegistryModel,
  RegistryModelDetail,
  TransitionOutcome,
  VersionLineage,
} from '../../../../shared/registry/types';
import type { CopyFromMlflowArgs, EditVersionArgs, RegisterArgs, RegistryClient, SetAliasArgs, TransitionArgs } from '../../../api/registryClient';
import type { RegistryRoute } from '../../ui/store';

export interface Pending<A, T> {
  args: A;
  resolve(result: Result<T>): void;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failed = (message: string, code: 'bad-request' | 'not-found' = 'bad-request'): Result<never> => ({ ok: false, error: { code, message } });

export function scriptedRegistry() {
  const lists: Pending<null, RegistryModel[]>[] = [];
  const models: Pending<string, RegistryModelDetail>[] = [];
  const registers: Pending<RegisterArgs, ModelVersionRecord>[] = [];
  const transitions: Pending<TransitionArgs, TransitionOutcome>[] = [];
  const aliases: Pending<SetAliasArgs, TransitionOutcome>[] = [];
  const removals: Pending<{ name: string; alias: string }, { removed: boolean }>[] = [];
  const checks: Pending<{ name: string; version: number; target: GateTarget }, GateResult[]>[] = [];
  const edits: Pending<EditVersionArgs, ModelVersionRecord>[] = [];
  const gateSaves: Pending<{ name: string; gates: unknown[] }, RegistryModel>[] = [];
  const hookSaves: Pending<{ name: string; hooks: unknown[] }, RegistryModel>[] = [];
  const audits: Pending<string, AuditEvent[]>[] = [];
  const asOfs: Pending<{ name: string; at: number }, AsOf>[] = [];
  const lineages: Pending<{ name: string; version: number }, VersionLineage>[] = [];
  const mlflows: Pending<null, RegisteredModel[]>[] = [];
  const copies: Pending<CopyFromMlflowArgs, ModelVersionRecord>[] = [];
  let changed: ((model: string | null) => void) | null = null;
  let projects: (() => void) | null = null;
  const pending = <A, T>(list: Pending<A, T>[], args: A) => new Promise<Result<T>>((resolve) => list.push({ args, resolve }));
  const client: RegistryClient = {
    list: () => pending(lists, null),
    model: (name) => pending(models, name),
    register: (args) => pending(registers, args),
    transition: (args) => pending(transitions, args),
    setAlias: (args) => pending(aliases, args),
    removeAlias: (name, alias) => pending(removals, { name, alias }),
    checkGates: (name, version, target) => pending(checks, { name, version, target }),
    editVersion: (args) => pending(edits, args),
    setGates: (name, gates) => pending(gateSaves, { name, gates }),
    setHooks: (name, hooks) => pending(hookSaves, { name, hooks }),
    audit: (name) => pending(audits, name),
    asOf: (name, at) => pending(asOfs, { name, at }),
    lineage: (name, version) => pending(lineages, { name, version }),
    mlflowModels: () => pending(mlflows, null),
    copyFromMlflow: (args) => pending(copies, args),
    onChanged(listener) {
      changed = listener;
      return () => void (changed = null);
    },
    onNotice: () => () => undefined,
    onProjectsChanged(listener) {
      projects = listener;
      return () => void (projects = null);
    },
  };
  return {
    client,
    lists,
    models,
    registers,
    transitions,
    aliases,
    removals,
    checks,
    edits,
    gateSaves,
    hookSaves,
    audits,
    asOfs,
    lineages,
    mlflows,
    copies,
    emitChanged: (model: string | null) => changed?.(model),
    emitProjects: () => projects?.(),
    listening: () => changed !== null,
  };
}

/** A ui store's registry route alone, as the stores follow it. */
export function routeStore(route: RegistryRoute = { view: 'list' }) {
  return createStore<{ registryRoute: RegistryRoute }>()(() => ({ registryRoute: route }));
}

export function versionRecord(patch: Partial<ModelVersionRecord> = {}): ModelVersionRecord {
  return {
    model: 'fraud',
    version: 1,
    stage: 'None',
    aliases: [],
    runId: 'r1',
    runName: 'lgbm-seed1',
    experiment: 'fraud',
    artifactPath: 'model.onnx',
    filePath: '/p/r1/artifacts/model.onnx',
    sha256: 'ab'.repeat(32),
    size: 1000,
    copyPath: null,
    fileState: 'ok',
    schema: { from: 'onnx', inputs: [{ name: 'X', type: 'tensor(float)', shape: '[N, 4]' }], outputs: [{ name: 'label', type: 'tensor(int64)', shape: '[N]' }] },
    datasets: [],
    gitCommit: null,
    params: {},
    metrics: {},
    description: null,
    tags: {},
    createdBy: 'ana',
    createdAt: 1000,
    updatedAt: 1000,
    origin: { kind: 'run' },
    ...patch,
  };
}

export function modelDetail(patch: Partial<RegistryModelDetail> = {}): RegistryModelDetail {
  const versions = patch.versions ?? [versionRecord()];
  return {
    name: 'fraud',
    description: null,
    tags: {},
    createdBy: 'ana',
    createdAt: 1000,
    updatedAt: 1000,
    latestVersion: versions.length ? Math.max(...versions.map((v) => v.version)) : null,
    stageHolders: { None: [], Staging: [], Production: [], Archived: [] },
    aliases: {},
    gates: [],
    hooks: [],
    versions,
    ...patch,
  };
}

export function outcome(patch: Partial<TransitionOutcome> = {}): TransitionOutcome {
  return { done: true, gates: [], archived: [], hook: null, version: versionRecord({ stage: 'Production' }), ...patch };
}

export const passed = (ruleId: string): GateResult => ({ ruleId, kind: 'description', passed: true, detail: 'has a description' });
export const failing = (ruleId: string): GateResult => ({ ruleId, kind: 'description', passed: false, detail: 'no description' });

/** Lets the promise callbacks queued so far run (microtasks only: it works under fake timers too). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
