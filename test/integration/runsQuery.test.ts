// The runs table's query on a real store: filter, sort, window, groups,
// annotations that survive every re-read, and bad input that returns no rows
// instead of an error.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import type { RunColumn, RunsPage } from '../../shared/runQuery';
import { appendMetrics, metricLine, removeTempDirs, tempDir, writeNativeRun } from '../helpers';

afterAll(removeTempDirs);

const lr: RunColumn = { kind: 'param', name: 'lr' };
const model: RunColumn = { kind: 'param', name: 'model' };
const f1: RunColumn = { kind: 'metric', name: 'f1' };
const name: RunColumn = { kind: 'attribute', name: 'name' };

// name, model, lr, seed, f1 (last) — one NaN, one +Infinity, one without f1.
const specs: [string, string, string, string, number | string | null][] = [
  ['alpha', 'lgbm', '0.1', '1', 0.91],
  ['bravo', 'lgbm', '0.01', '2', 0.85],
  ['charlie', 'xgb', '0.001', '1', 0.7],
  ['delta', 'xgb', 'auto', '2', 'NaN'],
  ['echo', 'linear', '1', '1', 'Infinity'],
  ['foxtrot', 'linear', '0.5', '2', null],
];

let project: string;
let dataDir: string;
let backend: Backend;

async function open(): Promise<Backend> {
  return createBackend({ dataDir, mode: 'cli', version: 'test', emit: () => {}, watch: false });
}

async function query(args: Partial<Parameters<Backend['send']>[1]> & Record<string, unknown>): Promise<RunsPage> {
  const result = await backend.send('runs/query', { offset: 0, limit: 100, columns: [name, lr, f1], ...args } as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as RunsPage;
}

const names = (page: RunsPage) => page.rows.map((row) => row.name);

beforeAll(async () => {
  project = tempDir('runlens-query-project-');
  dataDir = tempDir('runlens-query-data-');
  specs.forEach(([runName, modelName, rate, seed, score], i) => {
    const folder = writeNativeRun(path.join(project, runName), {
      name: runName,
      startTime: 1_700_000_000_000 + i * 1000,
      params: { model: modelName, lr: rate, seed },
      tags: { team: i % 2 ? 'Fraud-east' : 'fraud-west' },
    });
    if (score !== null) appendMetrics(folder, metricLine(0, { f1: 0.1 }) + metricLine(1, { f1: score }));
  });
  backend = await open();
  const added = await backend.send('projects/add', { path: project });
  if (!added.ok) throw new Error(added.error.message);
});

afterAll(async () => {
  await backend.close();
});

describe('runs/query', () => {
  it('filters by a metric expression and a param, with every value bound', async () => {
    expect(names(await query({ filter: "metrics.f1 > 0.8 and params.model = 'lgbm'" })).sort()).toEqual(['alpha', 'bravo']);
    expect(names(await query({ filter: "tags.team LIKE 'fraud%'" })).sort()).toEqual(['alpha', 'charlie', 'echo']);
    expect(names(await query({ filter: "tags.team ILIKE 'fraud%'" }))).toHaveLength(6);
    // No run wrote an end record and nothing watches their heartbeats here: all are RUNNING.
    expect(names(await query({ filter: "params.model IN ('xgb', 'linear') and attributes.status = 'RUNNING'" })).sort()).toEqual(['charlie', 'delta', 'echo', 'foxtrot']);
    expect(names(await query({ filter: "attributes.status = 'FINISHED'" }))).toEqual([]);
    expect(names(await query({ filter: 'char' }))).toEqual(['charlie']);
  });

  it('answers a metric no run has with no rows, and a syntax error with its position', async () => {
    const none = await query({ filter: 'metrics.no_such_metric > 0' });
    expect(none.total).toBe(0);
    expect(none.rows).toEqual([]);
    const bad = await backend.send('runs/query', { offset: 0, limit: 10, columns: [], filter: 'metrics.f1 > ' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('bad-filter');
      expect(bad.error.message).toMatch(/col \d+/);
    }
  });

  it('sorts numbers as numbers, with NaN, infinity and missing values last either way', async () => {
    const ascending = names(await query({ orderBy: [{ column: f1, descending: false }] }));
    expect(ascending.slice(0, 4)).toEqual(['charlie', 'bravo', 'alpha', 'echo']);
    expect(ascending.slice(4).sort()).toEqual(['delta', 'foxtrot']);
    const descending = names(await query({ orderBy: [{ column: f1, descending: true }] }));
    expect(descending.slice(0, 3)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(descending[3]).toBe('echo');
  });

  it('sends NaN and Infinity as numbers, and a missing metric as null', async () => {
    const page = await query({ filter: "attributes.name IN ('delta', 'echo', 'foxtrot')", orderBy: [{ column: name, descending: false }] });
    expect(page.rows.map((row) => row.values['metrics.f1'])).toEqual([NaN, Infinity, null]);
  });

  it('compares a param numeric in some runs and text in others as numbers where both are, and says so', async () => {
    const page = await query({ orderBy: [{ column: lr, descending: false }] });
    expect(names(page)).toEqual(['charlie', 'bravo', 'alpha', 'foxtrot', 'echo', 'delta']);
    expect(page.mixedColumns).toEqual(['params.lr']);
    expect(names(await query({ filter: 'params.lr < 0.05' })).sort()).toEqual(['bravo', 'charlie']);
  });

  it('returns a window of lean rows with the total, and only the columns asked for', async () => {
    const page = await query({ orderBy: [{ column: name, descending: false }], offset: 2, limit: 2, columns: [model] });
    expect(page.total).toBe(6);
    expect(names(page)).toEqual(['charlie', 'delta']);
    expect(Object.keys(page.rows[0].values)).toEqual(['params.model']);
    expect(page.rows[0]).not.toHaveProperty('params');
    expect(page.rows[0].sourceRunId).toBeTruthy();
  });

  it('groups by a param with counts and metric aggregates, rows in group order', async () => {
    const page = await query({ groupBy: model, aggregateMetrics: ['f1'], orderBy: [{ column: name, descending: false }] });
    expect(page.groups?.map((g) => [g.value, g.count])).toEqual([
      ['lgbm', 2],
      ['linear', 2],
      ['xgb', 2],
    ]);
    expect(page.groups?.[0].aggregates.f1.mean).toBeCloseTo(0.88, 12);
    expect(page.groups?.[0].aggregates.f1.max).toBe(0.91);
    expect(names(page)).toEqual(['alpha', 'bravo', 'echo', 'foxtrot', 'charlie', 'delta']);
  });

  it('lists every param, tag and metric key as possible columns', async () => {
    const columns = await backend.send('runs/columns', {});
    expect(columns.ok && columns.value).toEqual({ params: ['lr', 'model', 'seed'], tags: ['runlens.host', 'team'], metrics: ['f1'] });
  });
});

describe('annotations', () => {
  it('survive a re-read and a restart, twice, and never touch the project folder', async () => {
    const before = fs.readdirSync(project, { recursive: true }).sort();
    const alpha = (await query({ filter: "attributes.name = 'alpha'" })).rows[0];
    const annotated = await backend.send('runs/annotate', { runIds: [alpha.id], starred: true, note: 'best so far', color: '#1f77b4', tags: { reviewed: 'yes' } });
    expect(annotated.ok).toBe(true);
    for (let round = 0; round < 2; round++) {
      const reread = await backend.send('projects/add', { path: project });
      expect(reread.ok).toBe(true);
      await backend.close();
      backend = await open();
      const row = (await query({ filter: "attributes.name = 'alpha'" })).rows[0];
      expect(row.annotation).toEqual({ starred: true, note: 'best so far', color: '#1f77b4', hidden: false, tags: { reviewed: 'yes' } });
    }
    expect(names(await query({ filter: 'attributes.starred = true' }))).toEqual(['alpha']);
    expect(names(await query({ filter: "tags.reviewed = 'yes'" }))).toEqual(['alpha']);
    expect(fs.readdirSync(project, { recursive: true }).sort()).toEqual(before);
  });

  it('hides a run unless hidden runs are asked for', async () => {
    const bravo = (await query({ filter: "attributes.name = 'bravo'" })).rows[0];
    await backend.send('runs/annotate', { runIds: [bravo.id], hidden: true });
    expect(names(await query({}))).not.toContain('bravo');
    expect(names(await query({ includeHidden: true }))).toContain('bravo');
    await backend.send('runs/annotate', { runIds: [bravo.id], hidden: false });
  });

  it('refuses an unknown run and a bad color', async () => {
    const unknown = await backend.send('runs/annotate', { runIds: ['nope'], starred: true });
    expect(!unknown.ok && unknown.error.code).toBe('not-found');
    const color = await backend.send('runs/annotate', { runIds: ['nope'], color: 'red; drop' } as never);
    expect(!color.ok && color.error.code).toBe('bad-request');
  });
});
