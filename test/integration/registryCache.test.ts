// MLflow's registries are caches of what was read, yet their rows keep their
// ids across re-reads (derived from the source's own keys: location, model
// name, version number), so that what later points at them still does.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

describe('the MLflow registry as read', () => {
  it('keeps its row ids when read again, changed, or when a version goes', async () => {
    const project = path.join(tempDir(), 'project');
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'real', 'mlflow-filestore', 'mlflow2-registry-stages'), project, { recursive: true });
    const backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'cli', version: 'test', emit: () => {}, watch: false });
    const rows = () =>
      backend.db
        .prepare('SELECT m.id AS model, m.name, v.version, v.stage FROM registered_models m JOIN model_versions v ON v.model_id = m.id ORDER BY m.name, v.version')
        .all() as { model: number; name: string; version: number; stage: string }[];
    try {
      expect((await backend.send('projects/add', { path: project })).ok).toBe(true);
      const first = rows();
      expect(first.length).toBeGreaterThan(4);

      expect((await backend.send('projects/add', { path: project })).ok).toBe(true);
      expect(rows()).toEqual(first);

      const models = path.join(project, 'mlruns', 'models', 'sk-learn-random-forest-reg-model');
      const meta = path.join(models, 'version-2', 'meta.yaml');
      fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace('current_stage: None', 'current_stage: Staging'));
      fs.rmSync(path.join(models, 'version-1'), { recursive: true });
      expect((await backend.send('projects/add', { path: project })).ok).toBe(true);
      const expected = first
        .filter((row) => !(row.name === 'sk-learn-random-forest-reg-model' && row.version === 1))
        .map((row) => (row.name === 'sk-learn-random-forest-reg-model' && row.version === 2 ? { ...row, stage: 'Staging' } : row));
      expect(rows()).toEqual(expected);
    } finally {
      await backend.close();
    }
  });
});
