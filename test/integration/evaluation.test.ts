// The evaluation domain on a real store and real files: a project written by
// the Python logger (test/fixtures/evaluation/project), prediction sets found
// among recorded artifacts, the mapping dialog's guess, mappings kept across
// re-reads and restarts, bad files read with clear notices, the rows behind a
// cell, the per-group tables, and a load in the bundled worker that is cancelled.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, RequestName, ResultOf } from '../../shared/api';
import { countsAt, fairnessAt } from '../../shared/evaluation';
import type { BinaryEvaluation, MulticlassEvaluation } from '../../shared/evaluation/types';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

afterAll(removeTempDirs);

const fixtureProject = path.join(repoRoot, 'test', 'fixtures', 'evaluation', 'project');
const evaluationWorker = path.join(repoRoot, 'dist', 'electron', 'evaluationWorker.cjs');
const runIds = {
  logreg: '387cc4c4f47b5eef933dee8141e19639',
  iris: '09d0c89ee9305362a24916d9aa42e1b2',
  custom: 'c46d9a15e8f05b0e8405df38daa331b4',
  dirty: '6b5962f7637155beb08abdf3e06a08f7',
};

let project: string;
let dataDir: string;
let backend: Backend;
/** Runlens's ids of the fixture's runs, by the logger's run id. */
const idOf = new Map<string, string>();

async function open(options: { evaluationWorker?: string } = {}): Promise<Backend> {
  return createBackend({ dataDir, mode: 'cli', version: 'test', emit: () => {}, watch: false, ...options });
}

async function send<K extends RequestName>(name: K, args: ArgsOf<K>, on: Backend = backend): Promise<ResultOf<K>> {
  const result = await on.send(name, args);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function failure<K extends RequestName>(name: K, args: ArgsOf<K>): Promise<{ code: string; message: string }> {
  const result = await backend.send(name, args);
  if (result.ok) throw new Error(`${name} should have failed`);
  return result.error;
}

function run(key: keyof typeof runIds): string {
  const id = idOf.get(runIds[key]);
  if (!id) throw new Error(`run ${key} was not read`);
  return id;
}

/** ROC AUC as the probability that a positive outscores a negative (ties count half): independent of the table. */
function pairwiseAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((label, i) => {
    if (label !== 1) return;
    labels.forEach((other, j) => {
      if (other !== 0) return;
      pairs += 1;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

function readCsv(file: string): string[][] {
  return fs.readFileSync(file, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
}

beforeAll(async () => {
  const root = tempDir('runlens-eval-');
  project = path.join(root, 'project');
  fs.cpSync(fixtureProject, project, { recursive: true });
  dataDir = path.join(root, 'data');
  backend = await open();
  await send('projects/add', { path: project });
  for (const listed of await send('runs/list', {})) {
    const detail = await send('runs/get', { runId: listed.id });
    idOf.set(path.basename(detail.path), listed.id);
  }
}, 60_000);

afterAll(async () => backend?.close());

describe('prediction sets', () => {
  it('finds the logger\'s sets with their manifests, and plain CSV artifacts waiting for a mapping', async () => {
    const logged = await send('evaluation/sets', { runId: run('logreg') });
    expect(logged.sets).toEqual([
      expect.objectContaining({ path: 'artifacts/predictions/test.csv', origin: 'logged', name: 'test', rows: 171, mapping: { label: 'y_true', scores: ['score'], scoreClasses: ['1'], positive: '1' } }),
    ]);
    const custom = await send('evaluation/sets', { runId: run('custom') });
    expect(custom.sets).toEqual([expect.objectContaining({ path: 'artifacts/eval/scored.csv', origin: 'artifact', mapping: null })]);
  });

  it('guesses the columns of a plain CSV, and loads nothing until they are confirmed', async () => {
    const columns = await send('evaluation/columns', { runId: run('custom'), path: 'artifacts/eval/scored.csv' });
    expect(columns.columns).toEqual(['sample_id', 'target', 'p_benign', 'clinic']);
    expect(columns.guess).toEqual({ label: 'target', scores: ['p_benign'], scoreClasses: ['1'], positive: '1' });
    expect(columns.labels).toEqual(['0', '1']);
    expect(columns.sample.length).toBeGreaterThan(0);
    const error = await failure('evaluation/load', { runId: run('custom'), path: 'artifacts/eval/scored.csv' });
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('Say which columns') });
  });

  it('refuses paths the run does not list', async () => {
    expect((await failure('evaluation/load', { runId: run('logreg'), path: '../../../etc/passwd.csv' })).code).toBe('bad-request');
    expect((await failure('evaluation/load', { runId: run('logreg'), path: 'artifacts/other.csv' })).code).toBe('not-found');
    expect((await failure('evaluation/sets', { runId: 'no-such-run' })).code).toBe('not-found');
  });
});

describe('a binary set', () => {
  let evaluation: BinaryEvaluation;
  const csv = () => readCsv(path.join(project, 'runlens', runIds.logreg, 'artifacts', 'predictions', 'test.csv')).slice(1);

  beforeAll(async () => {
    evaluation = (await send('evaluation/load', { runId: run('logreg'), path: 'artifacts/predictions/test.csv' })) as BinaryEvaluation;
  });

  it('is read whole into one cumulative table', () => {
    const rows = csv();
    expect(evaluation).toMatchObject({ kind: 'binary', classes: ['0', '1'], positiveClass: '1', rows: 171, nanScoreRows: 0, skippedLines: 0 });
    expect(evaluation.table.positives).toBe(rows.filter((r) => r[0] === '1').length);
    expect(evaluation.groupColumns).toEqual([{ name: 'clinic', distinct: 3 }]);
    const auc = pairwiseAuc(rows.map((r) => Number(r[0])), rows.map((r) => Number(r[1])));
    expect(evaluation.metrics.roc_auc.value).toBeCloseTo(auc, 12);
  });

  it('lists the rows behind a cell, with every column of the file', async () => {
    const counts = countsAt(evaluation.table, 0.5);
    const falsePositives = await send('evaluation/rows', { runId: run('logreg'), path: 'artifacts/predictions/test.csv', trueClass: '0', predictedClass: '1', threshold: 0.5, offset: 0, limit: 1000 });
    expect(falsePositives.total).toBe(counts.falsePositives);
    expect(falsePositives.columns).toEqual(['y_true', 'score', 'clinic']);
    for (const row of falsePositives.rows) {
      expect(row.values[0]).toBe('0');
      expect(Number(row.values[1])).toBeGreaterThanOrEqual(0.5);
    }
    const page = await send('evaluation/rows', { runId: run('logreg'), path: 'artifacts/predictions/test.csv', trueClass: '1', predictedClass: '1', threshold: 0.5, offset: 5, limit: 3 });
    expect(page.total).toBe(counts.truePositives);
    expect(page.rows).toHaveLength(3);
  });

  it('gives one table per group, which the fairness table reads at any threshold', async () => {
    const groups = await send('evaluation/groups', { runId: run('logreg'), path: 'artifacts/predictions/test.csv', column: 'clinic' });
    expect(groups.map((g) => g.group).sort()).toEqual(['east', 'north', 'south']);
    const rows = csv();
    const fairness = fairnessAt(groups, 0.5);
    for (const group of fairness.groups) {
      const members = rows.filter((r) => r[2] === group.group);
      expect(group.size).toBe(members.length);
      expect(group.selectionRate).toBeCloseTo(members.filter((r) => Number(r[1]) >= 0.5).length / members.length, 12);
    }
    expect((await failure('evaluation/groups', { runId: run('logreg'), path: 'artifacts/predictions/test.csv', column: 'score' })).message).toContain('clinic');
  });
});

describe('a multiclass set with string labels', () => {
  it('predicts by arg-max over the class columns', async () => {
    const evaluation = (await send('evaluation/load', { runId: run('iris'), path: 'artifacts/predictions/test.csv' })) as MulticlassEvaluation;
    expect(evaluation.kind).toBe('multiclass');
    expect(evaluation.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expect(evaluation.perClass.map((c) => c.support).reduce((a, b) => a + b, 0)).toBe(60);
  });
});

describe('mappings are the user\'s', () => {
  const scored = 'artifacts/eval/scored.csv';
  const mapping = { label: 'target', scores: ['p_benign'], scoreClasses: ['1'], positive: '1' };

  it('survive a re-read of the project, a rewritten file and a restart', async () => {
    await send('evaluation/setMapping', { runId: run('custom'), path: scored, mapping });
    const first = (await send('evaluation/load', { runId: run('custom'), path: scored })) as BinaryEvaluation;
    expect(first.rows).toBe(171);
    for (let pass = 0; pass < 2; pass++) {
      const file = path.join(project, 'runlens', runIds.custom, 'artifacts', 'eval', 'scored.csv');
      fs.writeFileSync(file, fs.readFileSync(file));
      await send('projects/add', { path: project });
      await backend.close();
      backend = await open();
      const sets = await send('evaluation/sets', { runId: run('custom') });
      expect(sets.sets[0].mapping).toEqual(mapping);
      const again = (await send('evaluation/load', { runId: run('custom'), path: scored })) as BinaryEvaluation;
      expect(again.metrics).toEqual(first.metrics);
    }
  });

  it('can be forgotten', async () => {
    await send('evaluation/setMapping', { runId: run('custom'), path: scored, mapping: null });
    expect((await send('evaluation/sets', { runId: run('custom') })).sets[0].mapping).toBeNull();
    await send('evaluation/setMapping', { runId: run('custom'), path: scored, mapping });
  });
});

describe('bad input', () => {
  const dirty = 'artifacts/eval/dirty.csv';

  it('skips malformed lines and NaN scores, counting each, and takes yes/no labels', async () => {
    await send('evaluation/setMapping', { runId: run('dirty'), path: dirty, mapping: { label: 'label', scores: ['score'], scoreClasses: ['yes'], positive: 'yes' } });
    const evaluation = (await send('evaluation/load', { runId: run('dirty'), path: dirty })) as BinaryEvaluation;
    expect(evaluation).toMatchObject({ classes: ['no', 'yes'], positiveClass: 'yes', rows: 166, nanScoreRows: 3, skippedLines: 2 });
    const messages = evaluation.notices.map((n) => n.message).join('\n');
    expect(messages).toContain('3 rows have a NaN score');
    expect(messages).toContain('2 lines could not be read');
  });

  it('refuses a positive class that its score column does not hold', async () => {
    await send('evaluation/setMapping', { runId: run('dirty'), path: dirty, mapping: { label: 'label', scores: ['score'], scoreClasses: ['yes'], positive: 'no' } });
    const error = await failure('evaluation/load', { runId: run('dirty'), path: dirty });
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('must be the positive class') });
  });

  it('names a label that has no score column', async () => {
    await send('evaluation/setMapping', { runId: run('dirty'), path: dirty, mapping: { label: 'label', scores: ['score', 'clinic'], scoreClasses: ['0', '1'], positive: '1' } });
    const error = await failure('evaluation/load', { runId: run('dirty'), path: dirty });
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(/Column "clinic" holds text|Label "no"/);
  });
});

describe('in the bundled worker', () => {
  it('reads a large file off the main thread, and a cancel stops it', async () => {
    expect(fs.existsSync(evaluationWorker)).toBe(true);
    const folder = path.join(project, 'runlens', runIds.custom, 'artifacts', 'eval');
    const lines = ['target,p_benign,clinic'];
    for (let i = 0; i < 400_000; i++) lines.push(`${i % 3 === 0 ? 1 : 0},${((i * 7919) % 10007) / 10007},${['north', 'south', 'east'][i % 3]}`);
    fs.writeFileSync(path.join(folder, 'scored.csv'), lines.join('\n') + '\n');
    const workerBackend = await open({ evaluationWorker });
    try {
      const args = { runId: run('custom'), path: 'artifacts/eval/scored.csv' };
      // Two windows wait for one read: one of them cancelling leaves it to the other.
      const first = workerBackend.send('evaluation/load', args);
      const second = workerBackend.send('evaluation/load', args);
      await waitFor(async () => (await send('evaluation/cancel', args, workerBackend)).cancelled || null, 'the shared load to start');
      const [one, two] = await Promise.all([first, second]);
      expect(one.ok && two.ok).toBe(true);
      fs.appendFileSync(path.join(folder, 'scored.csv'), '1,0,north\n'); // a score already there: the table keeps 10,007 entries
      const loading = workerBackend.send('evaluation/load', args);
      await waitFor(async () => (await send('evaluation/cancel', args, workerBackend)).cancelled || null, 'the load to start, to cancel it');
      const cancelled = await loading;
      expect(cancelled.ok ? 'loaded' : cancelled.error.message).toContain('cancelled');
      const loaded = await send('evaluation/load', args, workerBackend);
      expect(loaded.rows).toBe(400_001);
      expect((loaded as BinaryEvaluation).table.thresholds.length).toBe(10007);
    } finally {
      await workerBackend.close();
    }
  }, 120_000);
});

describe("DVCLive's logged plots", () => {
  it('are shown as logged: points, an infinite first threshold, the matrix counted from its rows', async () => {
    const folder = path.join(tempDir('runlens-eval-dvclive-'), 'project');
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'evaluation', 'dvclive'), folder, { recursive: true });
    await send('projects/add', { path: folder });
    const runs = await send('runs/list', {});
    const dvclive = runs.find((r) => r.source === 'dvclive');
    expect(dvclive).toBeDefined();
    const { sets, loggedPlots } = await send('evaluation/sets', { runId: dvclive!.id });
    expect(sets).toEqual([]);
    const byKind = new Map(loggedPlots.map((plot) => [plot.kind, plot]));
    expect([...byKind.keys()].sort()).toEqual(['calibration', 'confusion_matrix', 'precision_recall', 'roc']);
    const roc = byKind.get('roc') as Extract<(typeof loggedPlots)[number], { kind: 'roc' }>;
    expect(roc.points[0]).toEqual({ fpr: 0, tpr: 0, threshold: Infinity });
    const matrix = byKind.get('confusion_matrix') as Extract<(typeof loggedPlots)[number], { kind: 'confusion_matrix' }>;
    expect(matrix.labels).toEqual(['0', '1']);
    expect(matrix.counts.flat().reduce((a, b) => a + b, 0)).toBe(171);
  });
});

describe('a Parquet artifact', () => {
  it('is offered, mapped and read like a CSV', async () => {
    const runFolder = path.join(project, 'runlens', runIds.custom);
    const target = path.join(runFolder, 'artifacts', 'eval', 'scored.parquet');
    fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'evaluation', 'parquet', 'scored.parquet'), target);
    fs.appendFileSync(path.join(runFolder, 'events.jsonl'), `${JSON.stringify({ type: 'artifact', path: 'artifacts/eval/scored.parquet', size: fs.statSync(target).size })}\n`);
    await send('projects/add', { path: project });
    const args = { runId: run('custom'), path: 'artifacts/eval/scored.parquet' };
    const columns = await send('evaluation/columns', args);
    expect(columns.columns).toEqual(['y_true', 'score', 'clinic']);
    expect(columns.guess).toEqual({ label: 'y_true', scores: ['score'], scoreClasses: ['1'], positive: '1' });
    await send('evaluation/setMapping', { ...args, mapping: columns.guess });
    const evaluation = (await send('evaluation/load', args)) as BinaryEvaluation;
    const logged = (await send('evaluation/load', { runId: run('logreg'), path: 'artifacts/predictions/test.csv' })) as BinaryEvaluation;
    expect(evaluation.rows).toBe(171);
    expect(evaluation.metrics).toEqual(logged.metrics);
    expect(evaluation.groupColumns).toEqual([{ name: 'clinic', distinct: 3 }]);
  });
});
