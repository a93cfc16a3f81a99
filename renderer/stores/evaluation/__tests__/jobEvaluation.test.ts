import { describe, expect, it } from 'vitest';
import { predictionSetArgs } from '../../../api/evaluationClient';
import { jobProblem, jobSetKey } from '../jobTarget';
import { selectSetName } from '../selectors';
import { binaryEvaluation, predictions } from './evaluations';
import { flush, ok, scoreJob, setup } from './harness';

describe('a scoring job as a table to evaluate', () => {
  it('is keyed by the job and its output file name', () => {
    expect(jobSetKey(scoreJob())).toEqual({ jobId: 12, path: 'iris-scored.csv' });
    expect(jobSetKey(scoreJob({ outputPath: 'C:\\out\\scored.csv' })).path).toBe('scored.csv');
  });

  it('sends only the one of runId and jobId that is set (the schema is strict)', () => {
    expect(Object.keys(predictionSetArgs({ jobId: 12, runId: undefined, path: 'a.csv' }))).toEqual(['jobId', 'path']);
    expect(Object.keys(predictionSetArgs({ runId: 'r', jobId: undefined, path: 'a.csv' }))).toEqual(['runId', 'path']);
  });

  it('says why a job cannot be evaluated', () => {
    expect(jobProblem(12, scoreJob())).toBeNull();
    expect(jobProblem(9, null)).toMatchObject({ code: 'not-found', message: expect.stringContaining('#9') });
    expect(jobProblem(12, scoreJob({ status: 'running' }))?.message).toMatch(/still running/);
    expect(jobProblem(12, scoreJob({ status: 'failed', error: 'bad row 3' }))?.message).toMatch(/failed.*bad row 3/);
    expect(jobProblem(12, scoreJob({ status: 'cancelled' }))?.message).toMatch(/cancelled/);
    expect(jobProblem(12, scoreJob({ kind: 'importance' }))?.message).toMatch(/importance/);
    expect(jobProblem(12, scoreJob({ labelColumn: null }))?.message).toMatch(/no label column/);
  });
});

describe('evaluation store: a scoring job', () => {
  it('looks the job up, loads its output by { jobId, path }, follows its progress, and fetches groups by the same key', async () => {
    const { ui, s, jobs, store } = setup();
    ui.getState().openEvaluation({ jobId: 12 });
    expect(jobs.map((p) => p.args)).toEqual([12]);
    expect(s.sets).toHaveLength(0);
    expect(store.getState().jobStatus).toBe('loading');
    jobs[0].resolve(ok(scoreJob()));
    await flush();
    expect(store.getState()).toMatchObject({ jobStatus: 'ready', job: { id: 12 }, set: null, status: 'loading' });
    expect(s.loads.map((p) => p.args)).toEqual([{ jobId: 12, path: 'iris-scored.csv' }]);
    expect(selectSetName(store.getState())).toBe('iris-scored.csv');
    s.progress({ runId: 'r1', path: 'iris-scored.csv', bytesRead: 1, totalBytes: 2, rowsRead: 1 });
    expect(store.getState().progress).toBeNull();
    s.progress({ jobId: 12, path: 'iris-scored.csv', bytesRead: 5, totalBytes: 10, rowsRead: 3 });
    expect(store.getState().progress?.rowsRead).toBe(3);
    s.loads[0].resolve(ok(binaryEvaluation([0.9, 0.2])));
    await flush();
    expect(store.getState().status).toBe('ready');
    store.getState().setGroupColumn('sex');
    expect(s.groups[0].args).toEqual({ key: { jobId: 12, path: 'iris-scored.csv' }, column: 'sex' });
  });

  it('never opens the mapping dialog for a job: its mapping is its own', async () => {
    const { ui, s, jobs, store } = setup();
    ui.getState().openEvaluation({ jobId: 12 });
    jobs[0].resolve(ok(scoreJob()));
    await flush();
    store.getState().openMapping();
    expect(store.getState().mappingOpen).toBe(false);
    expect(s.columns).toHaveLength(0);
  });

  it('shows why an unknown, unfinished or unlabeled job cannot be evaluated, and loads nothing', async () => {
    const { ui, s, jobs, store } = setup();
    ui.getState().openEvaluation({ jobId: 5 });
    jobs[0].resolve(ok(null));
    await flush();
    expect(store.getState()).toMatchObject({ jobStatus: 'error', jobError: { code: 'not-found' }, status: 'idle' });
    ui.getState().openEvaluation({ jobId: 12 });
    jobs[1].resolve(ok(scoreJob({ labelColumn: null })));
    await flush();
    expect(store.getState().jobError?.message).toMatch(/no label column/);
    expect(store.getState().job?.id).toBe(12);
    expect(s.loads).toHaveLength(0);
  });

  it('Reload looks the job up again (a job that was still running may have finished)', async () => {
    const { ui, s, jobs, store } = setup();
    ui.getState().openEvaluation({ jobId: 12 });
    jobs[0].resolve(ok(scoreJob({ status: 'running' })));
    await flush();
    expect(store.getState().jobStatus).toBe('error');
    store.getState().reload();
    jobs[1].resolve(ok(scoreJob()));
    await flush();
    expect(store.getState().jobStatus).toBe('ready');
    expect(s.loads).toHaveLength(1);
  });

  it('drops a late job answer once a run is opened, and cancels a job load left behind', async () => {
    const { ui, s, jobs, store } = setup();
    ui.getState().openEvaluation({ jobId: 12 });
    jobs[0].resolve(ok(scoreJob()));
    await flush();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    expect(s.cancelled).toEqual([{ jobId: 12, path: 'iris-scored.csv' }]);
    expect(store.getState()).toMatchObject({ job: null, jobStatus: 'idle' });
    ui.getState().openEvaluation({ jobId: 7 });
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    jobs[1].resolve(ok(scoreJob({ id: 7 })));
    s.sets[1].resolve(ok(predictions));
    await flush();
    expect(store.getState().job).toBeNull();
    expect(store.getState().setKey).toEqual({ runId: 'r1', path: 'predictions/test.csv' });
  });

  it('keeps the loaded job evaluation when the view mounts again', async () => {
    const { ui, s, jobs, store, stop } = setup();
    ui.getState().openEvaluation({ jobId: 12 });
    jobs[0].resolve(ok(scoreJob()));
    await flush();
    s.loads[0].resolve(ok(binaryEvaluation([0.9])));
    await flush();
    stop();
    const again = store.getState().startSync();
    ui.getState().openEvaluation({ jobId: 12 });
    expect(jobs).toHaveLength(1);
    expect(store.getState().status).toBe('ready');
    again();
  });
});
