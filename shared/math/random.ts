/**
 * mulberry32: a small, fast, seeded 32-bit generator of numbers in [0, 1):
 * the same seed gives the same stream everywhere (permutation importance's
 * shuffles, CBPE's bootstrap band, generated test and benchmark data). It is
 * not numpy's Mersenne Twister: a seed here does not give numpy's numbers.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
