// The fuzz suite: real files of every format, damaged in every way the audit
// named (truncated at random offsets, bytes flipped and inserted, random
// bytes, empty, huge lines, invalid UTF-8, documents of the wrong shape, a
// corrupted and a locked SQLite store, FIFOs, device symlinks, symlink loops,
// files deleted mid-read), each read into a data folder that holds the
// undamaged read and into a fresh one, in a child process with a watchdog.
// Seeded (RUNLENS_FUZZ_SEED replays a run) and bounded: about 300 variants.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/lib/random';
import { checkVariant, type Problem, type ProblemKind, type Variant } from '../fuzz/checks';
import { damageFile, kindsFor, type Random } from '../fuzz/damage';
import { fuzzFormats, type FuzzFormat } from '../fuzz/formats';
import { bundleDriver, ReaderProcess, type ReadOutcome } from '../fuzz/readerProcess';
import type { ReadAnswer } from '../fuzz/driver';
import { repoRoot, tempDir } from '../helpers';

const seed = Number(process.env.RUNLENS_FUZZ_SEED ?? 20261201);
/** A read of these small folders takes well under a second; one that takes this long is hung. */
const hangAfterMs = 60_000;

let reader: ReaderProcess;
const table = new Map<string, Record<ProblemKind | 'variants', number>>();

beforeAll(async () => {
  fs.rmSync(path.join(repoRoot, 'test-results', 'fuzz-failures.txt'), { force: true });
  reader = new ReaderProcess(await bundleDriver(repoRoot), hangAfterMs);
}, 120_000);

afterAll(() => {
  reader?.stop();
  const rows = [...table].map(([format, c]) => `| ${format} | ${c.variants} | ${c.crash} | ${c.hang} | ${c.loss} | ${c.silent} |`);
  const text = [`Fuzz table (seed ${seed})`, '| format | variants | crashes | hangs | losses beyond the damage | silent damage |', '|---|---|---|---|---|---|', ...rows].join('\n');
  fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, 'test-results', 'fuzz-table.md'), `${text}\n`);
  console.log(text);
});

function filesOf(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => fs.lstatSync(path.join(folder, file)).isFile())
    .sort();
}

/** One variant per role of file and kind of damage, on a file of that role picked at random. */
function variantsOf(format: FuzzFormat, random: Random): Omit<Variant, 'description'>[] {
  const byRole = new Map<string, string[]>();
  const fixture = path.join(repoRoot, 'test', 'fixtures', format.fixture);
  for (const file of filesOf(fixture)) {
    const role = format.roleOf(file);
    if (!role) continue;
    byRole.set(role.role, [...(byRole.get(role.role) ?? []), file]);
  }
  const variants: Omit<Variant, 'description'>[] = [];
  for (const files of byRole.values()) {
    const role = format.roleOf(files[0])!;
    for (const kind of kindsFor(files[0], role.contents)) {
      const file = files[Math.floor(random() * files.length)];
      variants.push({ format: format.name, file, role: format.roleOf(file)!, kind });
    }
  }
  return variants;
}

function answerOf(outcome: ReadOutcome, label: string, problems: Problem[]): ReadAnswer | null {
  if (outcome.kind === 'answer') return outcome.answer;
  problems.push(outcome.kind === 'hang' ? { kind: 'hang', what: `${label} read did not end within ${hangAfterMs / 1000} s` } : { kind: 'crash', what: `${label} read: the reader died: ${outcome.output}` });
  return null;
}

async function runVariant(format: FuzzFormat, base: Omit<Variant, 'description'>, random: Random): Promise<{ variant: Variant; problems: Problem[] }> {
  const root = tempDir('runlens-fuzz-');
  const project = path.join(root, 'project');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', format.fixture), project, { recursive: true });
  const target = path.join(project, base.file);
  const problems: Problem[] = [];
  let lock: Database.Database | null = null;
  let description = '';
  try {
    const intact = answerOf(await reader.read(path.join(root, 'data-again'), project), 'intact', problems);
    if (!intact) return { variant: { ...base, description }, problems };
    description = damageFile(target, base.kind, random, { anyMappingIsValid: base.role.anyMappingIsValid });
    if (base.kind === 'sqlite-locked') {
      lock = new Database(target);
      lock.exec("UPDATE runs SET name = 'changed while locked' WHERE run_uuid = (SELECT MIN(run_uuid) FROM runs)");
      lock.exec('BEGIN EXCLUSIVE');
    }
    const reading = reader.read(path.join(root, 'data-again'), project);
    if (base.kind === 'delete-during-read') {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)));
      fs.rmSync(target, { force: true });
      description = 'deleted while read';
    }
    const again = answerOf(await reading, 'again', problems);
    const fresh = answerOf(await reader.read(path.join(root, 'data-fresh'), project), 'fresh', problems);
    if (again && fresh) problems.push(...checkVariant({ ...base, description }, intact, again, fresh));
  } finally {
    lock?.exec('COMMIT');
    lock?.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return { variant: { ...base, description }, problems };
}

describe.each(fuzzFormats)('fuzzed $name files', (format) => {
  it('read without a crash, a hang, a loss beyond the damage, or damage left unsaid', async () => {
    const random = seededRandom(seed ^ [...format.name].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
    const counts = { variants: 0, crash: 0, hang: 0, loss: 0, silent: 0 };
    table.set(format.name, counts);
    const failures: string[] = [];
    for (const base of variantsOf(format, random)) {
      const { variant, problems } = await runVariant(format, base, random);
      counts.variants += 1;
      for (const kind of new Set(problems.map((p) => p.kind))) counts[kind] += 1;
      for (const problem of problems) failures.push(`${problem.kind}: ${variant.file} (${variant.kind}: ${variant.description}): ${problem.what}`);
    }
    if (failures.length) fs.appendFileSync(path.join(repoRoot, 'test-results', 'fuzz-failures.txt'), `${failures.join('\n')}\n`);
    expect(counts.variants).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  }, 900_000);
});
