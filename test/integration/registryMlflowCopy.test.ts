// Copying a version of an MLflow registry Runlens read from a project folder
// into Runlens's own registry, from real MLflow stores: a file store
// (test/fixtures/real/mlflow-filestore/mlflow2-registry-stages) and two SQLite
// databases (mlflow1-zoomcamp-registry, mlflow2.13-deleted-runs). The real
// stores hold no artifacts (they were logged to a tracking server), so each test
// copy gets the model folders MLflow would have left at the place its source
// URI names, and the aliases and tags MLflow writes (aliases/<alias> files,
// registered_model_aliases rows). The copy carries stage, aliases,
// description and tags, hashes the resolved file, and writes nothing into the
// project folder nor the MLflow registry Runlens caches.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredModel } from '../../shared/domain';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { modelAsOf } from '../../electron/backend/registry/asOf';
import { modelEvents } from '../../electron/backend/registry/audit';
import { copyFromMlflow } from '../../electron/backend/registry/mlflowCopy';
import { insertModel, modelDetail, modelRowByName } from '../../electron/backend/registry/queries';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const real = path.join(repoRoot, 'test', 'fixtures', 'real');
const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** A folder's SHA-256 as files.ts defines it: each file's relative path, NUL, its SHA-256 and a newline, in path order. */
function folderSha256(folder: string): string {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(folder, relative), { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk('');
  files.sort();
  return createHash('sha256').update(files.map((rel) => `${rel}\0${sha256(path.join(folder, rel))}\n`).join('')).digest('hex');
}
/** Every file under `folder` with its SHA-256: the project folder must not change. */
function tree(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else out[path.relative(folder, file)] = sha256(file);
    }
  };
  walk(folder);
  return out;
}

/** An MLflow model folder with the onnx flavor, as mlflow.onnx.log_model writes it. */
function onnxModelFolder(folder: string, model: string): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(models, model), path.join(folder, 'model.onnx'));
  fs.writeFileSync(path.join(folder, 'MLmodel'), 'flavors:\n  onnx:\n    data: model.onnx\n    onnx_version: 1.14.0\n  python_function:\n    loader_module: mlflow.onnx\n    data: model.onnx\n');
  return path.join(folder, 'model.onnx');
}

/** An MLflow model folder with the sklearn flavor only: registered as the folder itself. */
function sklearnModelFolder(folder: string): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'model.pkl'), Buffer.from([0x80, 0x04, 0x95, 0x10, 0x00, 0x2e]));
  fs.writeFileSync(path.join(folder, 'requirements.txt'), 'scikit-learn==1.2.2\n');
  fs.writeFileSync(path.join(folder, 'MLmodel'), 'flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n  sklearn:\n    pickled_model: model.pkl\n    sklearn_version: 1.2.2\n');
  return folder;
}

let backend: Backend;

async function registries(): Promise<RegisteredModel[]> {
  const result = await backend.send('registry/models', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
/** Where Runlens read MLflow's model `name` from, in the project folder `project`. */
async function locationOf(name: string, project: string): Promise<string> {
  const found = (await registries()).find((model) => model.name === name && model.location.startsWith(project + path.sep));
  if (!found) throw new Error(`no MLflow model ${name} read in ${project}`);
  return found.location;
}
async function addProject(folder: string): Promise<void> {
  const result = await backend.send('projects/add', { path: folder });
  if (!result.ok) throw new Error(result.error.message);
}
const mirrorDump = () => JSON.stringify([backend.db.prepare('SELECT * FROM registered_models ORDER BY id').all(), backend.db.prepare('SELECT * FROM model_versions ORDER BY model_id, version').all()]);

const fileStoreRun3 = '7e32eb2086eb405798f997fb5610f725';
const fileStoreRun4 = '1a3c30a3fc464ce783540a93b69f941a';
let fileStore: string;
let zoomcamp: string;
let deletedRuns: string;
let files: { v3: string; v4: string; zoomcampV1: string; zoomcampV2: string; nycV1: string };

beforeAll(async () => {
  const root = tempDir('runlens-mlflow-copy-');
  // The file store, with what MLflow writes for aliases, a description and a tag, and the artifacts a local run keeps.
  fileStore = path.join(root, 'filestore');
  fs.cpSync(path.join(real, 'mlflow-filestore', 'mlflow2-registry-stages'), fileStore, { recursive: true });
  const registered = path.join(fileStore, 'mlruns', 'models', 'sk-learn-random-forest-reg-model');
  fs.mkdirSync(path.join(registered, 'aliases'));
  fs.writeFileSync(path.join(registered, 'aliases', 'champion'), '3');
  fs.writeFileSync(path.join(registered, 'aliases', 'challenger'), '4');
  const v3meta = path.join(registered, 'version-3', 'meta.yaml');
  fs.writeFileSync(v3meta, fs.readFileSync(v3meta, 'utf8').replace("description: ''", 'description: Depth 4, chosen by the review'));
  fs.mkdirSync(path.join(registered, 'version-3', 'tags'));
  fs.writeFileSync(path.join(registered, 'version-3', 'tags', 'validated'), 'true');
  files = {
    v3: onnxModelFolder(path.join(fileStore, 'mlruns', '0', fileStoreRun3, 'artifacts', 'sklearn-model'), 'iris_forest.onnx'),
    v4: sklearnModelFolder(path.join(fileStore, 'mlruns', '0', fileStoreRun4, 'artifacts', 'sklearn-model')),
    zoomcampV1: '',
    zoomcampV2: '',
    nycV1: '',
  };

  // MLflow 1.26 in SQLite: sources relative to the database's folder (./mlruns/1/<run>/artifacts/...).
  zoomcamp = path.join(root, 'zoomcamp');
  fs.cpSync(path.join(real, 'mlflow-sqlite', 'mlflow1-zoomcamp-registry'), zoomcamp, { recursive: true });
  const zoomcampRun = path.join(zoomcamp, 'mlruns', '1', 'b72e6dbe671840aea38aae813ee9dd9e', 'artifacts');
  files.zoomcampV1 = sklearnModelFolder(path.join(zoomcampRun, 'models_mlflow'));
  files.zoomcampV2 = onnxModelFolder(path.join(zoomcampRun, 'model'), 'wine_softmax.onnx');

  // MLflow 2.13 in SQLite: sources written on another machine (/Users/...), an alias and a tag as MLflow stores them.
  deletedRuns = path.join(root, 'deleted-runs');
  fs.cpSync(path.join(real, 'mlflow-sqlite', 'mlflow2.13-deleted-runs'), deletedRuns, { recursive: true });
  const mlflowDb = new Database(path.join(deletedRuns, 'mlflow.db'));
  mlflowDb.prepare("INSERT INTO registered_model_aliases (alias, version, name) VALUES ('champion', 1, 'nyc-taxi-regressor')").run();
  mlflowDb.prepare("INSERT INTO model_version_tags (key, value, name, version) VALUES ('reviewed_by', 'kamila', 'nyc-taxi-regressor', 1)").run();
  mlflowDb.close();
  files.nycV1 = onnxModelFolder(path.join(deletedRuns, 'mlruns', '1', 'f30801391f284e0aaccfd60cba9a7aec', 'artifacts', 'models_mlflow'), 'breast_cancer_logreg.onnx');

  backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'cli', version: 'test', watch: false, emit: () => {} });
  for (const folder of [fileStore, zoomcamp, deletedRuns]) await addProject(folder);
}, 60_000);
afterAll(async () => backend?.close());

describe('from a file store', () => {
  it('copies a version with its stage, alias, description, tags, run snapshot and the SHA-256 of the resolved ONNX file', async () => {
    const location = await locationOf('sk-learn-random-forest-reg-model', fileStore);
    const before = { project: tree(fileStore), mirror: mirrorDump() };
    const copied = await copyFromMlflow(backend.db, { location, name: 'sk-learn-random-forest-reg-model', version: 3, as: 'forest' });
    const run = backend.db.prepare('SELECT id, name FROM runs WHERE source_run_id = ?').get(fileStoreRun3) as { id: string; name: string };
    expect(copied).toMatchObject({
      model: 'forest', version: 1, stage: 'Production', aliases: ['champion'],
      description: 'Depth 4, chosen by the review', tags: { validated: 'true' },
      runId: run.id, runName: run.name, artifactPath: 'artifacts/sklearn-model',
      filePath: fs.realpathSync(files.v3), sha256: sha256(files.v3), size: fs.statSync(files.v3).size,
      origin: { kind: 'mlflow', location, name: 'sk-learn-random-forest-reg-model', version: 3 },
    });
    expect(copied.schema.from).toBe('onnx');
    expect(copied.schema.inputs.length).toBeGreaterThan(0);
    expect(Object.keys(copied.params).sort()).toEqual(['max_depth', 'random_state']);
    expect(Object.keys(copied.metrics)).toEqual(['mse']);

    // The audit trail replays it: as of now, version 1 is in Production and holds champion.
    const events = modelEvents(backend.db, modelRowByName(backend.db, 'forest')!.id);
    expect(events.map((event) => [event.kind, event.version, event.from, event.to])).toEqual([
      ['copied', 1, 'sk-learn-random-forest-reg-model v3', 'Production'],
      ['alias-set', 1, null, 'champion@1'],
    ]);
    expect(events[0].comment).toContain(`Copied from the MLflow registry at ${location}: sk-learn-random-forest-reg-model version 3 (Production, aliases champion)`);
    const asOf = modelAsOf(backend.db, 'forest', Date.now());
    expect(asOf.stages.Production).toEqual([1]);
    expect(asOf.aliases).toEqual({ champion: 1 });

    // Version 4, a folder with the sklearn flavor only: the folder is what is hashed.
    const second = await copyFromMlflow(backend.db, { location, name: 'sk-learn-random-forest-reg-model', version: 4, as: 'forest' });
    expect(second).toMatchObject({ version: 2, stage: 'Production', aliases: ['challenger'], filePath: fs.realpathSync(files.v4), sha256: folderSha256(files.v4) });
    expect(modelDetail(backend.db, 'forest')!.stageHolders.Production).toEqual([1, 2]);

    // Nothing was written into the project folder or the MLflow registry Runlens caches.
    expect(tree(fileStore)).toEqual(before.project);
    expect(mirrorDump()).toBe(before.mirror);
  });

  it('refuses a second copy of one version, an MLflow version whose model is not on this disk, and unknown names', async () => {
    const location = await locationOf('sk-learn-random-forest-reg-model', fileStore);
    await expect(copyFromMlflow(backend.db, { location, name: 'sk-learn-random-forest-reg-model', version: 3, as: 'forest' })).rejects.toThrow(
      /MLflow's sk-learn-random-forest-reg-model version 3 was already copied: it is version 1 of "forest"/,
    );
    await expect(copyFromMlflow(backend.db, { location, name: 'sk-learn-random-forest-reg-model', version: 1, as: 'forest' })).rejects.toThrow(
      /names its model as mlflow-artifacts:\/0\/47fa8030c68442a0a6827d36006b61cb\/artifacts\/sklearn-model, but it is not on this disk \(looked in .*47fa8030c68442a0a6827d36006b61cb[/\\]artifacts[/\\]sklearn-model/,
    );
    await expect(copyFromMlflow(backend.db, { location, name: 'sk-learn-random-forest-reg-model', version: 9 })).rejects.toThrow(/has no version 9 \(its versions are 1, 2, 3, 4\)/);
    await expect(copyFromMlflow(backend.db, { location, name: 'no-such-model', version: 1 })).rejects.toThrow(/No MLflow registered model "no-such-model" at/);
    expect(modelDetail(backend.db, 'forest')!.versions).toHaveLength(2);
  });

  it("leaves out a stage and an alias the Runlens model's gates guard, and says so in the audit trail", async () => {
    const location = await locationOf('sk-learn-random-forest-reg-model', fileStore);
    insertModel(backend.db, {
      name: 'gated forest', createdBy: 'alice', createdAt: Date.now(),
      gates: [{ id: 'described', kind: 'description', targets: [{ kind: 'stage', stage: 'Production' }, { kind: 'alias', alias: 'champion' }] }],
    });
    const copied = await copyFromMlflow(backend.db, { location, name: 'sk-learn-random-forest-reg-model', version: 3, as: 'gated forest' });
    expect(copied).toMatchObject({ version: 1, stage: 'None', aliases: [] });
    const [event, ...rest] = modelEvents(backend.db, modelRowByName(backend.db, 'gated forest')!.id);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ kind: 'copied', to: 'None' });
    expect(event.comment).toMatch(/its stage Production was not carried over: the model's gates guard Production.*its alias champion was not carried over/);
  });
});

describe('from SQLite', () => {
  it('resolves a source relative to the database (MLflow 1.26) and carries stage, tags and description', async () => {
    const location = await locationOf('nyc-taxi-regressor', zoomcamp);
    expect(location).toBe(path.join(zoomcamp, 'mlflow.db'));
    const before = tree(zoomcamp);
    const first = await copyFromMlflow(backend.db, { location, name: 'nyc-taxi-regressor', version: 1 });
    const run = backend.db.prepare('SELECT id FROM runs WHERE source_run_id = ? AND location = ?').get('b72e6dbe671840aea38aae813ee9dd9e', location) as { id: string };
    expect(first).toMatchObject({
      model: 'nyc-taxi-regressor', version: 1, stage: 'Staging', aliases: [], tags: { model: 'xgboost' }, description: null,
      runId: run.id, artifactPath: 'artifacts/models_mlflow', filePath: fs.realpathSync(files.zoomcampV1), sha256: folderSha256(files.zoomcampV1),
    });
    expect(first.params).not.toEqual({});
    // Through the API, as the app and the CLI ask for it.
    const sent = await backend.send('registry/copyFromMlflow', { location, name: 'nyc-taxi-regressor', version: 2 });
    if (!sent.ok) throw new Error(sent.error.message);
    const second = sent.value;
    expect(second).toMatchObject({
      version: 2, stage: 'Production', description: 'The model version 2 was transitioned to Production on 2022-05-28',
      artifactPath: 'artifacts/model', filePath: fs.realpathSync(files.zoomcampV2), sha256: sha256(files.zoomcampV2),
    });
    const audit = await backend.send('registry/audit', { name: 'nyc-taxi-regressor' });
    expect(audit.ok && audit.value.map((event) => [event.kind, event.version, event.to])).toEqual([['copied', 1, 'Staging'], ['copied', 2, 'Production']]);
    // The model is created with MLflow's description.
    expect(modelDetail(backend.db, 'nyc-taxi-regressor')!.description).toBe('The NYC Taxi Predictor for trip duration');
    expect(tree(zoomcamp)).toEqual(before);
  });

  it('finds a source written on another machine by its run id tail (MLflow 2.13), with the alias MLflow stores', async () => {
    const location = await locationOf('nyc-taxi-regressor', deletedRuns);
    const copied = await copyFromMlflow(backend.db, { location, name: 'nyc-taxi-regressor', version: 1, as: 'nyc taxi (2024)' });
    expect(copied).toMatchObject({
      version: 1, stage: 'Staging', aliases: ['champion'], tags: { reviewed_by: 'kamila' },
      description: 'Model version 1 trained on NYC Taxi dataset on 2024-06-09', sha256: sha256(files.nycV1), filePath: fs.realpathSync(files.nycV1),
    });
    const run = backend.db.prepare('SELECT id FROM runs WHERE source_run_id = ? AND location = ?').get('f30801391f284e0aaccfd60cba9a7aec', location) as { id: string };
    expect(copied.runId).toBe(run.id);
    expect(copied.artifactPath).toBe('artifacts/models_mlflow');
    expect(modelAsOf(backend.db, 'nyc taxi (2024)', Date.now()).aliases).toEqual({ champion: 1 });
    // Its remote-store versions (mlflow-artifacts: on a server that kept no local copy here) are named, not guessed.
    await expect(copyFromMlflow(backend.db, { location, name: 'random-forest-best-models', version: 1 })).rejects.toThrow(/is not on this disk/);
  });
});
