// The line parser of the native reader before the linear one (sources/native/jsonLine.ts):
// quadratic on a long run of blanks before a bare NaN. Kept to compare with, in
// bench/lineParse.ts and in the tests that prove the new one accepts the same lines.

/** The old parseJsonLine (small inputs only: it takes seconds on a few hundred KB). */
export function oldParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    if (!/NaN|Infinity/.test(line)) throw error;
    return JSON.parse(line.replace(/(?<=[:,\[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '"$1"'));
  }
}
