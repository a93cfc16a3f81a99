// Export and import of one registered model: a colleague's Runlens (a second,
// fresh data folder) holds the same model, versions, stages, aliases, gate
// rules and audit trail; importing twice adds nothing; the model files travel
// by SHA-256 when asked; a newer, damaged or conflicting archive is refused
// with a clear message and leaves the registry byte for byte as it was.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, RequestName, ResultOf } from '../../shared/api';
import type { AuditEvent, GateRule, RegistryModelDetail } from '../../shared/registry/types';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { modelAsOf } from '../../electron/backend/registry/asOf';
import { appendEvent, modelEvents } from '../../electron/backend/registry/audit';
import { exportModel, importModel } from '../../electron/backend/registry/exchange';
import { digestPath, fileStateOf } from '../../electron/backend/registry/files';
import { insertModel, insertVersion, modelDetail, modelRowByName, putAlias, recordedFiles, setStage, updateModel } from '../../electron/backend/registry/queries';
import { writeTarGz } from '../../electron/backend/registry/tarball';
import { openDatabase, type Db } from '../../electron/backend/store/database';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const name = 'iris classifier / prod';
const day = 86_400_000;
const t0 = Date.UTC(2024, 0, 10, 9, 0, 0);

const gates: GateRule[] = [
  { id: 'needs-description', kind: 'description', targets: [{ kind: 'stage', stage: 'Production' }] },
  { id: 'beats', kind: 'beatsChampion', targets: [{ kind: 'alias', alias: 'champion' }], metric: 'accuracy', champion: 'champion', evaluationSet: null, threshold: 0.8, minAbsoluteChange: null, minRelativeChange: 0.01, greaterIsBetter: true },
];

let root: string;
let project: string;
let source: Db;
let sourceDir: string;

/** The registry tables as text, row for row: what "unchanged" means. */
function dump(db: Db): string {
  return ['registry_models', 'registry_versions', 'registry_aliases', 'registry_events']
    .map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()))
    .join('\n');
}

async function addVersion(db: Db, modelId: number, version: number, file: string, at: number, extra: { metrics?: Record<string, number>; description?: string | null } = {}) {
  const digest = await digestPath(file);
  insertVersion(db, modelId, {
    version, runId: `run${version}`, runName: `forest-${version}`, experiment: 'iris', artifactPath: `artifacts/${path.basename(file)}`, filePath: file,
    sha256: digest.sha256, size: digest.size, fileMtime: digest.mtime, copyPath: null,
    schema: { from: 'onnx', inputs: [{ name: 'X', type: 'tensor(float)', shape: '[?, 4]' }], outputs: [{ name: 'label', type: 'tensor(int64)', shape: '[?]' }] },
    datasets: [{ name: 'iris-train', digest: 'abc123', source: 'data/train.csv', context: 'training', rows: 120 }],
    gitCommit: 'deadbeef', params: { n_estimators: String(10 * version) }, metrics: extra.metrics ?? { accuracy: 0.9 + version / 100 },
    description: extra.description ?? null, tags: { team: 'vision', 'odd key ✓': 'yes' }, origin: { kind: 'run' }, createdBy: 'alice', createdAt: at,
  });
  appendEvent(db, modelId, { version, kind: 'registered', at, actor: 'alice', to: 'None', comment: `forest-${version}: artifacts/${path.basename(file)}` });
  return digest;
}

/** A registry with three versions (two files, one MLflow model folder), moves, an alias, a failed gate with NaN, an override and a hook run. */
async function seed(db: Db): Promise<void> {
  const model = insertModel(db, { name, description: 'Classifies irises', tags: { owner: 'ml-team' }, gates, hooks: [{ id: 'deploy', command: 'echo deploy', targets: [{ kind: 'stage', stage: 'Production' }], notify: false }], createdBy: 'alice', createdAt: t0 });
  await addVersion(db, model.id, 1, path.join(project, 'iris_forest.onnx'), t0);
  setStage(db, model.id, 1, 'Production', t0 + day);
  appendEvent(db, model.id, { version: 1, kind: 'stage', at: t0 + day, actor: 'alice', from: 'None', to: 'Production', comment: 'first release' });
  putAlias(db, model.id, 'champion', 1, t0 + day);
  appendEvent(db, model.id, { version: 1, kind: 'alias-set', at: t0 + day, actor: 'alice', from: null, to: 'champion@1' });
  await addVersion(db, model.id, 2, path.join(project, 'iris_forest_zipmap.onnx'), t0 + 2 * day, { metrics: { accuracy: 0.95, loss: NaN, gap: -Infinity }, description: 'zipmap variant' });
  appendEvent(db, model.id, {
    version: 2, kind: 'gate-failed', at: t0 + 3 * day, actor: 'bob', to: 'champion@2',
    gates: [{ ruleId: 'beats', kind: 'beatsChampion', passed: false, detail: 'accuracy 0.95 vs 0.91: relative change below 0.01', candidate: 0.95, baseline: 0.91, evaluationSetSha256: null }],
  });
  appendEvent(db, model.id, { version: 2, kind: 'override', at: t0 + 3 * day, actor: 'bob', comment: 'signed off by the review board' });
  putAlias(db, model.id, 'champion', 2, t0 + 3 * day);
  appendEvent(db, model.id, { version: 2, kind: 'alias-set', at: t0 + 3 * day, actor: 'bob', from: 'champion@1', to: 'champion@2' });
  setStage(db, model.id, 2, 'Staging', t0 + 4 * day);
  appendEvent(db, model.id, { version: 2, kind: 'stage', at: t0 + 4 * day, actor: 'bob', from: 'None', to: 'Staging' });
  appendEvent(db, model.id, { version: 2, kind: 'hook', at: t0 + 4 * day, actor: 'bob', to: 'Staging', hook: { command: 'echo deploy', exitCode: 0, output: 'deployed\n', error: null } });
  await addVersion(db, model.id, 3, path.join(project, 'mlflow-model'), t0 + 5 * day);
  updateModel(db, model.id, { description: 'Classifies irises (three species)' }, t0 + 5 * day);
}

function freshDataDir(prefix: string): { dir: string; db: Db } {
  const dir = path.join(tempDir(prefix), 'data');
  return { dir, db: openDatabase(dir) };
}

/** What the model page shows, without what belongs to the machine (where copies are, how a version arrived). */
function comparable(detail: RegistryModelDetail | null) {
  if (!detail) throw new Error('no model');
  const { hooks: _hooks, ...rest } = detail;
  return { ...rest, versions: detail.versions.map(({ copyPath: _c, origin: _o, fileState: _f, ...version }) => version) };
}

const events = (db: Db) => modelEvents(db, modelRowByName(db, name)!.id);
const withoutIds = (list: AuditEvent[]) => list.map(({ id: _id, ...event }) => event);

beforeAll(async () => {
  root = tempDir('runlens-exchange-');
  project = path.join(root, 'project');
  fs.mkdirSync(path.join(project, 'mlflow-model'), { recursive: true });
  fs.copyFileSync(path.join(models, 'iris_forest.onnx'), path.join(project, 'iris_forest.onnx'));
  fs.copyFileSync(path.join(models, 'iris_forest_zipmap.onnx'), path.join(project, 'iris_forest_zipmap.onnx'));
  fs.copyFileSync(path.join(models, 'iris_forest.onnx'), path.join(project, 'mlflow-model', 'model.onnx'));
  fs.writeFileSync(path.join(project, 'mlflow-model', 'MLmodel'), 'flavors:\n  onnx:\n    data: model.onnx\n');
  sourceDir = path.join(root, 'data');
  source = openDatabase(sourceDir);
  await seed(source);
});
afterAll(() => source?.close());

describe('the round trip', () => {
  it('gives a fresh Runlens the same model, versions, stages, aliases, gates and audit trail, with one imported event', async () => {
    const archive = path.join(root, 'iris.tar.gz');
    const written = await exportModel(source, sourceDir, { name, path: archive });
    expect(written).toEqual({ path: archive, bytes: fs.statSync(archive).size });
    // A plain .tar.gz: the manifest first, then the model.
    expect(execFileSync('tar', ['tzf', archive], { encoding: 'utf8' }).trim().split('\n')).toEqual(['manifest.json', 'model.json']);

    const target = freshDataDir('runlens-colleague-');
    const outcome = await importModel(target.db, target.dir, { path: archive });
    expect(outcome).toEqual({ model: name, versionsAdded: 3, eventsAdded: events(source).length, unchanged: false });

    expect(comparable(modelDetail(target.db, name))).toEqual(comparable(modelDetail(source, name)));
    const imported = events(target.db);
    expect(withoutIds(imported.filter((event) => event.kind !== 'imported'))).toEqual(withoutIds(events(source)));
    const importEvents = imported.filter((event) => event.kind === 'imported');
    expect(importEvents).toHaveLength(1);
    expect(importEvents[0].comment).toContain(archive);
    // NaN and -Infinity metrics, the gate's numbers, the hook's output: all as recorded.
    const v2 = modelDetail(target.db, name)!.versions[1];
    expect(v2.metrics.loss).toBeNaN();
    expect(v2.metrics.gap).toBe(-Infinity);
    expect(imported.find((event) => event.kind === 'gate-failed')!.gates![0]).toMatchObject({ candidate: 0.95, baseline: 0.91 });
    expect(v2.origin).toEqual({ kind: 'import', archive });
    // Hooks are this machine's configuration: a command never arrives in someone else's archive.
    expect(modelDetail(target.db, name)!.hooks).toEqual([]);
    expect(modelDetail(source, name)!.hooks).toHaveLength(1);
    // As of several dates, the answer is the same on both machines.
    for (const at of [t0 - 1, t0 + day, t0 + 3 * day + 1, t0 + 10 * day]) {
      const { lastEvent: a, ...here } = modelAsOf(source, name, at);
      const { lastEvent: b, ...there } = modelAsOf(target.db, name, at);
      expect(there).toEqual(here);
      expect(b?.kind ?? null).toBe(a?.kind ?? null);
    }
    expect(modelAsOf(target.db, name, t0 + 3 * day + 1).aliases).toEqual({ champion: 2 });

    // A second import of the same archive adds nothing: not a row, not an event.
    const before = dump(target.db);
    expect(await importModel(target.db, target.dir, { path: archive })).toEqual({ model: name, versionsAdded: 0, eventsAdded: 0, unchanged: true });
    expect(dump(target.db)).toBe(before);
    target.db.close();
  });

  it('carries the model files by SHA-256, kept in the data folder, when the project folder is not on the other machine', async () => {
    const archive = path.join(root, 'iris-with-files.tar.gz');
    await exportModel(source, sourceDir, { name, path: archive, includeFiles: true });
    const detail = modelDetail(source, name)!;
    const listed = execFileSync('tar', ['tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['manifest.json', 'model.json', `files/${detail.versions[0].sha256}`, `files/${detail.versions[1].sha256}`, `files/${detail.versions[2].sha256}/MLmodel`, `files/${detail.versions[2].sha256}/model.onnx`]);

    // The colleague has the archive and not the project folder.
    const moved = path.join(root, 'project-away');
    fs.renameSync(project, moved);
    try {
      const target = freshDataDir('runlens-colleague-files-');
      expect(await importModel(target.db, target.dir, { path: archive })).toMatchObject({ versionsAdded: 3, unchanged: false });
      const versions = modelDetail(target.db, name)!.versions;
      for (const version of versions) {
        expect(version.copyPath).toBe(path.join(target.dir, 'registry', version.sha256, path.basename(version.filePath)));
        expect((await digestPath(version.copyPath!)).sha256).toBe(version.sha256);
        expect(version.filePath).toBe(detail.versions[version.version - 1].filePath);
      }
      const row = modelRowByName(target.db, name)!;
      for (const file of recordedFiles(target.db, row.id)) expect(await fileStateOf(file)).toBe('missing');
      // The staging folder is gone.
      expect(fs.readdirSync(path.join(target.dir, 'registry')).filter((entry) => entry.startsWith('.'))).toEqual([]);

      // An import without files first, then the archive with them: the copies are added, and that is a change.
      const other = freshDataDir('runlens-colleague-later-');
      await importModel(other.db, other.dir, { path: path.join(root, 'iris.tar.gz') });
      expect(modelDetail(other.db, name)!.versions.every((version) => version.copyPath === null)).toBe(true);
      expect(await importModel(other.db, other.dir, { path: archive })).toEqual({ model: name, versionsAdded: 0, eventsAdded: 0, unchanged: false });
      expect(modelDetail(other.db, name)!.versions.every((version) => version.copyPath !== null && fs.existsSync(version.copyPath))).toBe(true);
      expect(events(other.db).filter((event) => event.kind === 'imported')).toHaveLength(2);
      target.db.close();
      other.db.close();
    } finally {
      fs.renameSync(moved, project);
    }
  });

  it('brings a colleague forward with what was added since, and refuses two histories that differ', async () => {
    const colleague = freshDataDir('runlens-forward-');
    const first = path.join(root, 'forward-1.tar.gz');
    await exportModel(source, sourceDir, { name, path: first });
    await importModel(colleague.db, colleague.dir, { path: first });

    // The owner promotes version 2 and exports again.
    const owner = openDatabase(path.join(tempDir('runlens-owner-'), 'data'));
    await importModel(owner, path.dirname(owner.name), { path: first });
    const ownerModel = modelRowByName(owner, name)!;
    setStage(owner, ownerModel.id, 2, 'Production', t0 + 20 * day);
    appendEvent(owner, ownerModel.id, { version: 2, kind: 'stage', at: t0 + 20 * day, actor: 'carol', from: 'Staging', to: 'Production' });
    const second = path.join(root, 'forward-2.tar.gz');
    await exportModel(owner, path.dirname(owner.name), { name, path: second });

    // The owner's import event and the promotion are new to the colleague.
    expect(await importModel(colleague.db, colleague.dir, { path: second })).toEqual({ model: name, versionsAdded: 0, eventsAdded: 2, unchanged: false });
    expect(modelDetail(colleague.db, name)!.stageHolders.Production).toEqual([1, 2]);
    expect(modelAsOf(colleague.db, name, t0 + 20 * day).stages.Production).toEqual([1, 2]);

    // Now the colleague archives version 1 on their own, and the owner's next archive meets a history it does not hold.
    const model = modelRowByName(colleague.db, name)!;
    setStage(colleague.db, model.id, 1, 'Archived', t0 + 21 * day);
    appendEvent(colleague.db, model.id, { version: 1, kind: 'stage', at: t0 + 21 * day, actor: 'dave', from: 'Production', to: 'Archived' });
    appendEvent(owner, ownerModel.id, { version: 2, kind: 'edited', at: t0 + 22 * day, actor: 'carol', from: null, to: 'description' });
    const third = path.join(root, 'forward-3.tar.gz');
    await exportModel(owner, path.dirname(owner.name), { name, path: third });
    const before = dump(colleague.db);
    await expect(importModel(colleague.db, colleague.dir, { path: third })).rejects.toThrow(/already holds a model named "iris classifier \/ prod" whose history differs from the archive's \(1 event here is not in the archive, the first a stage event of .*\): Runlens does not merge/);
    expect(dump(colleague.db)).toBe(before);
    // The older archive brings nothing the colleague lacks: unchanged, though they moved on.
    expect(await importModel(colleague.db, colleague.dir, { path: second })).toMatchObject({ unchanged: true });
    expect(dump(colleague.db)).toBe(before);
    colleague.db.close();
    owner.close();
  });

  it('refuses a model of the same name whose version is another file', async () => {
    const other = freshDataDir('runlens-same-name-');
    const row = insertModel(other.db, { name, createdBy: 'erin', createdAt: t0 });
    await addVersion(other.db, row.id, 1, path.join(models, 'wine_softmax.onnx'), t0);
    const before = dump(other.db);
    await expect(importModel(other.db, other.dir, { path: path.join(root, 'iris.tar.gz') })).rejects.toThrow(/version 1 here is another file: SHA-256 [0-9a-f]{12}… here, [0-9a-f]{12}… in the archive/);
    expect(dump(other.db)).toBe(before);
    other.db.close();
  });
});

describe('through the API, between two backends', () => {
  const backends: Backend[] = [];
  afterAll(async () => {
    for (const backend of backends) await backend.close();
  });
  async function open(dataDir: string): Promise<Backend> {
    const backend = await createBackend({ dataDir, mode: 'cli', version: 'test', watch: false, emit: () => {} });
    backends.push(backend);
    return backend;
  }
  async function send<K extends RequestName>(backend: Backend, request: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
    const result = await backend.send(request, args);
    if (!result.ok) throw new Error(`${request}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  it('registers, gates, overrides and promotes on one machine; the other reads the same registry/model and registry/audit', async () => {
    // A real MLflow run folder (file store, artifact_uri written on another machine), with the model folder mlflow.onnx.log_model leaves.
    const folder = tempDir('runlens-exchange-api-');
    const mlflowProject = path.join(folder, 'project');
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'real', 'mlflow-filestore', 'mlflow1-projects-failed-runs'), mlflowProject, { recursive: true });
    const modelFolder = path.join(mlflowProject, 'mlruns', '0', '000ffb108fda4c8b923cc3a6f7f4b197', 'artifacts', 'model');
    fs.mkdirSync(modelFolder, { recursive: true });
    fs.copyFileSync(path.join(models, 'iris_forest.onnx'), path.join(modelFolder, 'model.onnx'));
    fs.writeFileSync(path.join(modelFolder, 'MLmodel'), 'flavors:\n  onnx:\n    data: model.onnx\n');

    const mine = await open(path.join(folder, 'mine'));
    await send(mine, 'projects/add', { path: mlflowProject });
    const run = mine.db.prepare('SELECT id FROM runs WHERE source_run_id = ?').pluck().get('000ffb108fda4c8b923cc3a6f7f4b197') as string;
    const model = 'forest on iris';
    await send(mine, 'registry/register', { runId: run, artifactPath: 'artifacts/model', name: model, tags: { team: 'ml' } });
    await send(mine, 'registry/register', { runId: run, artifactPath: 'artifacts/model', name: model, keepCopy: true });
    await send(mine, 'registry/setGates', { name: model, gates: [{ id: 'described', kind: 'description', targets: [{ kind: 'stage', stage: 'Production' }] }] });
    expect((await send(mine, 'registry/transition', { name: model, version: 1, stage: 'Production' })).done).toBe(false);
    expect((await send(mine, 'registry/transition', { name: model, version: 1, stage: 'Production', override: 'hotfix, described later' })).done).toBe(true);
    await send(mine, 'registry/editVersion', { name: model, version: 2, description: 'the same forest, kept' });
    await send(mine, 'registry/transition', { name: model, version: 2, stage: 'Production', archiveExisting: true, comment: 'replaces 1' });
    await send(mine, 'registry/setAlias', { name: model, alias: 'champion', version: 2 });

    const archive = path.join(folder, 'forest.tar.gz');
    expect((await send(mine, 'registry/export', { name: model, path: archive, includeFiles: true })).path).toBe(archive);
    const theirs = await open(path.join(folder, 'theirs'));
    expect(await send(theirs, 'registry/import', { path: archive })).toMatchObject({ model, versionsAdded: 2, unchanged: false });

    const here = await send(mine, 'registry/model', { name: model });
    const there = await send(theirs, 'registry/model', { name: model });
    expect(comparable(there)).toEqual(comparable(here));
    expect(there.stageHolders).toMatchObject({ Production: [2], Archived: [1] });
    expect(there.aliases).toEqual({ champion: 2 });
    // The file is where it was (the project folder is on this machine too): ok, and the copy travelled.
    expect(there.versions.map((version) => version.fileState)).toEqual(['ok', 'ok']);
    expect(there.versions.map((version) => version.copyPath)).toEqual(there.versions.map((version) => path.join(folder, 'theirs', 'registry', version.sha256, 'model.onnx')));
    const auditHere = await send(mine, 'registry/audit', { name: model });
    const auditThere = await send(theirs, 'registry/audit', { name: model });
    expect(withoutIds(auditThere.filter((event) => event.kind !== 'imported'))).toEqual(withoutIds(auditHere));
    expect(auditHere.map((event) => event.kind)).toEqual(expect.arrayContaining(['registered', 'gate-failed', 'override', 'stage', 'edited', 'alias-set']));
    const moment = auditHere.find((event) => event.kind === 'override')!.at;
    expect(await send(theirs, 'registry/asOf', { name: model, at: moment })).toMatchObject({ stages: (await send(mine, 'registry/asOf', { name: model, at: moment })).stages });

    expect(await send(theirs, 'registry/import', { path: archive })).toEqual({ model, versionsAdded: 0, eventsAdded: 0, unchanged: true });
    expect((await send(theirs, 'registry/audit', { name: model })).length).toBe(auditThere.length);
    const refused = await theirs.send('registry/import', { path: path.join(folder, 'nothing.tar.gz') });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'not-found' });
  });
});

describe('export', () => {
  it('never overwrites a file, and leaves nothing behind when a model file changed since registration', async () => {
    const existing = path.join(root, 'taken.tar.gz');
    fs.writeFileSync(existing, 'mine');
    await expect(exportModel(source, sourceDir, { name, path: existing })).rejects.toThrow(/already exists: Runlens does not overwrite it/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('mine');
    await expect(exportModel(source, sourceDir, { name: 'no such model', path: path.join(root, 'none.tar.gz') })).rejects.toThrow(/No registered model named "no such model"/);

    const folder = tempDir('runlens-changed-');
    const data = path.join(folder, 'data');
    const db = openDatabase(data);
    const file = path.join(folder, 'model.onnx');
    fs.copyFileSync(path.join(models, 'wine_softmax.onnx'), file);
    const row = insertModel(db, { name: 'wine', createdBy: 'alice', createdAt: t0 });
    await addVersion(db, row.id, 1, file, t0);
    fs.appendFileSync(file, 'tampered');
    await expect(exportModel(db, data, { name: 'wine', path: path.join(folder, 'wine.tar.gz'), includeFiles: true })).rejects.toThrow(/Version 1's model file has changed since it was registered/);
    expect(fs.readdirSync(folder).sort()).toEqual(['data', 'model.onnx']);
    // Without its files the metadata still travels.
    await exportModel(db, data, { name: 'wine', path: path.join(folder, 'wine.tar.gz') });
    fs.rmSync(file);
    await expect(exportModel(db, data, { name: 'wine', path: path.join(folder, 'wine-files.tar.gz'), includeFiles: true })).rejects.toThrow(/Version 1's model file is missing/);
    db.close();
  });
});

describe('a bad archive', () => {
  let target: { dir: string; db: Db };
  let good: Buffer;
  let manifest: Record<string, unknown>;
  let document: string;

  beforeAll(async () => {
    target = freshDataDir('runlens-bad-archives-');
    // The target already holds a model: a refusal must leave it exactly as it is.
    const row = insertModel(target.db, { name: 'kept', createdBy: 'zoe', createdAt: t0 });
    await addVersion(target.db, row.id, 1, path.join(models, 'wine_softmax.onnx'), t0);
    const archive = path.join(root, 'good.tar.gz');
    await exportModel(source, sourceDir, { name, path: archive, includeFiles: true });
    good = fs.readFileSync(archive);
    const entries = tarEntries(zlib.gunzipSync(good));
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    document = entries.get('model.json')!.toString('utf8');
  });
  afterAll(() => target?.db.close());

  /** The entries of an uncompressed tar, by name (enough to take a good archive apart). */
  function tarEntries(tar: Buffer): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    for (let offset = 0; offset + 512 <= tar.length && tar[offset] !== 0; ) {
      const entryName = tar.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '');
      const prefix = tar.toString('utf8', offset + 345, offset + 500).replace(/\0.*$/s, '');
      const size = parseInt(tar.toString('ascii', offset + 124, offset + 136).replace(/\0.*$/s, ''), 8);
      out.set(prefix ? `${prefix}/${entryName}` : entryName, tar.subarray(offset + 512, offset + 512 + size));
      offset += 512 + Math.ceil(size / 512) * 512;
    }
    return out;
  }

  async function archiveOf(file: string, entries: { name: string; data: Buffer }[]): Promise<string> {
    const target = path.join(root, file);
    fs.rmSync(target, { force: true });
    await writeTarGz(target, entries);
    return target;
  }

  async function refused(file: string, message: RegExp): Promise<void> {
    const before = dump(target.db);
    await expect(importModel(target.db, target.dir, { path: file })).rejects.toThrow(message);
    expect(dump(target.db)).toBe(before);
    const registryDir = path.join(target.dir, 'registry');
    expect(fs.existsSync(registryDir) ? fs.readdirSync(registryDir).filter((entry) => entry.startsWith('.')) : []).toEqual([]);
  }

  const manifestWith = (changes: Record<string, unknown>) => ({ name: 'manifest.json', data: Buffer.from(JSON.stringify({ ...manifest, files: [], ...changes })) });
  const model = (text = document) => ({ name: 'model.json', data: Buffer.from(text) });

  it('from a newer Runlens', async () => {
    await refused(await archiveOf('newer.tar.gz', [manifestWith({ formatVersion: 2 }), model()]), /written by a newer Runlens \(archive format 2; this Runlens reads format 1\): update Runlens to import it/);
  });

  it('cut short', async () => {
    const file = path.join(root, 'truncated.tar.gz');
    fs.writeFileSync(file, good.subarray(0, Math.floor(good.length / 2)));
    await refused(file, /truncated\.tar\.gz: The archive is incomplete: it ends early/);
    // Cut in the gzip trailer, after every entry: still incomplete.
    fs.writeFileSync(file, good.subarray(0, good.length - 6));
    await refused(file, /truncated\.tar\.gz: The archive is incomplete/);
    // Cut right after model.json, in an archive without files.
    const small = path.join(root, 'small.tar.gz');
    fs.rmSync(small, { force: true });
    await exportModel(source, sourceDir, { name, path: small });
    const whole = zlib.gunzipSync(fs.readFileSync(small));
    fs.writeFileSync(file, zlib.gzipSync(whole.subarray(0, whole.length - 1024)));
    await refused(file, /truncated\.tar\.gz: The archive is incomplete: it has no end marker/);
  });

  it('that is no archive at all', async () => {
    const file = path.join(root, 'random.tar.gz');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    await refused(file, /random\.tar\.gz: This is not a Runlens registry archive, or it is damaged/);
    const plain = path.join(root, 'plain.tar.gz');
    fs.writeFileSync(plain, zlib.gzipSync(Buffer.from('just some text, gzip-compressed\n'.repeat(40))));
    await refused(plain, /not a tar archive inside the gzip|incomplete/);
  });

  it('whose manifest is missing, not JSON, of another format, or has fields of the wrong type', async () => {
    await refused(await archiveOf('no-manifest.tar.gz', [model()]), /it does not start with manifest\.json/);
    await refused(await archiveOf('bad-json.tar.gz', [{ name: 'manifest.json', data: Buffer.from('{"format": "runlens-registry",') }, model()]), /manifest\.json is not valid JSON/);
    await refused(await archiveOf('other-format.tar.gz', [manifestWith({ format: 'mlflow' }), model()]), /not a Runlens registry archive \(its manifest\.json does not say format "runlens-registry"\)/);
    await refused(await archiveOf('wrong-type.tar.gz', [manifestWith({ exportedAt: 'yesterday' }), model()]), /manifest\.json is not valid: "exportedAt"/);
    await refused(await archiveOf('manifest-only.tar.gz', [manifestWith({})]), /model\.json is missing/);
  });

  it('whose model.json is damaged or inconsistent', async () => {
    const doc = JSON.parse(document);
    const changed = (change: (value: typeof doc) => void) => {
      const copy = JSON.parse(document);
      change(copy);
      return model(JSON.stringify(copy));
    };
    await refused(await archiveOf('doc-json.tar.gz', [manifestWith({}), model(document.slice(0, 100))]), /model\.json is not valid JSON/);
    await refused(await archiveOf('doc-sha.tar.gz', [manifestWith({}), changed((d) => (d.versions[0].sha256 = 'xyz'))]), /model\.json is not valid: "versions\.0\.sha256" must be a SHA-256/);
    await refused(await archiveOf('doc-stage.tar.gz', [manifestWith({}), changed((d) => (d.versions[1].stage = 'Canary'))]), /"versions\.1\.stage"/);
    await refused(await archiveOf('doc-alias.tar.gz', [manifestWith({}), changed((d) => (d.aliases.champion = 9))]), /the alias "champion" points at version 9, which the archive does not hold/);
    await refused(await archiveOf('doc-gates.tar.gz', [manifestWith({}), changed((d) => (d.model.gates = [{ id: 'x', kind: 'magic', targets: [] }]))]), /the model's gate rules/);
    await refused(await archiveOf('doc-escape.tar.gz', [manifestWith({}), changed((d) => (d.versions[0].fileName = '../../escape.onnx'))]), /"versions\.0\.fileName" must be a plain file name/);
    await refused(await archiveOf('doc-name.tar.gz', [manifestWith({ model: 'other' }), model()]), /its manifest names the model "other" but model\.json holds/);
    expect(doc.model.name).toBe(name);
  });

  it('whose model file is not the one its SHA-256 names, or is missing', async () => {
    const sha = (manifest.files as { sha256: string; kind: string }[])[0].sha256;
    const listed = [(manifest.files as { sha256: string; size: number; kind: string }[])[0]];
    await refused(
      await archiveOf('tampered.tar.gz', [manifestWith({ files: listed }), model(), { name: `files/${sha}`, data: Buffer.from('not the model') }]),
      /the model file files\/[0-9a-f]{64} does not match its SHA-256/,
    );
    await refused(await archiveOf('file-missing.tar.gz', [manifestWith({ files: listed }), model()]), /its manifest lists files\/[0-9a-f]{64}, which it does not hold/);
    await refused(await archiveOf('file-unlisted.tar.gz', [manifestWith({}), model(), { name: 'files/extra', data: Buffer.from('?') }]), /it holds files\/extra, which its manifest does not list/);
  });

  it('that is a folder or no file', async () => {
    await refused(root, /is not a file/);
    await refused(path.join(root, 'absent.tar.gz'), /no such file/);
  });
});
