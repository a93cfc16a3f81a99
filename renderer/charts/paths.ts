// SVG path text for a metric line or band. One <path> per line instead of one
// recharts series per line: recharts 3 spends seconds mounting a few thousand
// points per series, and the compare view draws 100 lines of 1500 points.

type Scale = (value: number) => number | undefined;

/** A coordinate rounded to 0.1 px: sharp enough for any screen, and a third of the text. */
const r = (v: number): number => Math.round(v * 10) / 10;

const usable = (v: number, log: boolean): boolean => Number.isFinite(v) && (!log || v > 0);

/**
 * "M x y L x y …", starting a new subpath after every value that cannot be
 * drawn (NaN, ±∞, ≤ 0 on a log axis), so those show as gaps, never as 0.
 * O(n). Example: xs [0,1,2], ys [1,NaN,3] -> "M0 1M2 3" under identity scales.
 */
export function linePath(xs: ArrayLike<number>, ys: ArrayLike<number>, x: Scale, y: Scale, log = false): string {
  let out = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const v = ys[i];
    const px = usable(v, log) ? x(xs[i]) : undefined;
    const py = px === undefined ? undefined : y(v);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    out += `${pen ? 'L' : 'M'}${r(px)} ${r(py)}`;
    pen = true;
  }
  return out;
}

/** A closed band between lo and hi, one polygon per stretch where both can be drawn. O(n). */
export function bandPath(xs: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, x: Scale, y: Scale, log = false): string {
  let out = '';
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    let upper = '';
    let lower = '';
    for (let i = start; i < end; i++) upper += `${i === start ? 'M' : 'L'}${r(x(xs[i]) ?? 0)} ${r(y(hi[i]) ?? 0)}`;
    for (let i = end - 1; i >= start; i--) lower += `L${r(x(xs[i]) ?? 0)} ${r(y(lo[i]) ?? 0)}`;
    out += `${upper}${lower}Z`;
    start = -1;
  };
  for (let i = 0; i < xs.length; i++) {
    const ok = usable(lo[i], log) && usable(hi[i], log) && Number.isFinite(xs[i]);
    if (ok && start < 0) start = i;
    if (!ok) flush(i);
  }
  flush(xs.length);
  return out;
}
