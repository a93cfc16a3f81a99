// A drift monitor on a version of Runlens's registry: its model file is
// scored while it is the one registered (SHA-256), the kept copy after it
// changed, and a clear error when neither can be used; a version whose
// datasets name no local file cannot be the reference, and says so.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';
import { runIdOf, sender, writeRegistryProject, type RegistryProject } from './registryProject';

afterAll(removeTempDirs);

const breastCancer = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'breast_cancer');
const longAgo = new Date(Date.now() - 3_600_000);

describe('a monitor on a registered version', () => {
  let backend: Backend;
  let project: RegistryProject;
  let folder: string;
  const events: { name: string; payload: unknown }[] = [];
  const { send, failure } = sender(() => backend);
  const ends = (id: number, from: number) => events.slice(from).filter((e) => e.name === 'drift/progress').map((e) => e.payload as Events['drift/progress']).filter((p) => p.monitorId === id && ['done', 'failed'].includes(p.phase));

  beforeAll(async () => {
    const root = tempDir('runlens-drift-registry-');
    project = writeRegistryProject(path.join(root, 'project'));
    folder = path.join(root, 'batches');
    fs.mkdirSync(folder);
    for (const week of ['2026-01-05.csv', '2026-02-09.csv']) {
      fs.copyFileSync(path.join(breastCancer, 'monitoring', week), path.join(folder, week));
      fs.utimesSync(path.join(folder, week), longAgo, longAgo);
    }
    backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'cli', version: 'test', watch: false, emit: (name, payload) => events.push({ name, payload }) });
    await send('projects/add', { path: project.root });
    await send('registry/register', { runId: runIdOf(backend, project.logreg), artifactPath: 'artifacts/model.onnx', name: 'cancer', keepCopy: true });
  }, 60_000);
  afterAll(async () => backend?.close());

  it('scores the registered file, then the kept copy once the file changed', async () => {
    const monitor = await send('drift/addMonitor', { name: 'registered', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: folder }, model: { kind: 'registryVersion', model: 'cancer', version: 1 } });
    await waitFor(() => ends(monitor.id, 0)[0], 'the run', 120_000);
    const detail = await send('drift/monitor', { id: monitor.id });
    expect(detail.monitor.error).toBeNull();
    expect(detail.batches.map((b) => Math.round(b.performance!.accuracy * 150))).toEqual([148, 107]);

    // The registered file changes: the kept copy is scored in its place, with the same outcome.
    fs.appendFileSync(path.join(project.logreg, 'artifacts', 'model.onnx'), Buffer.from([0]));
    const from = events.length;
    await send('drift/editMonitor', { id: monitor.id, settings: { ...detail.monitor.settings, driftShare: 0.4 } });
    await waitFor(() => ends(monitor.id, from)[0], 'the recomputation', 120_000);
    const again = await send('drift/monitor', { id: monitor.id });
    expect(again.monitor.error).toBeNull();
    expect(again.batches.map((b) => Math.round(b.performance!.accuracy * 150))).toEqual([148, 107]);
  });

  it('refuses a version whose model cannot be used, or that records no local dataset, naming why', async () => {
    expect(await failure('drift/addMonitor', { name: 'x', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: folder }, model: { kind: 'registryVersion', model: 'cancer', version: 9 } })).toEqual({
      code: 'not-found',
      message: 'Model "cancer" has no version 9 (its versions are 1)',
    });
    expect(await failure('drift/addMonitor', { name: 'x', reference: { kind: 'registryVersion', model: 'cancer', version: 1 }, current: { kind: 'folder', path: folder } })).toEqual({
      code: 'bad-request',
      message: 'Version 1 of "cancer" records no dataset with a local file to use as the reference (it records no datasets): name a reference file instead',
    });
    // Version 2 has no kept copy: once its file changes it cannot be scored at all.
    const modelFile = path.join(project.logreg, 'artifacts', 'model.onnx');
    await send('registry/register', { runId: runIdOf(backend, project.logreg), artifactPath: 'artifacts/model.onnx', name: 'cancer' });
    fs.appendFileSync(modelFile, Buffer.from([0]));
    expect(await failure('drift/addMonitor', { name: 'x', reference: { kind: 'file', path: path.join(breastCancer, 'train.csv') }, current: { kind: 'folder', path: folder }, model: { kind: 'registryVersion', model: 'cancer', version: 2 } })).toEqual({
      code: 'bad-request',
      message: `Version 2 of "cancer" cannot be scored: the registered file ${modelFile} changed since registration`,
    });
    expect(await failure('drift/addMonitor', { name: 'x', reference: { kind: 'registryVersion', model: 'nope', version: 1 }, current: { kind: 'folder', path: folder } })).toMatchObject({ code: 'not-found', message: expect.stringMatching(/No registered model named "nope"/) });
  });
});
