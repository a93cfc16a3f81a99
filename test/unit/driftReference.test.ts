// Reference values: test/fixtures/drift/reference.json, written by
//   /usr/bin/python3 test/fixtures/drift/make_reference.py   (SciPy 1.10.1, NumPy 1.24.2)
// which calls scipy.stats.ks_2samp / chisquare / wasserstein_distance / chi2.sf / norm.sf /
// kstwo.sf and scipy.spatial.distance.jensenshannon, and reproduces Evidently 0.7.x's
// chi-square, Z-test, normed Wasserstein, Jensen–Shannon and PSI formulas with numpy
// (Evidently is not installed). Tolerance: 1e-6 absolute on every value unless noted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chi2Sf,
  chiSquare,
  jensenShannonStat,
  kolmogorovSf,
  ks2samp,
  normalSf,
  populationStd,
  psi,
  sturgesEdges,
  wassersteinDistance,
  wassersteinNorm,
  zTest,
  type Category,
} from '../../shared/drift';

type Num = number | 'inf' | '-inf' | 'nan';
interface NumericalCase {
  name: string;
  kind: 'numerical';
  reference: number[];
  current: number[];
  ks: { statistic: number; pvalue: number; mode: 'exact' | 'asymp' };
  wasserstein: number;
  std: number;
  wassersteinNorm: number;
  jensenshannon: number;
  psi: number;
  edges: number[];
}
interface CategoricalCase {
  name: string;
  kind: 'categorical';
  reference: Category[];
  current: Category[];
  chisquare: { statistic: Num; pvalue: Num; minExpected: number };
  jensenshannon: number;
  psi: number;
}
interface BinaryCase {
  name: string;
  kind: 'binary';
  reference: Category[];
  current: Category[];
  z: { statistic: number; pvalue: number; proportionDifference: number };
}
interface Reference {
  scipy: string;
  cases: (NumericalCase | CategoricalCase | BinaryCase)[];
  special: { chi2_sf: [number, number, number][]; norm_sf: [number, number][]; kstwo_sf: [number, number, number][] };
}

const reference = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/drift/reference.json'), 'utf8'),
) as Reference;
const num = (value: Num): number =>
  value === 'inf' ? Infinity : value === '-inf' ? -Infinity : value === 'nan' ? NaN : value;
const TOL = 1e-6;

function close(actual: number, expected: Num): void {
  const want = num(expected);
  if (!Number.isFinite(want)) expect(actual).toBe(want);
  else expect(Math.abs(actual - want)).toBeLessThanOrEqual(TOL);
}

const numerical = reference.cases.filter((c): c is NumericalCase => c.kind === 'numerical');
const categorical = reference.cases.filter((c): c is CategoricalCase => c.kind === 'categorical');
const binary = reference.cases.filter((c): c is BinaryCase => c.kind === 'binary');

describe('drift statistics against SciPy ' + reference.scipy, () => {
  it('covers both KS modes', () => {
    expect(numerical.some((c) => c.ks.mode === 'exact')).toBe(true);
    expect(numerical.some((c) => c.ks.mode === 'asymp')).toBe(true);
  });

  describe.each(numerical.map((c) => [c.name, c] as const))('numerical %s', (_name, c) => {
    it('ks_2samp statistic, p-value and mode', () => {
      const result = ks2samp(c.reference, c.current);
      expect(result.mode).toBe(c.ks.mode);
      close(result.statistic, c.ks.statistic);
      close(result.pvalue, c.ks.pvalue);
    });
    it('wasserstein_distance, np.std and the normed distance', () => {
      close(wassersteinDistance(c.reference, c.current), c.wasserstein);
      close(populationStd(c.reference), c.std);
      close(wassersteinNorm(c.reference, c.current), c.wassersteinNorm);
    });
    it('Sturges edges, Jensen–Shannon and PSI', () => {
      const edges = sturgesEdges([...c.reference, ...c.current]);
      expect(edges).toHaveLength(c.edges.length);
      edges.forEach((edge, i) => close(edge, c.edges[i]));
      close(jensenShannonStat(c.reference, c.current, true), c.jensenshannon);
      close(psi(c.reference, c.current, true), c.psi);
    });
  });

  describe.each(categorical.map((c) => [c.name, c] as const))('categorical %s', (_name, c) => {
    it('chisquare against scaled reference frequencies', () => {
      const result = chiSquare(c.reference, c.current);
      close(result.statistic, c.chisquare.statistic);
      close(result.pvalue, c.chisquare.pvalue);
      close(result.minExpected, c.chisquare.minExpected);
    });
    it('Jensen–Shannon and PSI per category', () => {
      close(jensenShannonStat(c.reference, c.current, false), c.jensenshannon);
      close(psi(c.reference, c.current, false), c.psi);
    });
  });

  describe.each(binary.map((c) => [c.name, c] as const))('binary %s', (_name, c) => {
    it('two-proportion z-test', () => {
      const result = zTest(c.reference, c.current);
      close(result.statistic, c.z.statistic);
      close(result.pvalue, c.z.pvalue);
      close(result.proportionDifference, c.z.proportionDifference);
    });
  });

  it('chi2.sf', () => {
    for (const [x, df, want] of reference.special.chi2_sf) close(chi2Sf(x, df), want);
  });
  it('norm.sf', () => {
    for (const [z, want] of reference.special.norm_sf) close(normalSf(z), want);
  });
  it.each(reference.special.kstwo_sf)('kstwo.sf n=%d x=%f', (n, x, want) => {
    close(kolmogorovSf(n, x), want);
  });
});
