// Runlens's own registry on a real backend: registering a run's model artifact
// (an .onnx file, an MLflow model folder with and without an onnx flavor, any
// file, a real MLflow file-store run's model) with its SHA-256, schema,
// datasets, git commit and the run's params and metrics; what is refused; the
// file checked on read ('changed', 'missing', never hidden); and a registry
// that a restart and a re-read of the project leave as it was.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, tempDir } from '../helpers';
import { mlflowGitCommit, models, nativeGitCommit, runIdOf, sender, writeRegistryProject, logArtifact, type RegistryProject } from './registryProject';

afterAll(removeTempDirs);

let backend: Backend;
let dataDir: string;
let project: RegistryProject;
const changes: Events['registry/changed'][] = [];
const { send, failure } = sender(() => backend);

const sha256Of = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function open(): Promise<Backend> {
  return createBackend({ dataDir, mode: 'cli', version: 'test', watch: false, emit: (name, payload) => name === 'registry/changed' && changes.push(payload as Events['registry/changed']) });
}

/** Every file below `folder` with its bytes' hash and mtime: the project must read the same after. */
function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(folder, file)] = `${sha256Of(file)} ${fs.statSync(file).mtimeMs}`;
  }
  return out;
}

let forestId: string;
let before: Record<string, string>;

beforeAll(async () => {
  const root = tempDir('runlens-registry-');
  dataDir = path.join(root, 'data');
  project = writeRegistryProject(path.join(root, 'project'));
  backend = await open();
  await send('projects/add', { path: project.root });
  forestId = runIdOf(backend, project.forest);
  before = snapshot(project.root);
}, 60_000);
afterAll(async () => backend?.close());

describe('registering a run artifact', () => {
  it('records an .onnx file: path, SHA-256, schema from the graph, params, metrics (NaN kept), git commit, creator; versions count up', async () => {
    const v1 = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/model.onnx', name: 'iris', description: 'first forest', tags: { owner: 'ana' } });
    const file = path.join(project.forest, 'artifacts', 'model.onnx');
    expect(v1).toMatchObject({
      model: 'iris', version: 1, stage: 'None', aliases: [], runId: forestId, runName: 'forest', experiment: 'Default',
      artifactPath: 'artifacts/model.onnx', filePath: file, sha256: sha256Of(file), size: fs.statSync(file).size, copyPath: null, fileState: 'ok',
      gitCommit: nativeGitCommit, params: { n_estimators: '100', max_depth: '4' }, description: 'first forest', tags: { owner: 'ana' },
      createdBy: os.userInfo().username, origin: { kind: 'run' },
    });
    // The graph's declared input and outputs (skl2onnx's names for the iris forest).
    expect(v1.schema).toEqual({
      from: 'onnx',
      inputs: [{ name: 'input', type: 'tensor(float)', shape: '[?, 4]' }],
      outputs: [{ name: 'label', type: 'tensor(string)', shape: '[?]' }, { name: 'probabilities', type: 'tensor(float)', shape: '[?, 3]' }],
    });
    expect(v1.metrics.accuracy).toBe(0.95);
    expect(Number.isNaN(v1.metrics.loss)).toBe(true);
    const v2 = await send('registry/register', { runId: runIdOf(backend, project.logreg), artifactPath: 'artifacts/model.onnx', name: 'iris' });
    expect(v2.version).toBe(2);
    const detail = await send('registry/model', { name: 'iris' });
    expect(detail.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(Number.isNaN(detail.versions[0].metrics.loss)).toBe(true);
    expect(detail).toMatchObject({ latestVersion: 2, stageHolders: { None: [1, 2], Staging: [], Production: [], Archived: [] }, aliases: {} });
    const audit = await send('registry/audit', { name: 'iris' });
    expect(audit.map((e) => [e.kind, e.version, e.to])).toEqual([['registered', 1, 'None'], ['registered', 2, 'None']]);
    expect(changes.filter((c) => c.model === 'iris').length).toBeGreaterThanOrEqual(2);
  });

  it('scores the onnx flavor of an MLflow model folder, named by the folder or its MLmodel file', async () => {
    const byFolder = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/mlflow-model', name: 'mlflow-folder' });
    const onnx = path.join(project.forest, 'artifacts', 'mlflow-model', 'model.onnx');
    expect(byFolder).toMatchObject({ artifactPath: 'artifacts/mlflow-model', filePath: onnx, sha256: sha256Of(onnx), schema: { from: 'onnx' } });
    const byFile = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/mlflow-model/MLmodel', name: 'mlflow-folder' });
    expect(byFile).toMatchObject({ version: 2, artifactPath: 'artifacts/mlflow-model', filePath: onnx });
  });

  it('hashes a folder without an onnx flavor as a whole and reads the MLmodel signature; any file has no schema', async () => {
    const folder = path.join(project.forest, 'artifacts', 'sk-model');
    const sk = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/sk-model', name: 'sk' });
    // The folder's digest: "path NUL sha256 LF" per file, in path order (electron/backend/registry/files.ts).
    const listing = ['MLmodel', 'model.pkl'].map((name) => `${name}\0${sha256Of(path.join(folder, name))}\n`).join('');
    expect(sk).toMatchObject({ filePath: folder, sha256: crypto.createHash('sha256').update(listing).digest('hex'), size: fs.statSync(path.join(folder, 'MLmodel')).size + fs.statSync(path.join(folder, 'model.pkl')).size });
    expect(sk.schema).toEqual({ from: 'mlmodel', inputs: [{ name: 'sepal_length', type: 'double', shape: null }, { name: 'sepal_width', type: 'double', shape: null }], outputs: [{ name: '', type: 'long', shape: null }] });
    const notes = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/notes.txt', name: 'notes' });
    expect(notes).toMatchObject({ schema: { from: null, inputs: [], outputs: [] }, size: 16 });
  });

  it("takes an MLflow run's model by its artifact-root path, with the run's git commit and dataset inputs", async () => {
    const runId = runIdOf(backend, project.mlflowRun);
    const v = await send('registry/register', { runId, artifactPath: 'model', name: 'wine' });
    expect(v).toMatchObject({ artifactPath: 'artifacts/model', filePath: path.join(project.mlflowRun, 'artifacts', 'model', 'model.onnx'), gitCommit: mlflowGitCommit });
    expect(v.datasets).toEqual([{ name: 'wine-train', digest: '3a1f9c2e', source: 'local', context: 'training', rows: null }]);
    expect(v.params).toMatchObject({ test_data: expect.any(String) });
  });

  it('refuses paths out of the run, unknown runs and artifacts, and a link out of the run folder; nothing is registered', async () => {
    const outside = path.join(path.dirname(project.root), 'secret.onnx');
    fs.copyFileSync(path.join(models, 'iris_forest.onnx'), outside);
    fs.symlinkSync(outside, path.join(project.forest, 'artifacts', 'linked.onnx'));
    // The logger would record it like any artifact; the link still leads out.
    logArtifact(project.forest, 'artifacts/recorded-link.onnx', Buffer.from(''));
    fs.rmSync(path.join(project.forest, 'artifacts', 'recorded-link.onnx'));
    fs.symlinkSync(outside, path.join(project.forest, 'artifacts', 'recorded-link.onnx'));
    await send('projects/add', { path: project.root });
    const cases: [string, string, RegExp][] = [
      [forestId, '../../../secret.onnx', /must not hold "\.", "\.\." or empty segments/],
      [forestId, 'artifacts/../../logreg/artifacts/model.onnx', /must not hold "\.", "\.\." or empty segments/],
      [forestId, '/etc/passwd', /relative to its run/],
      [forestId, 'artifacts/linked.onnx', /lists no artifact/],
      [forestId, 'artifacts/recorded-link.onnx', /leads out of its run folder/],
      [forestId, '', /Name the artifact/],
      ['0000000000000000', 'artifacts/model.onnx', /No run with id "0000000000000000"/],
    ];
    for (const [runId, artifactPath, message] of cases) {
      const error = await failure('registry/register', { runId, artifactPath, name: 'refused' });
      expect(error.message, artifactPath).toMatch(message);
    }
    expect(await failure('registry/model', { name: 'refused' })).toMatchObject({ code: 'not-found', message: expect.stringContaining('No registered model named "refused"') });
    fs.rmSync(path.join(project.forest, 'artifacts', 'linked.onnx'));
    fs.rmSync(path.join(project.forest, 'artifacts', 'recorded-link.onnx'));
    fs.writeFileSync(path.join(project.forest, 'artifacts', 'recorded-link.onnx'), '');
    before = snapshot(project.root);
  });

  it('refuses a name of 10,000 characters or with control characters, naming the field', async () => {
    const long = await failure('registry/register', { runId: forestId, artifactPath: 'artifacts/model.onnx', name: 'm'.repeat(10_000) });
    expect(long).toEqual({ code: 'bad-request', message: 'registry/register: argument "name" must be at most 256 characters long' });
    expect((await failure('registry/register', { runId: forestId, artifactPath: 'artifacts/model.onnx', name: 'bad\nname' })).message).toContain('"name" must not hold control characters');
    // Odd but printable characters are a fine name.
    const odd = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/model.onnx', name: 'Ünïcode / model #1 — ✓' });
    expect((await send('registry/model', { name: odd.model })).versions).toHaveLength(1);
  });

  it('keeps a copy in the data folder only when asked, and never writes into the project', async () => {
    const kept = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/model.onnx', name: 'kept', keepCopy: true });
    expect(kept.copyPath).toBe(path.join(dataDir, 'registry', kept.sha256, 'model.onnx'));
    expect(sha256Of(kept.copyPath!)).toBe(kept.sha256);
    const folder = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/sk-model', name: 'kept', keepCopy: true });
    expect(fs.readdirSync(folder.copyPath!).sort()).toEqual(['MLmodel', 'model.pkl']);
    expect(snapshot(project.root)).toEqual(before);
  });
});

describe('the registered file, checked on read', () => {
  it("shows 'changed' when the bytes differ (same size), 'ok' again when restored, 'missing' when gone; the version stays", async () => {
    const file = path.join(project.logreg, 'artifacts', 'model.onnx');
    const original = fs.readFileSync(file);
    const v = await send('registry/register', { runId: runIdOf(backend, project.logreg), artifactPath: 'artifacts/model.onnx', name: 'watched' });
    const stateOf = async () => (await send('registry/model', { name: 'watched' })).versions.map((x) => x.fileState);
    expect(await stateOf()).toEqual(['ok']);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 1] ^= 0xff;
    fs.writeFileSync(file, flipped);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    expect(await stateOf()).toEqual(['changed']);
    fs.writeFileSync(file, original);
    expect(await stateOf()).toEqual(['ok']);
    fs.rmSync(file);
    expect(await stateOf()).toEqual(['missing']);
    const lineage = await send('registry/lineage', { name: 'watched', version: v.version });
    expect(lineage.version).toMatchObject({ fileState: 'missing', sha256: v.sha256 });
    fs.writeFileSync(file, original);
  });

  it("notices a folder whose file was replaced", async () => {
    const v = await send('registry/register', { runId: forestId, artifactPath: 'artifacts/sk-model', name: 'folder-watch' });
    const pkl = path.join(project.forest, 'artifacts', 'sk-model', 'model.pkl');
    const original = fs.readFileSync(pkl);
    fs.writeFileSync(pkl, 'NOT really a pickle');
    expect((await send('registry/model', { name: 'folder-watch' })).versions[0]).toMatchObject({ version: v.version, fileState: 'changed' });
    fs.writeFileSync(pkl, original);
    expect((await send('registry/model', { name: 'folder-watch' })).versions[0].fileState).toBe('ok');
  });
});

describe('a registry the project cannot rebuild', () => {
  it('reads the same after a restart and after the project is read again, re-added or removed (twice)', async () => {
    await send('registry/transition', { name: 'iris', version: 1, stage: 'Production' });
    await send('registry/setAlias', { name: 'iris', alias: 'champion', version: 2 });
    const state = async () => ({
      list: await send('registry/list', {}),
      iris: await send('registry/model', { name: 'iris' }),
      audit: await send('registry/audit', { name: 'iris' }),
      rows: backend.db.prepare('SELECT * FROM registry_versions ORDER BY model_id, version').all(),
    });
    const first = await state();
    for (let round = 0; round < 2; round++) {
      await backend.close();
      backend = await open();
      expect(await state()).toEqual(first);
      await send('projects/add', { path: project.root });
      expect(await state()).toEqual(first);
      const [listed] = await send('projects/list', {});
      await send('projects/remove', { projectId: listed.id });
      expect(await state()).toEqual(first);
      expect((await send('registry/lineage', { name: 'iris', version: 1 })).run).toMatchObject({ id: forestId, name: 'forest', exists: false });
      await send('projects/add', { path: project.root });
      expect((await send('registry/lineage', { name: 'iris', version: 1 })).run).toMatchObject({ id: forestId, exists: true });
      expect(await state()).toEqual(first);
    }
  }, 120_000);
});
