// What the fuzz suite asserts of one damaged file, read into a data folder
// that held the undamaged read (`again`) and into a fresh one (`fresh`),
// against the undamaged read (`intact`): no crash, no hang, nothing stored
// lost beyond what the damage removed, and the damage reported as a warning.
import type { ReadAnswer, RunSnapshot } from './driver';
import type { DamageKind } from './damage';
import type { FileRole } from './formats';

export type ProblemKind = 'crash' | 'hang' | 'loss' | 'silent';

export interface Problem {
  kind: ProblemKind;
  what: string;
}

export interface Variant {
  format: string;
  file: string;
  role: FileRole;
  kind: DamageKind;
  description: string;
}

function byPath(answer: ReadAnswer): Map<string, RunSnapshot> {
  return new Map(answer.runs.map((run) => [run.path, run]));
}

/** Whether the damaged file belongs to the run (or, outside every run folder, may concern any run). */
function concernsRun(file: string, run: RunSnapshot, runs: Iterable<RunSnapshot>): boolean {
  const storeOf = run.path.split('#')[0];
  if (run.path.includes('#')) return file === storeOf;
  if (file.startsWith(`${run.path}/`)) return true;
  for (const other of runs) if (!other.path.includes('#') && file.startsWith(`${other.path}/`)) return false;
  return true;
}

function total(answer: ReadAnswer): { runs: number; points: number; params: number } {
  let points = 0;
  let params = 0;
  for (const run of answer.runs) {
    for (const count of Object.values(run.metrics)) points += count;
    params += Object.keys(run.params).length;
  }
  return { runs: answer.runs.length, points, params };
}

function allWarnings(answer: ReadAnswer): Set<string> {
  return new Set([...answer.warnings, ...answer.runs.flatMap((run) => run.warnings.map((w) => `${run.path}: ${w}`))]);
}

/** Less than the intact read (fewer runs, points or params), with no new warning to say why. */
function silentLoss(intact: ReadAnswer, damaged: ReadAnswer): string | null {
  const a = total(intact);
  const b = total(damaged);
  if (b.runs >= a.runs && b.points >= a.points && b.params >= a.params && damaged.models.length >= intact.models.length) return null;
  const before = allWarnings(intact);
  if ([...allWarnings(damaged)].some((warning) => !before.has(warning))) return null;
  return `${a.runs} runs, ${a.points} points, ${a.params} params, ${intact.models.length} models became ${b.runs}, ${b.points}, ${b.params}, ${damaged.models.length} with no warning`;
}

function includes(wider: Record<string, string>, narrower: Record<string, string>): string[] {
  return Object.entries(narrower)
    .filter(([name, value]) => wider[name] !== value)
    .map(([name]) => name);
}

export function checkVariant(variant: Variant, intact: ReadAnswer, again: ReadAnswer, fresh: ReadAnswer): Problem[] {
  const problems: Problem[] = [];
  for (const [label, answer] of [['intact', intact], ['again', again], ['fresh', fresh]] as const) {
    if (answer.error) problems.push({ kind: 'crash', what: `${label} read: ${answer.error.slice(0, 400)}` });
  }
  if (problems.length) return problems;
  const { file, role, kind } = variant;
  const storeGone = kind === 'delete-during-read' && role.store;
  const againRuns = byPath(again);
  const freshRuns = byPath(fresh);
  for (const run of intact.runs) {
    const kept = againRuns.get(run.path);
    if (!kept) {
      if (!storeGone) problems.push({ kind: 'loss', what: `run ${run.path} was removed` });
      continue;
    }
    const damaged = concernsRun(file, run, intact.runs);
    const fromFresh = freshRuns.get(run.path);
    for (const [key, count] of Object.entries(run.metrics)) {
      const now = kept.metrics[key] ?? 0;
      if (!damaged || !role.metrics) {
        if (now !== count) problems.push({ kind: 'loss', what: `${run.path} ${key}: ${count} points became ${now}, though ${file} holds none of them` });
      } else if (now < (fromFresh?.metrics[key] ?? 0)) {
        problems.push({ kind: 'loss', what: `${run.path} ${key}: ${now} points, fewer than the ${fromFresh?.metrics[key]} the damaged file still holds` });
      }
    }
    const lostParams = !damaged || !role.params ? includes(kept.params, run.params) : includes(kept.params, fromFresh?.params ?? {});
    if (lostParams.length) problems.push({ kind: 'loss', what: `${run.path} lost params ${lostParams.slice(0, 5).join(', ')}` });
  }
  const modelsNow = new Set(again.models);
  // A version's meta.yaml deleted (its folder left) is the registry saying the version is gone.
  const lostModels = storeGone || (kind === 'delete-during-read' && role.registry) ? [] : intact.models.filter((model) => !modelsNow.has(model));
  if (lostModels.length) problems.push({ kind: 'loss', what: `models lost: ${lostModels.slice(0, 5).join(', ')}` });
  // A file deleted is no damage to report: the source changed.
  if (kind === 'delete-during-read') return problems;
  for (const [label, answer] of [['again', again], ['fresh', fresh]] as const) {
    // A file cut short or emptied looks, to a read that never saw it whole, like a file that is just
    // shorter; the read that saw it whole (again) must say so.
    if (label === 'fresh' && (kind === 'truncate' || kind === 'empty')) continue;
    // A YAML mapping cut at a line is a shorter, valid mapping: an edit, as far as any read can tell.
    if (kind === 'truncate' && role.anyMappingIsValid) continue;
    const silent = silentLoss(intact, answer);
    if (silent) problems.push({ kind: 'silent', what: `${label} read: ${silent}` });
  }
  return problems;
}
