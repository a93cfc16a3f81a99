// Benchmark: the native reader's line parser (parseJsonLine in
// electron/backend/sources/native.ts) on its worst case, a 1 MB malformed
// metrics.jsonl line of blanks and a bare NaN, and on 1 MB valid lines,
// against a baseline measured in the same process: plain JSON.parse of a
// valid line of the same size. Ratios only (time / baseline time): >1 is
// slower than the baseline.
//
//   node scripts/build-node.mjs && node dist/bench/lineParse.cjs
//
// Contenders (all 1 MiB lines):
//   malformed:  {"step": 1, "values": {"a":<1 MiB of blanks>NaN      (no closing braces: throws)
//   bare NaN:   {"step": 1, "values": {"k0": NaN, "k1": 0.5, ...}}  (valid only with Python's bare NaN: the quoting pass)
//   plain:      {"step": 1, "values": {"k0": 0.25, "k1": 0.5, ...}} (valid JSON: JSON.parse alone)
// Baseline: JSON.parse of the plain line. Each is run 25 times after 3
// warm-ups, alternating, and the medians compared. For scale, the regex the
// parser replaced is timed on the malformed line at 16 and 32 KB (it is
// quadratic: 27 s at 300 KB, over 60 s at 1 MB).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseJsonLine } from '../electron/backend/sources/native';
import { oldParse } from './lib/oldLineParse';

const size = 1024 * 1024;
const reps = 25;
const warmups = 3;

function fail(message: string): never {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

/** A valid metrics line of about `bytes` characters; `bareNaN` puts Python's bare NaN in every fourth value. */
function validLine(bytes: number, bareNaN: boolean): string {
  const parts: string[] = [];
  let length = 30;
  for (let i = 0; length < bytes; i++) {
    const value = bareNaN && i % 4 === 0 ? 'NaN' : String((i % 97) / 97);
    const part = `"k${i}": ${value}`;
    parts.push(part);
    length += part.length + 2;
  }
  return `{"step": 1, "values": {${parts.join(', ')}}}`;
}

function malformedLine(bytes: number): string {
  const head = '{"step": 1, "values": {"a":';
  return `${head}${' '.repeat(bytes - head.length - 3)}NaN`;
}



/** Milliseconds of one call; a throw is what the malformed line is for. */
function time(parse: (line: string) => unknown, line: string): number {
  const start = performance.now();
  try {
    parse(line);
  } catch {
    // expected for the malformed line
  }
  return performance.now() - start;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
  console.log(`Runlens line-parse benchmark: 1 MiB lines, ${reps} reps after ${warmups} warm-ups, alternating`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.arch()}`);
  const malformed = malformedLine(size);
  const bare = validLine(size, true);
  const plain = validLine(size, false);

  // What each must give, checked before anything is timed.
  let threw = false;
  try {
    parseJsonLine(malformed);
  } catch {
    threw = true;
  }
  if (!threw) fail('the malformed line parsed');
  const bareValues = (parseJsonLine(bare) as { values: Record<string, unknown> }).values;
  if (bareValues.k0 !== 'NaN' || typeof bareValues.k1 !== 'number') fail('the bare-NaN line did not parse as expected');
  if (JSON.stringify(parseJsonLine(plain)) !== JSON.stringify(JSON.parse(plain))) fail('the plain line parsed differently from JSON.parse');

  const contenders: { name: string; bytes: number; run: () => number }[] = [
    { name: 'baseline JSON.parse (plain)', bytes: plain.length, run: () => time(JSON.parse, plain) },
    { name: 'parseJsonLine malformed', bytes: malformed.length, run: () => time(parseJsonLine, malformed) },
    { name: 'parseJsonLine bare NaN', bytes: bare.length, run: () => time(parseJsonLine, bare) },
    { name: 'parseJsonLine plain', bytes: plain.length, run: () => time(parseJsonLine, plain) },
  ];
  const samples = contenders.map(() => [] as number[]);
  for (let rep = -warmups; rep < reps; rep++) {
    contenders.forEach((c, i) => {
      const ms = c.run();
      if (rep >= 0) samples[i].push(ms);
    });
  }
  const medians = samples.map(median);
  const baseline = medians[0];
  console.log('');
  const header = 'contender                        line bytes   median ms   ratio to baseline';
  console.log(header);
  console.log('-'.repeat(header.length));
  contenders.forEach((c, i) => {
    console.log(`${c.name.padEnd(31)} ${String(c.bytes).padStart(11)} ${medians[i].toFixed(2).padStart(11)}   ${(medians[i] / baseline).toFixed(2).padStart(17)}`);
  });

  // For scale: the regex it replaced, on the malformed line at 16 and 32 KB (3 reps each, best).
  console.log('');
  console.log('the replaced regex on the malformed line (quadratic), against parseJsonLine at the same size:');
  const scale: Record<string, number> = {};
  for (const kb of [16, 32]) {
    const line = malformedLine(kb * 1024);
    const old = Math.min(...[0, 1, 2].map(() => time(oldParse, line)));
    const now = Math.min(...[0, 1, 2].map(() => time(parseJsonLine, line)));
    scale[`old_${kb}kb_ms`] = Number(old.toFixed(2));
    scale[`new_${kb}kb_ms`] = Number(now.toFixed(3));
    console.log(`  ${String(kb).padStart(3)} KB: regex ${old.toFixed(1).padStart(8)} ms   parseJsonLine ${now.toFixed(3).padStart(7)} ms   regex / parseJsonLine = ${(old / now).toFixed(0)}`);
  }
  console.log('');
  const ratio = (i: number) => Number((medians[i] / baseline).toFixed(3));
  console.log(`ratio malformed 1 MiB / baseline = ${ratio(1).toFixed(2)}   (linear: a small constant; the regex took > 60 s)`);
  console.log(`ratio bare NaN 1 MiB / baseline  = ${ratio(2).toFixed(2)}`);
  console.log(`ratio plain 1 MiB / baseline     = ${ratio(3).toFixed(2)}   (the common case: JSON.parse alone, ~1)`);
  console.log(JSON.stringify({
    benchmark: 'line-parse',
    bytes: size,
    baseline_ms: Number(baseline.toFixed(3)),
    ratio_malformed: ratio(1),
    ratio_bare_nan: ratio(2),
    ratio_plain: ratio(3),
    ...scale,
  }));
  // A quadratic parser would be hundreds of times the baseline at this size.
  if (ratio(1) > 50) process.exitCode = 1;
}

main();
