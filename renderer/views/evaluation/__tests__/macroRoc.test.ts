import { describe, expect, it } from 'vitest';
import { interpolate, macroRoc } from '../multiclass/macroRoc';

describe('the macro-average ROC', () => {
  it('interpolates as np.interp, taking the top of a vertical step', () => {
    // np.interp(0.5, [0, 0, 1], [0, 0.5, 1]) == 0.75; np.interp(0, [0, 0, 1], [0, 0.5, 1]) == 0.5
    expect(interpolate(0.5, [0, 0, 1], [0, 0.5, 1])).toBe(0.75);
    expect(interpolate(0, [0, 0, 1], [0, 0.5, 1])).toBe(0.5);
    expect(interpolate(-1, [0, 1], [0.2, 1])).toBe(0.2);
    expect(interpolate(2, [0, 1], [0.2, 1])).toBe(1);
    expect(interpolate(0.5, [], [])).toBeNaN();
  });

  it('averages the classes over the union of their FPRs', () => {
    // fpr_grid = np.unique([0, 0, 1, 0, 0.5, 1]) = [0, 0.5, 1]
    // class a: interp -> [1, 1, 1]; class b: fpr [0, 0.5, 1], tpr [0, 0.5, 1] -> [0, 0.5, 1]; mean [0.5, 0.75, 1]
    const curve = macroRoc([
      { falsePositiveRate: [0, 0, 1], truePositiveRate: [0, 1, 1] },
      { falsePositiveRate: [0, 0.5, 1], truePositiveRate: [0, 0.5, 1] },
    ]);
    expect(curve).toEqual({ falsePositiveRate: [0, 0.5, 1], truePositiveRate: [0.5, 0.75, 1] });
  });

  it('leaves out a class whose curve is undefined', () => {
    const curve = macroRoc([
      { falsePositiveRate: [0, 1], truePositiveRate: [Number.NaN, Number.NaN] },
      { falsePositiveRate: [0, 1], truePositiveRate: [0, 1] },
    ]);
    expect(curve.truePositiveRate).toEqual([0, 1]);
    expect(macroRoc([])).toEqual({ falsePositiveRate: [], truePositiveRate: [] });
  });
});
