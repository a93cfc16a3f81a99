// Every folder in test/fixtures/corpus.json must read exactly as listed there.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

interface ExpectedRun {
  name: string;
  source: string;
  experiment: string;
  status: string;
  status_reason?: string;
  params: Record<string, string>;
  tags?: Record<string, string>;
  metrics: Record<string, { last: number | null; min: number; max: number; last_step: number; count: number }>;
  artifacts?: string[];
  warnings: string[];
}

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const corpus = JSON.parse(fs.readFileSync(path.join(fixtures, 'corpus.json'), 'utf8')) as {
  folders: { path: string; runs: ExpectedRun[]; not_runs: string[] }[];
};

afterAll(removeTempDirs);

describe.each(corpus.folders)('corpus folder $path', (folder) => {
  it('reads every run as listed, and nothing else', async () => {
    // Copy first: project folders are read-only to Runlens, and the copy proves the reader does not write.
    const project = path.join(tempDir(), folder.path);
    fs.cpSync(path.join(fixtures, folder.path), project, { recursive: true });
    const before = fs.readdirSync(project, { recursive: true }).sort();
    const backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'cli', version: 'test', emit: () => {}, watch: false });
    try {
      const added = await backend.send('projects/add', { path: project });
      if (!added.ok) throw new Error(added.error.message);
      const listed = await backend.send('runs/list', {});
      if (!listed.ok) throw new Error(listed.error.message);
      const runs = listed.value;
      expect(runs.map((r) => r.name).sort()).toEqual(folder.runs.map((r) => r.name).sort());
      for (const notRun of folder.not_runs) expect(runs.some((r) => r.path.endsWith(notRun))).toBe(false);

      for (const expected of folder.runs) {
        const run = runs.find((r) => r.name === expected.name)!;
        expect(run.source).toBe(expected.source);
        expect(run.experiment).toBe(expected.experiment);
        expect(run.status).toBe(expected.status);
        if (expected.status_reason) expect(run.statusReason).toBe(expected.status_reason);
        expect(run.params).toEqual(expected.params);
        if (expected.tags) expect(run.tags).toMatchObject(expected.tags);
        const metrics = Object.fromEntries(
          Object.entries(run.metrics).map(([key, m]) => [
            key,
            { last: Number.isNaN(m.last) || m.last === null ? null : m.last, min: m.min, max: m.max, last_step: m.lastStep, count: m.count },
          ]),
        );
        expect(metrics).toEqual(expected.metrics);
        const detail = await backend.send('runs/get', { runId: run.id });
        if (!detail.ok) throw new Error(detail.error.message);
        if (expected.artifacts) expect(detail.value.artifacts.map((a) => a.path)).toEqual(expected.artifacts);
        expect(detail.value.warnings.map((w) => w.message)).toEqual(expected.warnings);
      }
    } finally {
      await backend.close();
    }
    expect(fs.readdirSync(project, { recursive: true }).sort()).toEqual(before);
  });
});
