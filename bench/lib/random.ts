import { mulberry32 } from '../../shared/math/random';

/**
 * Deterministic PRNG (mulberry32): the same seed gives the same generated data
 * in every benchmark run, and a failing fuzz seed can be replayed.
 * Returns numbers in [0, 1).
 */
export const seededRandom = mulberry32;
