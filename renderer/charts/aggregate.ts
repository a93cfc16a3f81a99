// A group of runs as one curve: mean, min, max and spread per step.

export interface GroupMember {
  steps: ArrayLike<number>;
  /** Where each step is drawn on the x axis (the step itself, or a time). */
  xs: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface GroupStats {
  /** The union of the members' steps, ascending. */
  steps: Float64Array;
  /** The mean of the members' x at that step (equal to the step in step mode). */
  xs: Float64Array;
  mean: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** Population standard deviation (divides by n), 0 for a single run. */
  std: Float64Array;
  /** How many members had a finite value at that step. */
  count: Uint32Array;
}

/**
 * Aligns runs by step: takes the union of their steps and, at each, the runs
 * that logged it. Non-finite values are left out of the statistics; a step
 * where no run has a finite value gets NaN (drawn as a gap) and count 0.
 * A run that logs a step twice contributes both values.
 * O(N log N) in the total number of points.
 * Example: steps [0,1] and [1,2] with values [1,2] and [4,6] -> mean [1, 3, 6].
 */
export function aggregateByStep(members: readonly GroupMember[]): GroupStats {
  let total = 0;
  for (const m of members) total += m.steps.length;
  // Gather every (step, x, value) and sort by step once.
  const order = new Uint32Array(total);
  const stepOf = new Float64Array(total);
  const xOf = new Float64Array(total);
  const valueOf = new Float64Array(total);
  let k = 0;
  for (const m of members) {
    for (let i = 0; i < m.steps.length; i++) {
      stepOf[k] = m.steps[i];
      xOf[k] = m.xs[i];
      valueOf[k] = m.values[i];
      order[k] = k;
      k++;
    }
  }
  order.sort((a, b) => stepOf[a] - stepOf[b]);
  const steps: number[] = [];
  const xs: number[] = [];
  const mean: number[] = [];
  const min: number[] = [];
  const max: number[] = [];
  const std: number[] = [];
  const count: number[] = [];
  let i = 0;
  while (i < total) {
    const step = stepOf[order[i]];
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let xSum = 0;
    let xCount = 0;
    for (; i < total && stepOf[order[i]] === step; i++) {
      const j = order[i];
      xSum += xOf[j];
      xCount++;
      const v = valueOf[j];
      if (!Number.isFinite(v)) continue;
      n++;
      sum += v;
      sumSq += v * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const m = n > 0 ? sum / n : NaN;
    steps.push(step);
    xs.push(xSum / xCount);
    mean.push(m);
    min.push(n > 0 ? lo : NaN);
    max.push(n > 0 ? hi : NaN);
    std.push(n > 0 ? Math.sqrt(Math.max(0, sumSq / n - m * m)) : NaN);
    count.push(n);
  }
  return {
    steps: Float64Array.from(steps),
    xs: Float64Array.from(xs),
    mean: Float64Array.from(mean),
    min: Float64Array.from(min),
    max: Float64Array.from(max),
    std: Float64Array.from(std),
    count: Uint32Array.from(count),
  };
}
