import { describe, expect, it } from 'vitest';
import type { PredictionColumns } from '../../../../shared/evaluation/predictionSets';
import { checkForm, classFromColumn, initialForm, positiveChoices, problemKind, withClass, withScores } from '../mapping/mappingForm';

const columns: PredictionColumns = {
  path: 'preds.csv',
  columns: ['id', 'target', 'proba_setosa', 'proba_versicolor', 'proba_virginica', 'clinic'],
  sample: [['1', 'setosa', '0.9', '0.05', '0.05', 'north']],
  guess: { label: 'target', scores: ['proba_setosa', 'proba_versicolor', 'proba_virginica'], scoreClasses: ['setosa', 'versicolor', 'virginica'], positive: null },
  rejected: [{ column: 'pred_label', reason: 'it holds labels, not probabilities' }],
  labels: ['setosa', 'versicolor', 'virginica'],
};

describe('the mapping form', () => {
  it('starts from the guess, or from the mapping being edited, dropping columns the file lost', () => {
    expect(initialForm(columns, null)).toMatchObject({ label: 'target', scores: ['proba_setosa', 'proba_versicolor', 'proba_virginica'] });
    const edited = initialForm(columns, { label: 'gone', scores: ['proba_setosa', 'old'], scoreClasses: ['setosa', 'old'], positive: 'setosa' });
    expect(edited).toMatchObject({ label: null, scores: ['proba_setosa'], positive: 'setosa' });
    expect(initialForm({ ...columns, guess: null }, null)).toEqual({ label: null, scores: [], classOf: {}, positive: null });
  });

  it('names a new score column\'s class after it', () => {
    expect(classFromColumn('proba_setosa')).toBe('setosa');
    expect(classFromColumn('y_prob_1')).toBe('1');
    expect(classFromColumn('p1')).toBe('1');
    expect(classFromColumn('score')).toBe('score');
    const form = withScores(initialForm(columns, null), ['proba_setosa', 'clinic']);
    expect(form.classOf).toEqual({ proba_setosa: 'setosa', clinic: 'clinic' });
  });

  it('saves a multiclass mapping with no positive class', () => {
    const check = checkForm(initialForm(columns, null));
    expect(check).toEqual({ ok: true, mapping: { ...columns.guess, positive: null } });
    expect(problemKind(initialForm(columns, null))).toBe('multiclass');
  });

  it('takes a single score column\'s class as the positive one', () => {
    const form = { label: 'y', scores: ['p'], classOf: { p: '1' }, positive: null };
    expect(checkForm(form)).toEqual({ ok: true, mapping: { label: 'y', scores: ['p'], scoreClasses: ['1'], positive: '1' } });
  });

  it('asks which of two classes is positive, and offers them first', () => {
    const form = { label: 'y', scores: ['p0', 'p1'], classOf: { p0: 'no', p1: 'yes' }, positive: null };
    expect(checkForm(form)).toEqual({ ok: false, problems: ['Pick which of the two classes is the positive one.'] });
    expect(positiveChoices(form, ['yes', 'maybe'])).toEqual(['no', 'yes', 'maybe']);
    expect(checkForm({ ...form, positive: 'yes' })).toMatchObject({ ok: true, mapping: { positive: 'yes' } });
  });

  it('says what is missing or contradictory', () => {
    const bad = withClass({ label: 'p', scores: ['p', 'q'], classOf: { p: 'a', q: 'a' }, positive: 'a' }, 'q', 'a');
    const check = checkForm(bad);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems).toEqual(['“p” cannot be both the label and a score.', 'Two score columns hold the class “a”.']);
    expect(checkForm({ label: null, scores: [], classOf: {}, positive: null })).toEqual({
      ok: false,
      problems: ['Pick the column that holds the true label.', 'Pick at least one score column.'],
    });
  });
});
