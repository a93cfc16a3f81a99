import { describe, expect, it } from 'vitest';
import type { ScoringJob } from '../../../../shared/scoring/jobs';
import { DEFAULT_FORM } from '../store';
import { baselineText, elapsedMs, formIssue, isJobOf, modelJobs, shownJob, type ImportanceModel } from '../selectors';

const model: ImportanceModel = { source: { kind: 'file', path: '/m' }, sha256: 'ab', file: '/m/model.onnx', features: [] };

function job(id: number, patch: Partial<ScoringJob> = {}, jobModel: Partial<ScoringJob['model']> = {}): ScoringJob {
  return {
    id,
    kind: 'importance',
    model: { path: '/m/model.onnx', sha256: 'ab', runId: null, artifactPath: null, ...jobModel },
    input: { path: '/d.csv', sha256: null, rows: 10 },
    outputPath: null,
    settings: {},
    startedAt: id,
    durationMs: 1,
    rowsPerSecond: null,
    status: 'finished',
    error: null,
    labelColumn: null,
    importance: null,
    ...patch,
  };
}

describe('which jobs are the model’s', () => {
  it('matches by hash when both have one, else by the file or the run artifact', () => {
    expect(isJobOf(job(1, {}, { path: '/elsewhere.onnx' }), model)).toBe(true);
    expect(isJobOf(job(1, {}, { sha256: 'cd' }), model)).toBe(false);
    expect(isJobOf(job(1, {}, { sha256: null }), model)).toBe(true);
    expect(isJobOf(job(1, { kind: 'score' }), model)).toBe(false);
    const artifact: ImportanceModel = { source: { kind: 'artifact', runId: 'r', artifactPath: 'model.onnx' }, sha256: null, file: '/x/model.onnx', features: [] };
    expect(isJobOf(job(1, {}, { sha256: null, runId: 'r', artifactPath: 'model.onnx' }), artifact)).toBe(true);
    expect(isJobOf(job(1, {}, { sha256: null, runId: 'other', artifactPath: 'model.onnx' }), artifact)).toBe(false);
  });

  it('lists them newest first and shows the pick, else the newest with a result', () => {
    const result = { scorer: 'accuracy' as const, baselineScore: 1, features: [], repeats: 1, seed: 0, rows: 10 };
    const jobs = [job(1, { importance: result }), job(3, { status: 'failed' }), job(2, { importance: result }), job(4, {}, { sha256: 'cd' })];
    expect(modelJobs(jobs, model).map((j) => j.id)).toEqual([3, 2, 1]);
    expect(modelJobs(jobs, null)).toEqual([]);
    expect(shownJob(jobs, model, null)?.id).toBe(2);
    expect(shownJob(jobs, model, 3)?.id).toBe(3);
    expect(shownJob(jobs, model, 4)?.id).toBe(2); // another model's job is not shown
  });
});

describe('formIssue', () => {
  const form = { ...DEFAULT_FORM, data: '/d.csv', label: 'label' };
  it('says what is missing, in order', () => {
    expect(formIssue(form, null, null)).toMatch(/Inspect a model/);
    expect(formIssue({ ...form, data: ' ' }, null, model)).toMatch(/CSV/);
    expect(formIssue({ ...form, label: null }, null, model)).toMatch(/column of true classes/);
    expect(formIssue(form, ['a'], model)).toBe('The file has no column “label”.');
    expect(formIssue({ ...form, repeats: 1.5 }, null, model)).toMatch(/Repeats/);
    expect(formIssue({ ...form, seed: 2 ** 32 }, null, model)).toMatch(/seed/);
    expect(formIssue({ ...form, seed: 0 }, ['label'], model)).toBeNull();
  });
});

describe('the result in words', () => {
  it('names the baseline and what importance means', () => {
    expect(baselineText({ scorer: 'accuracy', baselineScore: 0.9649122807, rows: 114 })).toBe('baseline accuracy 0.9649 on 114 rows; importance = drop in accuracy');
    expect(baselineText({ scorer: 'neg_log_loss', baselineScore: NaN, rows: 1200 })).toBe('baseline negative log loss NaN on 1,200 rows; importance = drop in negative log loss');
  });

  it('stops the clock when the job ended', () => {
    const running = { jobId: 1, model, startedAt: 1000, endedAt: null, progress: null };
    expect(elapsedMs(running, 4000)).toBe(3000);
    expect(elapsedMs({ ...running, endedAt: 2500 }, 9000)).toBe(1500);
  });
});
