// Stage transitions and aliases, with MLflow's semantics: any stage to any
// other; `archiveExisting` moves the versions already in the target stage to
// Archived (Staging and Production only, as MLflow allows); one version per
// alias per model, and setting an alias moves it.
//
// Entering Staging or Production, or taking an alias, passes the model's gates
// first (gates.ts). A failed gate blocks the move (a `gate-failed` event, nothing
// moved) unless the user overrides it with a reason (an `override` event).
// The gates are evaluated before the write transaction (they may re-score);
// inside it the state is read again and the move applied with its events, so
// two processes moving at once leave no version in two stages and no alias on
// two versions, and every move has its one event.
import type { GateResult, GateTarget, ModelVersionRecord, RegistryModelDetail, RegistryNotice, Stage, TransitionOutcome } from '../../../shared/registry/types';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { writeTransaction } from '../store/writeTransaction';
import { aliasEventValue } from './asOf';
import { appendEvent } from './audit';
import { evaluateGates } from './gates';
import { runHooksFor } from './hooks';
import { checkedModel } from './reads';
import { aliasHolder, deleteAlias, hooksOf, putAlias, requireModel, requireVersion, setStage, stageOf, versionRecord, versionsInStage, type ModelRow } from './queries';

export interface RegistryContext {
  db: Db;
  dataDir: string;
  /** Tells every view of the model to refetch (registry/changed). */
  changed(model: string): void;
  /** A hook with `notify` ran (registry/notify). */
  notify?(notice: RegistryNotice): void;
}

export interface TransitionArgs {
  name: string;
  version: number;
  stage: Stage;
  archiveExisting?: boolean;
  comment?: string;
  override?: string;
}

export interface AliasArgs {
  name: string;
  alias: string;
  version: number;
  comment?: string;
  override?: string;
}

const gatedStage = (stage: Stage): stage is 'Staging' | 'Production' => stage === 'Staging' || stage === 'Production';
const targetLabel = (target: GateTarget) => (target.kind === 'stage' ? target.stage : target.alias);
const failedGates = (gates: GateResult[]) => gates.some((gate) => !gate.passed);

interface Candidate {
  row: ModelRow;
  version: ModelVersionRecord;
}

/** The model and version, file checked, and the gates of the target `gated` names (none when it names none: no move to check). */
async function candidateFor(
  ctx: RegistryContext,
  name: string,
  version: number,
  gated: (candidate: ModelVersionRecord, detail: RegistryModelDetail) => GateTarget | null,
): Promise<Candidate & { gates: GateResult[] }> {
  const { row, detail } = await checkedModel(ctx.db, name);
  const candidate = detail.versions.find((v) => v.version === version) ?? requireVersion(ctx.db, row, version);
  const target = gated(candidate, detail);
  const gates = target ? await evaluateGates({ db: ctx.db, dataDir: ctx.dataDir, model: detail, candidate, target }) : [];
  return { row, version: candidate, gates };
}

/** A failed gate without an override: records it, and answers "not done" with nothing moved. */
function blocked(ctx: RegistryContext, { row, version }: Candidate, target: GateTarget, gates: GateResult[], comment: string | undefined): TransitionOutcome {
  writeTransaction(ctx.db, () => appendEvent(ctx.db, row.id, { version: version.version, kind: 'gate-failed', to: targetLabel(target), comment: comment ?? null, gates }));
  ctx.changed(row.name);
  return { done: false, gates, archived: [], hook: null, version };
}

/** The gates were skipped for a move that was none when they were read; another process changed that since. */
const movedMeanwhile = (what: string) => new RequestFailed('bad-request', `${what} while its gates were being checked (another Runlens moved it): try again`);

/** The version as it is now, with the file state checked a moment ago. */
function fresh(db: Db, { row, version }: Candidate): ModelVersionRecord {
  return { ...versionRecord(db, row.id, version.version)!, fileState: version.fileState };
}

/** Moves a version to a stage (archiving the others there when asked), checking the gates on entering Staging or Production. */
export async function transitionVersion(ctx: RegistryContext, args: TransitionArgs): Promise<TransitionOutcome> {
  if (args.archiveExisting && !gatedStage(args.stage)) {
    throw new RequestFailed('bad-request', `archiveExisting applies to Staging and Production only (as in MLflow), not to ${args.stage}`);
  }
  const { db } = ctx;
  const target: GateTarget | null = gatedStage(args.stage) ? { kind: 'stage', stage: args.stage } : null;
  // Gates guard entering a stage: a version already there is not checked again.
  const found = await candidateFor(ctx, args.name, args.version, (candidate) => (candidate.stage === args.stage ? null : target));
  const { row, gates } = found;
  if (target && failedGates(gates) && !args.override) return blocked(ctx, found, target, gates, args.comment);
  const archived: number[] = [];
  const moved = writeTransaction(db, () => {
    const at = Date.now();
    const current = stageOf(db, row.id, args.version)!;
    const moving = current !== args.stage;
    if (moving && target && found.version.stage === args.stage) throw movedMeanwhile(`Version ${args.version} left ${args.stage}`);
    if (moving) {
      if (failedGates(gates)) appendEvent(db, row.id, { version: args.version, kind: 'override', at, to: args.stage, comment: args.override, gates });
      setStage(db, row.id, args.version, args.stage, at);
      appendEvent(db, row.id, { version: args.version, kind: 'stage', at, from: current, to: args.stage, comment: args.comment ?? null, gates: gates.length ? gates : null });
    }
    if (args.archiveExisting) {
      for (const other of versionsInStage(db, row.id, args.stage).filter((v) => v !== args.version)) {
        setStage(db, row.id, other, 'Archived', at);
        appendEvent(db, row.id, { version: other, kind: 'stage', at, from: args.stage, to: 'Archived', comment: `archived as version ${args.version} entered ${args.stage}` });
        archived.push(other);
      }
    }
    return moving;
  });
  if (moved || archived.length) ctx.changed(row.name);
  const version = fresh(db, found);
  const hook = moved && target ? await runHooksFor(db, row.id, hooksOf(row), { model: row.name, version, target }, ctx.notify) : null;
  if (hook) ctx.changed(row.name);
  return { done: true, gates, archived, hook, version };
}

/** Points an alias at a version, taking it from the version that held it, checking the gates for that alias. */
export async function setAlias(ctx: RegistryContext, args: AliasArgs): Promise<TransitionOutcome> {
  const { db } = ctx;
  const target: GateTarget = { kind: 'alias', alias: args.alias };
  const found = await candidateFor(ctx, args.name, args.version, (candidate, detail) => (detail.aliases[args.alias] === candidate.version ? null : target));
  const { row, gates } = found;
  if (failedGates(gates) && !args.override) return blocked(ctx, found, target, gates, args.comment);
  const moved = writeTransaction(db, () => {
    const at = Date.now();
    const previous = aliasHolder(db, row.id, args.alias);
    if (previous === args.version) return false;
    if (found.version.aliases.includes(args.alias)) throw movedMeanwhile(`The alias "${args.alias}" left version ${args.version}`);
    if (failedGates(gates)) appendEvent(db, row.id, { version: args.version, kind: 'override', at, to: args.alias, comment: args.override, gates });
    putAlias(db, row.id, args.alias, args.version, at);
    appendEvent(db, row.id, {
      version: args.version,
      kind: 'alias-set',
      at,
      from: previous === null ? null : aliasEventValue(args.alias, previous),
      to: aliasEventValue(args.alias, args.version),
      comment: args.comment ?? null,
      gates: gates.length ? gates : null,
    });
    return true;
  });
  if (moved) ctx.changed(row.name);
  const version = fresh(db, found);
  const hook = moved ? await runHooksFor(db, row.id, hooksOf(row), { model: row.name, version, target }, ctx.notify) : null;
  if (hook) ctx.changed(row.name);
  return { done: true, gates, archived: [], hook, version };
}

/** Takes an alias off the version holding it; false when no version held it. */
export function removeAlias(ctx: RegistryContext, args: { name: string; alias: string; comment?: string }): { removed: boolean } {
  const { db } = ctx;
  const row = requireModel(db, args.name);
  const removed = writeTransaction(db, () => {
    const previous = aliasHolder(db, row.id, args.alias);
    if (previous === null) return false;
    const at = Date.now();
    deleteAlias(db, row.id, args.alias, at);
    appendEvent(db, row.id, { version: previous, kind: 'alias-removed', at, from: aliasEventValue(args.alias, previous), comment: args.comment ?? null });
    return true;
  });
  if (removed) ctx.changed(row.name);
  return { removed };
}
