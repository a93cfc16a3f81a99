import { describe, expect, it } from 'vitest';
import type { Result } from '../../../../shared/errors';
import type { RunPredictions } from '../../../../shared/evaluation/predictionSets';
import type { Evaluation } from '../../../../shared/evaluation/types';
import type { PredictionSetKey } from '../../../api/evaluationClient';
import { binaryEvaluation } from '../../../stores/evaluation/__tests__/evaluations';
import { createCompareEvaluationStore, type CompareEvaluationClient } from '../compareEvaluationStore';

const mapping = { label: 'y', scores: ['p'], scoreClasses: ['1'], positive: '1' };
const predictionsOf = (...names: string[]): RunPredictions => ({
  sets: names.map((name) => ({ path: `predictions/${name}.csv`, origin: 'logged' as const, name, mapping, rows: 3, size: 10 })),
  loggedPlots: [],
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function scripted(setsByRun: Record<string, RunPredictions>) {
  const loads: { key: PredictionSetKey; resolve(r: Result<Evaluation>): void }[] = [];
  const setsAsked: string[] = [];
  const client: CompareEvaluationClient = {
    sets: async (runId) => {
      setsAsked.push(runId);
      return setsByRun[runId] ? { ok: true, value: setsByRun[runId] } : { ok: false, error: { code: 'not-found', message: 'No run with this id' } };
    },
    load: (key) => new Promise((resolve) => loads.push({ key, resolve })),
  };
  return { client, loads, setsAsked };
}

describe('the compare view\'s evaluation store', () => {
  it('picks the shared set (test first) and loads it for each run that has it', async () => {
    const s = scripted({ a: predictionsOf('val', 'test'), b: predictionsOf('test', 'val'), c: predictionsOf('val') });
    const store = createCompareEvaluationStore(s.client);
    await store.getState().follow(['a', 'b', 'c']);
    expect(store.getState().shared.map((x) => x.name)).toEqual(['test', 'val']);
    expect(store.getState().setName).toBe('test');
    await flush();
    expect(s.loads.map((l) => l.key)).toEqual([
      { runId: 'a', path: 'predictions/test.csv' },
      { runId: 'b', path: 'predictions/test.csv' },
    ]);
    s.loads[0].resolve({ ok: true, value: binaryEvaluation([0.9, 0.1]) });
    await flush();
    expect(store.getState().evaluations.a.status).toBe('ready');
    expect(store.getState().evaluations.b.status).toBe('loading');
  });

  it('drops the answers for a set no longer chosen', async () => {
    const s = scripted({ a: predictionsOf('val', 'test'), b: predictionsOf('test', 'val') });
    const store = createCompareEvaluationStore(s.client);
    await store.getState().follow(['a', 'b']);
    await flush();
    store.getState().chooseSet('val');
    await flush();
    s.loads[0].resolve({ ok: true, value: binaryEvaluation([0.9]) });
    await flush();
    expect(store.getState().evaluatedRunIds).toEqual(['a', 'b']);
    expect(s.loads.slice(2).map((l) => l.key.path)).toEqual(['predictions/val.csv', 'predictions/val.csv']);
    expect(store.getState().evaluations.a.status).toBe('loading');
  });

  it('fetches only the sets of runs not seen, keeps the choice while shared, and keeps loaded runs', async () => {
    const s = scripted({ a: predictionsOf('test'), b: predictionsOf('test'), c: predictionsOf('test') });
    const store = createCompareEvaluationStore(s.client);
    await store.getState().follow(['a', 'b']);
    await flush();
    s.loads.forEach((l) => l.resolve({ ok: true, value: binaryEvaluation([0.9]) }));
    await flush();
    await store.getState().follow(['a', 'b', 'c']);
    await flush();
    expect(s.setsAsked).toEqual(['a', 'b', 'c']);
    expect(s.loads.map((l) => l.key.runId)).toEqual(['a', 'b', 'c']);
    expect(store.getState().evaluations.a.status).toBe('ready');
  });

  it('says when the runs share no set, and reports a run whose sets could not be listed', async () => {
    const s = scripted({ a: predictionsOf('test') });
    const store = createCompareEvaluationStore(s.client);
    await store.getState().follow(['a', 'gone']);
    expect(store.getState()).toMatchObject({ setName: null, shared: [], setsStatus: 'error', setsError: { code: 'not-found' } });
    expect(s.loads).toHaveLength(0);
  });
});
