// Output arrays for million-row curves. They are plain number[] because they
// cross JSON; how they are allocated decides much of the curves' cost, since
// touching fresh memory is what a million-entry array mostly costs.

/**
 * A number[] with `length` slots, stored as doubles from the start: one
 * allocation, written in place. `push` regrows and copies the store about 30
 * times on the way to a million, and `new Array(n)` starts as small integers
 * and converts the whole store at the first fraction: for a million doubles
 * in node 20 they took 4× and 2× as long, and with this the curves benchmark
 * (bench/evaluationCurves.ts) went from 7.3× to 2.9× a plain sort.
 * Slots are holes until written: fill every one, or shrink `length` to what
 * was written (V8 trims the store in place).
 * Example: const values = numberArray(3); values[0] = 0.5; … values.length = written;
 */
export function numberArray(length: number): number[] {
  const values = [0.5];
  values.length = length;
  return values;
}
