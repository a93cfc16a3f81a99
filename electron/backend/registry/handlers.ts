// The registry's requests: the MLflow registries read from project folders
// (registry/models, read-only, in mirror/) and Runlens's own registry (every
// other registry/* request). No SQL here.
import type { RegistryNotice, VersionLineage } from '../../../shared/registry/types';
import type { Handlers } from '../handlerTypes';
import { artifactRunOf } from '../artifacts/queries';
import type { Db } from '../store/database';
import { modelAsOf } from './asOf';
import { modelEvents } from './audit';
import { editModel, editVersion, setGates, setHooks } from './edits';
import { exportModel, importModel } from './exchange';
import { evaluateGates } from './gates';
import { copyFromMlflow } from './mlflowCopy';
import { listRegisteredModels } from './mirror/queries';
import { jobsForModelSha, listModels, requireModel, requireVersion } from './queries';
import { checkedModel, withFileStates } from './reads';
import { registerVersion } from './register';
import { removeAlias, setAlias, transitionVersion, type RegistryContext } from './transitions';

export interface RegistryHost {
  /** Runlens's data folder: kept copies live in its registry/ folder. */
  dataDir: string;
  /** A model changed (registry/changed): its views refetch. */
  changed(model: string): void;
  notify?(notice: RegistryNotice): void;
}

export function registryHandlers(db: Db, host: RegistryHost) {
  const ctx: RegistryContext = { db, dataDir: host.dataDir, changed: host.changed, notify: host.notify };
  /** Announces the model when the edit changed it. */
  const announce = <T>(name: string, outcome: { changed: boolean } & T) => {
    if (outcome.changed) host.changed(name);
    return outcome;
  };
  return {
    'registry/models': async ({ projectId }) => listRegisteredModels(db, projectId),
    'registry/list': async () => listModels(db),
    'registry/model': async ({ name }) => (await checkedModel(db, name)).detail,
    'registry/register': async (args) => {
      const version = await registerVersion(db, host.dataDir, args);
      host.changed(args.name);
      return version;
    },
    'registry/transition': async (args) => transitionVersion(ctx, args),
    'registry/setAlias': async (args) => setAlias(ctx, args),
    'registry/removeAlias': async (args) => removeAlias(ctx, args),
    'registry/checkGates': async ({ name, version, target }) => {
      const { row, detail } = await checkedModel(db, name);
      const candidate = detail.versions.find((v) => v.version === version) ?? requireVersion(db, row, version);
      return evaluateGates({ db, dataDir: host.dataDir, model: detail, candidate, target });
    },
    'registry/editModel': async (args) => announce(args.name, editModel(db, args)).model,
    'registry/editVersion': async (args) => {
      const { version } = announce(args.name, editVersion(db, args));
      const [checked] = await withFileStates(db, requireModel(db, args.name).id, [version]);
      return checked;
    },
    'registry/setGates': async (args) => announce(args.name, setGates(db, args)).model,
    'registry/setHooks': async (args) => announce(args.name, setHooks(db, args)).model,
    'registry/audit': async ({ name }) => modelEvents(db, requireModel(db, name).id),
    'registry/asOf': async ({ name, at }) => modelAsOf(db, name, at),
    'registry/lineage': async ({ name, version }) => {
      const row = requireModel(db, name);
      const [record] = await withFileStates(db, row.id, [requireVersion(db, row, version)]);
      return lineageOf(db, record);
    },
    'registry/copyFromMlflow': async (args) => {
      const version = await copyFromMlflow(db, args);
      host.changed(version.model);
      return version;
    },
    'registry/export': async (args) => exportModel(db, host.dataDir, args),
    'registry/import': async (args) => {
      const outcome = await importModel(db, host.dataDir, args);
      if (!outcome.unchanged) host.changed(outcome.model);
      return outcome;
    },
  } satisfies Partial<Handlers>;
}

/** The data and code behind a version, and the scoring jobs that used its file since. */
function lineageOf(db: Db, version: VersionLineage['version']): VersionLineage {
  const exists = version.runId !== null && artifactRunOf(db, version.runId) !== null;
  return {
    version,
    run: version.runId === null ? null : { id: version.runId, name: version.runName ?? version.runId, experiment: version.experiment ?? 'Default', exists },
    datasets: version.datasets,
    gitCommit: version.gitCommit,
    scoringJobs: jobsForModelSha(db, version.sha256),
  };
}
