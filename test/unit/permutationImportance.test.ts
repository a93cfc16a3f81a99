// The generic permutation-importance algorithm on a tiny model whose answers
// can be worked out by hand: a threshold on feature 0, feature 1 never read.
import { describe, expect, it } from 'vitest';
import {
  type ClassPredictions,
  type FeatureColumn,
  mulberry32,
  permutationImportance,
  PermutationImportanceCancelled,
  PermutationImportanceError,
  scoreOf,
  seededPermutations,
} from '../../shared/scoring/permutationImportance';

const x0 = Float64Array.from([0.1, 0.2, 0.8, 0.9]);
const x1 = ['a', 'b', 'c', 'd'];
const labels = ['0', '0', '1', '1'];

/** P(class "1") = feature 0; feature 1 (text) is ignored. Counts its calls. */
function thresholdModel() {
  const calls = { count: 0 };
  const predict = async (columns: FeatureColumn[]): Promise<ClassPredictions> => {
    calls.count++;
    const p = Float64Array.from(columns[0] as Float64Array);
    return { classLabels: ['0', '1'], probabilities: [p.map((v) => 1 - v), p] };
  };
  return { predict, calls };
}

const order = (...rows: number[]) => Int32Array.from(rows);
// Feature 0: swap within each class (no change), swap the classes (all wrong), mix (half wrong).
const perms = [
  [order(1, 0, 3, 2), order(2, 3, 0, 1), order(0, 2, 1, 3)],
  [order(3, 2, 1, 0), order(1, 0, 3, 2), order(0, 1, 2, 3)],
];

describe('permutationImportance', () => {
  it('gives baseline − permuted score per repeat, the mean and the ddof=0 std', async () => {
    const { predict, calls } = thresholdModel();
    const result = await permutationImportance({ columns: [x0, x1], labels, predict, scorer: 'accuracy', permutations: perms });
    expect(result.baselineScore).toBe(1);
    expect(Array.from(result.importances[0])).toEqual([0, 1, 0.5]);
    expect(Array.from(result.importances[1])).toEqual([0, 0, 0]);
    expect(result.means[0]).toBeCloseTo(0.5, 15);
    // numpy: np.std([0, 1, 0.5]) = sqrt(1/6); ddof=1 would give 0.5.
    expect(result.stds[0]).toBeCloseTo(Math.sqrt(1 / 6), 15);
    expect(result.stds[1]).toBe(0);
    expect(calls.count).toBe(1 + 2 * 3);
  });

  it('scores roc_auc on the second class and neg_log_loss as −log_loss', async () => {
    const { predict } = thresholdModel();
    const auc = await permutationImportance({ columns: [x0, x1], labels, predict, scorer: 'roc_auc', permutations: perms });
    expect(auc.baselineScore).toBe(1);
    // Mixed order: scores [0.1, 0.8, 0.2, 0.9] for labels 0 0 1 1 -> AUC 0.75.
    expect(Array.from(auc.importances[0])).toEqual([0, 1, 0.25]);
    const loss = await permutationImportance({ columns: [x0, x1], labels, predict, scorer: 'neg_log_loss', permutations: perms });
    const baseline = (Math.log(0.9) + Math.log(0.8) + Math.log(0.8) + Math.log(0.9)) / 4;
    expect(loss.baselineScore).toBeCloseTo(baseline, 14);
    const swapped = (Math.log(0.2) + Math.log(0.1) + Math.log(0.1) + Math.log(0.2)) / 4;
    expect(loss.importances[0][1]).toBeCloseTo(baseline - swapped, 14);
    expect(Array.from(loss.importances[1])).toEqual([0, 0, 0]);
  });

  it('uses the model labels for accuracy when it gives them, and matches "1.0" to class "1"', async () => {
    const predict = async (): Promise<ClassPredictions> => ({ classLabels: ['0', '1'], probabilities: [], labels: ['0', '1', '1', '1'] });
    const result = await permutationImportance({ columns: [x0], labels: ['0.0', '0', '1.0', '1'], predict, repeats: 2, seed: 3 });
    expect(result.baselineScore).toBe(0.75);
    expect(scoreOf('accuracy', ['0', '0', '1', '1'], { classLabels: ['0', '1'], probabilities: [Float64Array.of(0.5, 0.5, 0, 0), Float64Array.of(0.5, 0.5, 1, 1)] })).toBe(1);
  });

  it('is deterministic for a seed, and each seeded order is a permutation', async () => {
    const a = seededPermutations(3, 4, 50, 11);
    expect(seededPermutations(3, 4, 50, 11)).toEqual(a);
    expect(seededPermutations(3, 4, 50, 12)).not.toEqual(a);
    for (const feature of a) for (const p of feature) expect(Array.from(p).sort((m, n) => m - n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a[0][0]).not.toEqual(a[1][0]);
    const first = mulberry32(1)();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(1);
    const { predict } = thresholdModel();
    const run = () => permutationImportance({ columns: [x0, x1], labels, predict, repeats: 4, seed: 7 });
    const [r1, r2] = await Promise.all([run(), run()]);
    expect(r1.importances).toEqual(r2.importances);
    expect(r1.importances[0].length).toBe(4);
  });

  it('stops with PermutationImportanceCancelled when the signal aborts, and reports progress', async () => {
    const { predict, calls } = thresholdModel();
    const controller = new AbortController();
    const progress: [number, number][] = [];
    const job = permutationImportance({
      columns: [x0, x1, x0],
      labels,
      predict,
      repeats: 2,
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.push([done, total]);
        controller.abort();
      },
    });
    await expect(job).rejects.toBeInstanceOf(PermutationImportanceCancelled);
    expect(progress).toEqual([[1, 3]]);
    expect(calls.count).toBe(1 + 2);
  });

  it('refuses what sklearn refuses, naming the row', async () => {
    const { predict } = thresholdModel();
    await expect(permutationImportance({ columns: [x0], labels: ['0', '0', '2', '1'], predict })).rejects.toMatchObject({ row: 2, message: expect.stringContaining('"2" is not one of the model\'s classes') });
    const three = async (): Promise<ClassPredictions> => ({ classLabels: ['a', 'b', 'c'], probabilities: [new Float64Array(2), new Float64Array(2), new Float64Array(2)] });
    await expect(permutationImportance({ columns: [Float64Array.of(1, 2)], labels: ['a', 'b'], predict: three, scorer: 'roc_auc' })).rejects.toThrow('roc_auc is for two classes');
    await expect(permutationImportance({ columns: [x0], labels: ['1', '1', '1', '1'], predict, scorer: 'roc_auc' })).rejects.toThrow('only one class');
    await expect(permutationImportance({ columns: [x0], labels, predict, permutations: [[order(0, 1, 1, 3)]] })).rejects.toBeInstanceOf(PermutationImportanceError);
    await expect(permutationImportance({ columns: [x0], labels, predict, repeats: 0 })).rejects.toThrow('at least 1');
    await expect(permutationImportance({ columns: [x0.subarray(1)], labels, predict })).rejects.toThrow('3 rows but there are 4 labels');
  });
});
