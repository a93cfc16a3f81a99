import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { barDomain, barExtent, barLayout, truncateLabel, whiskerExtent } from '../barLayout';
import { ImportanceBars } from '../ImportanceBars';

describe('barDomain', () => {
  it('always holds zero and every finite mean ± std', () => {
    expect(barDomain([{ name: 'a', mean: 0.2, std: 0.05 }, { name: 'b', mean: -0.01, std: 0 }])).toEqual([-0.05, 0.25]);
    expect(barDomain([{ name: 'a', mean: 0.3, std: 0.1 }])).toEqual([0, 0.4]);
    expect(barDomain([{ name: 'a', mean: -0.3, std: NaN }])).toEqual([-0.3, 0]);
  });

  it('ignores what is not finite, and gives [0, 1] when nothing is', () => {
    expect(barDomain([{ name: 'a', mean: NaN, std: 0 }, { name: 'b', mean: Infinity, std: 0 }])).toEqual([0, 1]);
    expect(barDomain([])).toEqual([0, 1]);
    expect(barDomain([{ name: 'a', mean: 0, std: 0 }])).toEqual([0, 1]);
  });
});

describe('barLayout', () => {
  const bars = [
    { name: 'worst_concave_points', mean: 0.1, std: 0.02 },
    { name: 'b', mean: -0.02, std: 0.01 },
    { name: 'c', mean: NaN, std: NaN },
    { name: 'd', mean: -Infinity, std: 0 },
  ];
  const layout = barLayout(600, bars);

  it('puts a negative mean left of zero and a positive one right of it', () => {
    const zero = layout.x(0);
    const [l0, r0] = barExtent(layout, 0.1)!;
    const [l1, r1] = barExtent(layout, -0.02)!;
    expect(l0).toBeCloseTo(zero);
    expect(r0).toBeGreaterThan(zero);
    expect(r1).toBeCloseTo(zero);
    expect(l1).toBeLessThan(zero);
  });

  it('draws no bar for NaN, runs ±∞ to the edge, and no whisker without a finite std', () => {
    expect(barExtent(layout, NaN)).toBeNull();
    expect(barExtent(layout, -Infinity)).toEqual([layout.plotLeft, layout.x(0)]);
    expect(whiskerExtent(layout, 0.1, NaN)).toBeNull();
    expect(whiskerExtent(layout, 0.1, 0)).toBeNull();
    const [a, b] = whiskerExtent(layout, 0.1, 0.02)!;
    expect(a).toBeCloseTo(layout.x(0.08));
    expect(b).toBeCloseTo(layout.x(0.12));
  });

  it('gives each feature a row in order, cuts long names only when they do not fit, and repeats the axis on tall charts', () => {
    expect(layout.rows.map((r) => r.name)).toEqual(['worst_concave_points', 'b', 'c', 'd']);
    expect(layout.rows[0].label).toBe('worst_concave_points');
    expect(barLayout(200, bars).rows[0].label).toMatch(/^worst.*…$/);
    expect(layout.bottomAxis).toBe(false);
    const many = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, mean: i, std: 1 }));
    expect(barLayout(600, many).bottomAxis).toBe(true);
    expect(truncateLabel('petal_length', 6)).toBe('petal…');
  });
});

describe('ImportanceBars', () => {
  it('renders one bar per feature with its numbers, NaN and −∞ as words', () => {
    const html = renderToStaticMarkup(
      createElement(ImportanceBars, {
        width: 600,
        xLabel: 'Drop in accuracy',
        bars: [
          { name: 'a', mean: 0.1, std: 0.02 },
          { name: 'c', mean: NaN, std: NaN },
          { name: 'd', mean: -Infinity, std: 0 },
        ],
      }),
    );
    expect(html.match(/data-testid="importance-bar"/g)).toHaveLength(3);
    expect(html).toContain('data-feature="a" data-mean="0.1" data-std="0.02"');
    expect(html).toContain('NaN ± NaN');
    expect(html).toContain('−∞ ± 0');
  });
});
