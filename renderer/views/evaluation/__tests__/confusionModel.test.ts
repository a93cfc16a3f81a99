import { describe, expect, it } from 'vitest';
import { contrast, divergingCell, heatCell, parseHex } from '../confusion/heatColors';
import { fitCellSize, matrixCsv, matrixModel, shortLabels, truncateLabel } from '../confusion/confusionModel';

describe('the confusion matrix as drawn', () => {
  const counts = [
    [5, 1],
    [2, 12],
  ];

  it('shows counts with their share of the largest as color strength, in the order asked', () => {
    const model = matrixModel(counts, ['no', 'yes'], 'none', [1, 0]);
    expect(model.labels).toEqual(['yes', 'no']);
    expect(model.rows[0][0]).toMatchObject({ trueIndex: 1, predictedIndex: 1, count: 12, text: '12', strength: 1 });
    expect(model.rows[1][0]).toMatchObject({ trueIndex: 0, predictedIndex: 1, count: 1, text: '1' });
    expect(model.rows[1][0].strength).toBeCloseTo(1 / 12, 12);
  });

  it('prints thousands with separators and exports the numbers', () => {
    const model = matrixModel([[12345, 0], [0, 1]], ['a', 'b'], 'none', [0, 1]);
    expect(model.rows[0][0].text).toBe('12,345');
    expect(matrixCsv(model)).toEqual({ columns: ['true \\ predicted', 'a', 'b'], rows: [['a', 12345, 0], ['b', 0, 1]] });
  });

  it('shortens labels to the part that tells them apart', () => {
    const long = Array.from({ length: 12 }, (_, i) => `category-${String(i).padStart(2, '0')}-long-name`);
    expect(shortLabels(long, 18).slice(0, 2)).toEqual(['…00…', '…01…']);
    expect(shortLabels(['setosa', 'versicolor'], 18)).toEqual(['setosa', 'versicolor']);
    expect(shortLabels(['Iris-setosa-with-a-long-tail', 'Iris-versicolor-with-a-long-tail'], 12)).toEqual(['…setosa…', '…versicolor…']);
    expect(shortLabels(['a very long label indeed', 'another long label too'], 10)).toEqual(['a very lo…', 'another l…']);
  });

  it('cuts long labels and fits cells into the width within limits', () => {
    expect(truncateLabel('Iris-versicolor', 8)).toBe('Iris-ve…');
    expect(truncateLabel('short', 8)).toBe('short');
    expect(fitCellSize(1000, 50, 100, { min: 14, max: 96 })).toBe(18);
    expect(fitCellSize(1000, 2, 100, { min: 14, max: 96 })).toBe(96);
    expect(fitCellSize(100, 50, 100, { min: 14, max: 96 })).toBe(14);
  });
});

describe('heatmap colors', () => {
  it('runs from the background to the hue, with the more readable text color', () => {
    expect(heatCell(0, '#ffffff', '#1971c2')).toEqual({ background: '#ffffff', text: '#000000' });
    expect(heatCell(1, '#ffffff', '#1971c2')).toEqual({ background: '#1971c2', text: '#ffffff' });
    expect(heatCell(0, '#242424', '#1971c2').text).toBe('#ffffff');
    expect(heatCell(Number.NaN, '#ffffff', '#1971c2').background).toBe('#ffffff');
  });

  it('keeps text readable at every strength, in both themes', () => {
    for (const background of ['#ffffff', '#242424']) {
      for (let i = 0; i <= 20; i++) {
        const cell = heatCell(i / 20, background, '#1971c2');
        expect(contrast(parseHex(cell.background), parseHex(cell.text))).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('diverges to one hue below zero and another above', () => {
    expect(divergingCell(-1, '#ffffff', '#c92a2a', '#1971c2').background).toBe('#c92a2a');
    expect(divergingCell(1, '#ffffff', '#c92a2a', '#1971c2').background).toBe('#1971c2');
    expect(divergingCell(0, '#ffffff', '#c92a2a', '#1971c2').background).toBe('#ffffff');
  });
});
