// Run colors: 20 hues of mid lightness, so each reads on both the light and the dark background.

/**
 * Tableau 10 followed by ten further hues at similar lightness (neither the
 * pastel half of d3's category20, which vanishes on white, nor the darkest
 * tones, which vanish on the dark theme's gray).
 */
export const RUN_PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f9bd1', '#d4a017', '#c2185b', '#2a9d8f', '#8e6cc9',
  '#e76f51', '#43aa8b', '#d16ba5', '#7d9c3a', '#5f7fd6',
];

/** The color of the index-th run; wraps around after 20. */
export function runColor(index: number): string {
  const n = RUN_PALETTE.length;
  const i = Number.isFinite(index) ? ((Math.trunc(index) % n) + n) % n : 0;
  return RUN_PALETTE[i];
}
