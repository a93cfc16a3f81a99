// Linear axes for the XY plots: nice ticks (1, 2, 5 × 10^k) and value <-> px. Pure.

/**
 * The tick step for about `count` ticks over `span`: 1, 2 or 5 times a power
 * of ten, as d3's tickIncrement picks it. Example: niceStep(1, 5) -> 0.2.
 */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span) || count < 1) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction >= 7.5 ? 10 : fraction >= 3.5 ? 5 : fraction >= 1.5 ? 2 : 1;
  return nice * power;
}

/** Rounds away the float noise of k * step (0.30000000000000004 -> 0.3). */
const clean = (value: number, step: number): number => {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(20, digits)));
};

/**
 * Ticks at multiples of the nice step within [lo, hi]. A degenerate or
 * non-finite domain gives its one finite end (or none). O(count).
 * Example: niceTicks(0, 1, 5) -> [0, 0.2, 0.4, 0.6, 0.8, 1].
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [lo, hi].filter(Number.isFinite);
  if (lo === hi) return [lo];
  const [a, b] = lo < hi ? [lo, hi] : [hi, lo];
  const step = niceStep(b - a, count);
  const first = Math.ceil(a / step - 1e-9);
  const last = Math.floor(b / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last && ticks.length < 1000; k++) ticks.push(clean(k * step, step));
  return ticks;
}

/**
 * The domain widened to the nice step's multiples around [lo, hi], so the
 * axis ends on a tick; a single value gets ±0.5 (or ±10% of it) around it,
 * no finite value at all [0, 1]. Example: niceDomain(0.03, 0.97, 5) -> [0, 1].
 */
export function niceDomain(lo: number, hi: number, count: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 0.5 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  const step = niceStep(hi - lo, count);
  return [clean(Math.floor(lo / step + 1e-9) * step, step), clean(Math.ceil(hi / step - 1e-9) * step, step)];
}

/** The finite extent of some arrays, or null when none has a finite value. O(n). */
export function finiteExtent(...arrays: ArrayLike<number>[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

export interface LinearScale {
  (value: number): number;
  domain: [number, number];
  range: [number, number];
  invert(px: number): number;
}

/** Maps domain to range linearly; a zero-width domain maps everything to the range's middle. */
export function linearScale(domain: [number, number], range: [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const k = span === 0 ? 0 : (r1 - r0) / span;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + (value - d0) * k)) as LinearScale;
  scale.domain = domain;
  scale.range = range;
  scale.invert = (px) => (k === 0 ? d0 : d0 + (px - r0) / k);
  return scale;
}
