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
  folders: { path: string; runs: ExpectedRun[]; not_runs: string[]; deleted_runs?: number; models?: string[] }[];
};

/** A time long past: TensorBoard and DVCLive runs, which record no status, are then FINISHED, whenever the clone was made. */
const longAgo = new Date('2024-01-01T00:00:00Z');

function ageTree(folder: string): void {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) ageTree(file);
    fs.lutimesSync(file, longAgo, longAgo);
  }
  fs.utimesSync(folder, longAgo, longAgo);
}

afterAll(removeTempDirs);

describe.each(corpus.folders)('corpus folder $path', (folder) => {
  it('reads every run as listed, and nothing else', async () => {
    // Copy first: project folders are read-only to Runlens, and the copy proves the reader does not write.
    const project = path.join(tempDir(), folder.path);
    fs.cpSync(path.join(fixtures, folder.path), project, { recursive: true });
    ageTree(project);
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
      const all = await backend.send('runs/list', { includeDeleted: true });
      if (!all.ok) throw new Error(all.error.message);
      expect(all.value.length - runs.length).toBe(folder.deleted_runs ?? 0);
      const models = await backend.send('registry/models', {});
      if (!models.ok) throw new Error(models.error.message);
      expect(models.value.flatMap((m) => m.versions.map((v) => `${m.name} v${v.version} ${v.stage ?? ''}`.trim())).sort()).toEqual((folder.models ?? []).sort());

      // Each run as the corpus writes it down; compared as a whole, so runs that share a name (MLflow 3's) are told apart too.
      const views = [];
      for (const run of runs) {
        const detail = await backend.send('runs/get', { runId: run.id });
        if (!detail.ok) throw new Error(detail.error.message);
        const view: ExpectedRun = { name: run.name, source: run.source, experiment: run.experiment, status: run.status, params: run.params, metrics: {}, warnings: [] };
        if (run.statusReason) view.status_reason = run.statusReason;
        if (Object.keys(run.tags).length) view.tags = run.tags;
        view.metrics = Object.fromEntries(
          Object.entries(run.metrics).map(([key, m]) => [key, { last: Number.isNaN(m.last) ? null : m.last, min: m.min, max: m.max, last_step: m.lastStep, count: m.count }]),
        );
        if (detail.value.artifacts.length) view.artifacts = detail.value.artifacts.map((a) => a.path);
        view.warnings = detail.value.warnings.map((w) => w.message).sort();
        views.push(view);
      }
      const canonical = (list: ExpectedRun[]) => list.map((run) => ({ ...run, warnings: [...run.warnings].sort() })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(canonical(views)).toEqual(canonical(folder.runs));
    } finally {
      await backend.close();
    }
    expect(fs.readdirSync(project, { recursive: true }).sort()).toEqual(before);
  });
});
