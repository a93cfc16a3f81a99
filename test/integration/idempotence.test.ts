// Reading a project again, or restarting on the same data folder, changes
// nothing: every run, param, tag, metric count and artifact stays as the
// first read left it. For every real folder of every format (an MLflow
// SQLite store's runs once vanished on every second read).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { ingestWorker, removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const realFolders = fs
  .readdirSync(path.join(fixtures, 'real'))
  .filter((format) => fs.statSync(path.join(fixtures, 'real', format)).isDirectory())
  .flatMap((format) =>
    fs
      .readdirSync(path.join(fixtures, 'real', format))
      .filter((name) => fs.statSync(path.join(fixtures, 'real', format, name)).isDirectory())
      .map((name) => `real/${format}/${name}`),
  );
const folders = ['native', ...realFolders];

/** Everything a read stores about a project's runs, in a comparable shape. */
async function snapshot(backend: Backend): Promise<unknown> {
  const listed = await backend.send('runs/list', { includeDeleted: true });
  if (!listed.ok) throw new Error(listed.error.message);
  const runs = [];
  for (const run of [...listed.value].sort((a, b) => a.id.localeCompare(b.id))) {
    const detail = await backend.send('runs/get', { runId: run.id });
    if (!detail.ok) throw new Error(detail.error.message);
    runs.push({
      id: run.id,
      name: run.name,
      source: run.source,
      experiment: run.experiment,
      status: run.status,
      deleted: run.deleted,
      params: run.params,
      tags: run.tags,
      metrics: Object.fromEntries(Object.entries(run.metrics).map(([key, m]) => [key, m.count])),
      artifacts: detail.value.artifacts.map((a) => a.path),
      warnings: detail.value.warnings.map((w) => w.message).sort(),
    });
  }
  const models = await backend.send('registry/models', {});
  if (!models.ok) throw new Error(models.error.message);
  return { runs, models: models.value.map((m) => ({ name: m.name, versions: m.versions.map((v) => [v.version, v.stage]) })) };
}

function open(dataDir: string, watch: boolean): Promise<Backend> {
  return createBackend({ dataDir, mode: 'cli', version: 'test', emit: () => {}, watch, ingestWorker: watch ? ingestWorker : undefined });
}

describe.each(folders)('%s, read again and restarted', (folder) => {
  it('keeps every run, param, tag and metric count', async () => {
    const project = path.join(tempDir(), path.basename(folder));
    fs.cpSync(path.join(fixtures, folder), project, { recursive: true });
    const dataDir = tempDir('runlens-data-');

    let backend = await open(dataDir, false);
    const added = await backend.send('projects/add', { path: project });
    if (!added.ok) throw new Error(added.error.message);
    const first = await snapshot(backend);
    expect((first as { runs: unknown[] }).runs.length).toBeGreaterThan(0);

    const again = await backend.send('projects/add', { path: project });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.ingest.runsFound).toBe(added.value.ingest.runsFound);
    // Nothing changed, so nothing is read again (a store read from its first row each time would cost minutes on a big one).
    expect(again.value.ingest).toMatchObject({ filesRead: 0, pointsAdded: 0 });
    expect(await snapshot(backend)).toEqual(first);
    await backend.close();

    // A restart reads every project again at start (as the app and `serve` do), in the worker.
    backend = await open(dataDir, true);
    await backend.ready;
    expect(await snapshot(backend)).toEqual(first);
    await backend.close();

    // And once more, to be sure the restart's own read left nothing different behind.
    backend = await open(dataDir, true);
    await backend.ready;
    expect(await snapshot(backend)).toEqual(first);
    await backend.close();
  }, 120_000);
});
