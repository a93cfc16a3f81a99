// The compiled filter against a real migrated SQLite file: which runs each
// operator keeps, and that no user text ever becomes part of the SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunFilter, type RunFilter } from '../../shared/runFilter';
import type { RunColumn } from '../../shared/runQuery';
import { columnValueSql, compileRunFilter, globPattern, registerFilterFunctions, type SqlFragment } from '../../electron/backend/runs/filterSql';
import { openDatabase, type Db } from '../../electron/backend/store/database';
import { removeTempDirs, tempDir } from '../helpers';

let db: Db;

interface RunSpec {
  key: number;
  name: string;
  experimentId: number | null;
  source: string;
  status: string;
  start: number;
  end: number | null;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  /** metric → [last, min, max] */
  metrics?: Record<string, [number, number, number]>;
  starred?: boolean;
  addedTags?: Record<string, string>;
}

// Run a: finished vision run. Run b: running, its loss last value NaN (stored
// as NULL), lr written as 1e-3, batch as text. Run c: failed, starred, its
// team tag overridden in Runlens. Run d: no metrics, no params.
const runs: RunSpec[] = [
  {
    key: 1, name: 'resnet-50 baseline', experimentId: 1, source: 'mlflow', status: 'FINISHED', start: 1000, end: 5000,
    params: { lr: '0.001', optimizer: 'adam', batch: '32' },
    tags: { team: 'Vision' },
    metrics: { loss: [0.5, 0.2, 0.9], acc: [0.8, 0.1, 0.8] },
  },
  {
    key: 2, name: 'bert_base', experimentId: 2, source: 'tensorboard', status: 'RUNNING', start: 2000, end: null,
    params: { lr: '1e-3', optimizer: 'SGD', batch: 'auto' },
    tags: { team: 'nlp' },
    metrics: { loss: [NaN, 0.3, 1.0], acc: [Infinity, 0, Infinity] },
  },
  {
    key: 3, name: 'Résumé 100%', experimentId: null, source: 'dvclive', status: 'FAILED', start: 3000, end: 3500,
    params: { lr: '0.1', batch: '64' },
    tags: { team: 'vision' },
    metrics: { loss: [1.5, 1.5, 1.5], acc: [-Infinity, -Infinity, 0] },
    starred: true,
    addedTags: { team: 'Research' },
  },
  { key: 4, name: 'd_run', experimentId: 1, source: 'native', status: 'KILLED', start: 4000, end: 4100, starred: false, addedTags: { reviewed: 'yes' } },
];

function insertRuns(): void {
  db.prepare("INSERT INTO projects (id, path, added_at) VALUES (1, '/projects/one', 0)").run();
  const experiment = db.prepare("INSERT INTO experiments (id, project_id, source, name) VALUES (?, 1, 'mlflow', ?)");
  experiment.run(1, 'Vision');
  experiment.run(2, 'NLP');
  const run = db.prepare(`INSERT INTO runs (key, id, project_id, experiment_id, source, path, name, status, start_time, end_time, last_activity)
    VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const param = db.prepare('INSERT INTO params (run_key, name, value) VALUES (?, ?, ?)');
  const tag = db.prepare('INSERT INTO tags (run_key, name, value) VALUES (?, ?, ?)');
  const metric = db.prepare(`INSERT INTO metric_summaries (run_key, metric_key, last_value, last_step, min_value, max_value, point_count)
    VALUES (?, ?, ?, 10, ?, ?, 11)`);
  const annotation = db.prepare('INSERT INTO run_annotations (run_id, starred, updated_at) VALUES (?, ?, 0)');
  const addedTag = db.prepare('INSERT INTO run_annotation_tags (run_id, name, value) VALUES (?, ?, ?)');
  for (const spec of runs) {
    const id = idOf(spec.key);
    run.run(spec.key, id, spec.experimentId, spec.source, `/projects/one/${id}`, spec.name, spec.status, spec.start, spec.end, spec.end ?? spec.start);
    for (const [name, value] of Object.entries(spec.params ?? {})) param.run(spec.key, name, value);
    for (const [name, value] of Object.entries(spec.tags ?? {})) tag.run(spec.key, name, value);
    for (const [name, [last, min, max]] of Object.entries(spec.metrics ?? {})) metric.run(spec.key, name, last, min, max);
    if (spec.starred !== undefined) annotation.run(id, spec.starred ? 1 : 0);
    for (const [name, value] of Object.entries(spec.addedTags ?? {})) addedTag.run(id, name, value);
  }
}

function idOf(key: number): string {
  return `run-${'abcd'[key - 1]}`;
}

function compiled(text: string): SqlFragment {
  const parsed = parseRunFilter(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return compileRunFilter(parsed.filter);
}

function runsKeptBy(filter: string | RunFilter): string[] {
  const { sql, params } = typeof filter === 'string' ? compiled(filter) : compileRunFilter(filter);
  return db.prepare(`SELECT r.id FROM runs r WHERE ${sql} ORDER BY r.id`).pluck().all(...params) as string[];
}

function valuesOf(column: RunColumn): unknown[] {
  const { sql, params } = columnValueSql(column);
  return db.prepare(`SELECT ${sql} FROM runs r ORDER BY r.key`).pluck().all(...params);
}

beforeAll(() => {
  db = openDatabase(tempDir());
  registerFilterFunctions(db);
  insertRuns();
});

afterAll(() => {
  db.close();
  removeTempDirs();
});

describe('compileRunFilter: user text stays out of the SQL', () => {
  const hostile = "x' OR 1=1 --";

  it.each([
    `params.optimizer = "x' OR 1=1 --"`,
    `tags.team LIKE "x' OR 1=1 --"`,
    `tags.team ILIKE "x' OR 1=1 --"`,
    `params.optimizer IN ('a', "x' OR 1=1 --")`,
    `"x' OR 1=1 --"`,
    "params.`x' OR 1=1 --` = 'adam'",
    "metrics.`x' OR 1=1 --` > 0",
    "tags.`x' OR 1=1 --` != 'a'",
  ])('%s: the value is only in the params, and no run matches', (text) => {
    const { sql, params } = compiled(text);
    expect(sql).not.toContain('1=1');
    expect(params.some((param) => typeof param === 'string' && param.includes('1=1'))).toBe(true);
    expect(runsKeptBy(text)).toEqual([]);
  });

  it('has one ? for each parameter', () => {
    for (const text of [
      "metrics.loss < 1 AND (params.lr = 0.001 OR tags.team NOT IN ('a', 2)) AND resnet",
      "attributes.status IN ('RUNNING') AND attributes.starred = true AND attributes.experiment ILIKE 'v%'",
    ]) {
      const { sql, params } = compiled(text);
      expect(sql.split('?').length - 1).toBe(params.length);
    }
  });

  it('never splices the hostile text into a column lookup either', () => {
    const { sql, params } = columnValueSql({ kind: 'tag', name: hostile });
    expect(sql).not.toContain(hostile);
    expect(params).toEqual([hostile, hostile]);
  });
});

describe('compileRunFilter: metrics', () => {
  it.each([
    ['metrics.loss = 0.5', ['run-a']],
    ['metrics.loss != 0.5', ['run-c']],
    ['metrics.loss < 1', ['run-a']],
    ['metrics.loss <= 0.5', ['run-a']],
    ['metrics.loss > 0.5', ['run-c']],
    ['metrics.loss >= 1.5', ['run-c']],
  ])('%s keeps %j (b\'s NaN last value and d, without the metric, never match)', (text, expected) => {
    expect(runsKeptBy(text)).toEqual(expected);
  });

  it('finds no runs, and no error, for a metric no run has', () => {
    expect(runsKeptBy('metrics.nothing_logs_this > 0')).toEqual([]);
    expect(runsKeptBy('metrics.nothing_logs_this != 0')).toEqual([]);
  });

  it('compares infinities as numbers', () => {
    expect(runsKeptBy('metrics.acc > 1e308')).toEqual(['run-b']);
    expect(runsKeptBy('metrics.acc < -1e308')).toEqual(['run-c']);
    expect(runsKeptBy('metrics.acc != 0.8')).toEqual(['run-b', 'run-c']);
  });

  it('reads the summary a column names', () => {
    const minimum: RunFilter = { kind: 'comparison', column: { kind: 'metric', name: 'loss', summary: 'min' }, operator: '<', value: 0.25, position: 0 };
    const maximum: RunFilter = { kind: 'comparison', column: { kind: 'metric', name: 'loss', summary: 'max' }, operator: '>=', value: 1, position: 0 };
    expect(runsKeptBy(minimum)).toEqual(['run-a']);
    expect(runsKeptBy(maximum)).toEqual(['run-b', 'run-c']);
    // b's NaN last value: the row is there, its value NULL.
    expect(valuesOf({ kind: 'metric', name: 'loss' })).toEqual([0.5, null, 1.5, null]);
  });
});

describe('compileRunFilter: params and tags', () => {
  it.each([
    // "0.001" and "1e-3" are the same number; as text they differ.
    ['params.lr = 0.001', ['run-a', 'run-b']],
    ["params.lr = '0.001'", ['run-a']],
    ['params.lr != 0.001', ['run-c']],
    ['params.lr > 0.01', ['run-c']],
    // b's batch "auto" is not a number, so it compares as text: 'auto' > '40', not < '40'.
    ['params.batch > 40', ['run-b', 'run-c']],
    ['params.batch < 40', ['run-a']],
    ['params.batch <= 32', ['run-a']],
    ['params.batch >= 64', ['run-b', 'run-c']],
    ["params.batch IN (32, 'auto')", ['run-a', 'run-b']],
    ['params.batch NOT IN (32)', ['run-b', 'run-c']],
    ["params.optimizer = 'adam'", ['run-a']],
    ["params.optimizer != 'adam'", ['run-b']],
    ["params.optimizer NOT IN ('adam', 'SGD')", []],
    ['params.missing != 1', []],
  ])('%s keeps %j', (text, expected) => {
    expect(runsKeptBy(text)).toEqual(expected);
  });

  it('makes LIKE case-sensitive and ILIKE not', () => {
    expect(runsKeptBy("params.optimizer LIKE 'ad%'")).toEqual(['run-a']);
    expect(runsKeptBy("params.optimizer LIKE 'AD%'")).toEqual([]);
    expect(runsKeptBy("params.optimizer ILIKE 'AD%'")).toEqual(['run-a']);
    expect(runsKeptBy("params.optimizer LIKE 's_d'")).toEqual([]);
    expect(runsKeptBy("params.optimizer ILIKE 's_d'")).toEqual(['run-b']);
    expect(runsKeptBy("tags.team LIKE 'v%'")).toEqual([]);
    expect(runsKeptBy("tags.team ILIKE 'v%'")).toEqual(['run-a']);
  });

  it("keeps GLOB's own characters literal and honours \\% and \\_", () => {
    expect(globPattern('a*b?[c]%_')).toBe('a[*]b[?][[]c]*?');
    expect(globPattern('100\\%\\_\\\\')).toBe('100%_\\');
    expect(runsKeptBy("attributes.name LIKE '%*%'")).toEqual([]);
    expect(runsKeptBy("attributes.name LIKE '%100\\%'")).toEqual(['run-c']);
    expect(runsKeptBy("attributes.name LIKE '%\\_%'")).toEqual(['run-b', 'run-d']);
    expect(runsKeptBy("attributes.name ILIKE 'RÉSUMÉ%'")).toEqual(['run-c']);
  });

  it('lets a tag added in Runlens override the source tag of the same name', () => {
    expect(runsKeptBy("tags.team = 'Research'")).toEqual(['run-c']);
    expect(runsKeptBy("tags.team = 'vision'")).toEqual([]);
    expect(runsKeptBy("tags.reviewed = 'yes'")).toEqual(['run-d']);
    expect(valuesOf({ kind: 'tag', name: 'team' })).toEqual(['Vision', 'nlp', 'Research', null]);
  });
});

describe('compileRunFilter: attributes', () => {
  it.each([
    ["attributes.status = 'running'", ['run-b']],
    ["attributes.status != 'RUNNING'", ['run-a', 'run-c', 'run-d']],
    ["attributes.status IN ('FINISHED', 'failed')", ['run-a', 'run-c']],
    ["attributes.status NOT IN ('FINISHED', 'FAILED')", ['run-b', 'run-d']],
    ["attributes.run_name = 'bert_base'", ['run-b']],
    ["attributes.experiment = 'Vision'", ['run-a', 'run-d']],
    ["attributes.experiment != 'Vision'", ['run-b']],
    ["attributes.source = 'dvclive'", ['run-c']],
    ["attributes.run_id IN ('run-a', 'run-d')", ['run-a', 'run-d']],
    ['attributes.start_time >= 3000', ['run-c', 'run-d']],
    ['attributes.created < 2000', ['run-a']],
    ['attributes.end_time > 4000', ['run-a', 'run-d']],
    // b has no end yet, so no duration.
    ['attributes.duration > 1000', ['run-a']],
    ['attributes.duration < 1000', ['run-c', 'run-d']],
    ['attributes.last_activity = 2000', ['run-b']],
    ['attributes.starred = true', ['run-c']],
    // Not starred: d's annotation says so, a and b were never annotated.
    ['attributes.starred = false', ['run-a', 'run-b', 'run-d']],
    ['attributes.starred != 1', ['run-a', 'run-b', 'run-d']],
  ])('%s keeps %j', (text, expected) => {
    expect(runsKeptBy(text)).toEqual(expected);
  });

  it('gives each attribute column its value', () => {
    expect(valuesOf({ kind: 'attribute', name: 'duration' })).toEqual([4000, null, 500, 100]);
    expect(valuesOf({ kind: 'attribute', name: 'experiment' })).toEqual(['Vision', 'NLP', null, 'Vision']);
    expect(valuesOf({ kind: 'attribute', name: 'starred' })).toEqual([0, 0, 1, 0]);
    expect(valuesOf({ kind: 'attribute', name: 'run_id' })).toEqual(['run-a', 'run-b', 'run-c', 'run-d']);
    expect(valuesOf({ kind: 'param', name: 'lr' })).toEqual(['0.001', '1e-3', '0.1', null]);
  });
});

describe('compileRunFilter: name search, AND, OR', () => {
  it.each([
    ['', ['run-a', 'run-b', 'run-c', 'run-d']],
    ['resnet', ['run-a']],
    ['RESNET baseline', ['run-a']],
    // The experiment's name counts too.
    ['vision', ['run-a', 'run-d']],
    ['nlp', ['run-b']],
    // % and _ are the user's characters, not wildcards.
    ['%', ['run-c']],
    ['_', ['run-b', 'run-d']],
    ['résumé', ['run-c']],
    ['RÉSUMÉ', ['run-c']],
    ['nothing', []],
    ["metrics.loss < 1 OR tags.team = 'Research'", ['run-a', 'run-c']],
    ['(resnet OR bert) AND params.lr = 0.001', ['run-a', 'run-b']],
    ['resnet OR bert AND metrics.loss > 0', ['run-a']],
    ["vision AND attributes.status = 'KILLED'", ['run-d']],
  ])('%j keeps %j', (text, expected) => {
    expect(runsKeptBy(text)).toEqual(expected);
  });
});

describe('registerFilterFunctions', () => {
  it('registers once per connection and reads numbers strictly', () => {
    registerFilterFunctions(db);
    registerFilterFunctions(db);
    const numberOf = db.prepare('SELECT runlens_number(?)').pluck();
    expect(['1e-3', ' 5', 'inf', 'adam', null].map((text) => numberOf.get(text))).toEqual([0.001, null, null, null, null]);
    expect(numberOf.get(7)).toBe(7);
  });

  it('is needed: a connection without it cannot run a compiled filter', () => {
    const other = openDatabase(tempDir());
    try {
      const { sql, params } = compiled('resnet');
      expect(() => other.prepare(`SELECT r.id FROM runs r WHERE ${sql}`).all(...params)).toThrow(/runlens_lower/);
      registerFilterFunctions(other);
      expect(other.prepare(`SELECT r.id FROM runs r WHERE ${sql}`).all(...params)).toEqual([]);
    } finally {
      other.close();
    }
  });
});
