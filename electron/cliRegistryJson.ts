// The registry's --json output: the API's records with the snake_case field
// names the CLI speaks (DESIGN.md). User keys (tags, params, metrics, aliases)
// are kept as they are; only the registry's own field names are converted.
import type { AsOf, AuditEvent, GateResult, GateRule, HookRun, ModelVersionRecord, RegistryModel, TransitionHook, TransitionOutcome } from '../shared/registry/types';

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The object's own field names in snake_case, one level deep. */
function snakeFields(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [snake(key), item]));
}

export function versionJson(v: ModelVersionRecord): Record<string, unknown> {
  return {
    model: v.model,
    version: v.version,
    stage: v.stage,
    aliases: v.aliases,
    file_state: v.fileState,
    run_id: v.runId,
    run_name: v.runName,
    experiment: v.experiment,
    artifact_path: v.artifactPath,
    file_path: v.filePath,
    sha256: v.sha256,
    size: v.size,
    copy_path: v.copyPath,
    schema: v.schema,
    datasets: v.datasets,
    git_commit: v.gitCommit,
    params: v.params,
    metrics: v.metrics,
    description: v.description,
    tags: v.tags,
    created_by: v.createdBy,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
    origin: v.origin,
  };
}

function gateRuleJson(rule: GateRule): Record<string, unknown> {
  const out = snakeFields(rule);
  if ('evaluationSet' in rule && rule.evaluationSet) out.evaluation_set = snakeFields(rule.evaluationSet);
  return out;
}

const hookJson = (hook: TransitionHook) => snakeFields(hook);
export const gateResultJson = (result: GateResult) => snakeFields(result);
const hookRunJson = (run: HookRun | null) => (run ? snakeFields(run) : null);

export function modelJson(model: RegistryModel, versions?: ModelVersionRecord[]): Record<string, unknown> {
  return {
    name: model.name,
    description: model.description,
    tags: model.tags,
    created_by: model.createdBy,
    created_at: model.createdAt,
    updated_at: model.updatedAt,
    latest_version: model.latestVersion,
    stages: model.stageHolders,
    aliases: model.aliases,
    gates: model.gates.map(gateRuleJson),
    hooks: model.hooks.map(hookJson),
    ...(versions ? { versions: versions.map(versionJson) } : {}),
  };
}

export function eventJson(event: AuditEvent): Record<string, unknown> {
  return {
    id: event.id,
    model: event.model,
    version: event.version,
    kind: event.kind,
    at: event.at,
    at_iso: new Date(event.at).toISOString(),
    actor: event.actor,
    from: event.from,
    to: event.to,
    comment: event.comment,
    gates: event.gates?.map(gateResultJson) ?? null,
    hook: hookRunJson(event.hook),
  };
}

export function outcomeJson(outcome: TransitionOutcome): Record<string, unknown> {
  return {
    done: outcome.done,
    gates: outcome.gates.map(gateResultJson),
    archived: outcome.archived,
    hook: hookRunJson(outcome.hook),
    version: versionJson(outcome.version),
  };
}

export function asOfJson(asOf: AsOf): Record<string, unknown> {
  return {
    model: asOf.model,
    at: asOf.at,
    at_iso: new Date(asOf.at).toISOString(),
    stages: asOf.stages,
    aliases: asOf.aliases,
    last_event: asOf.lastEvent ? eventJson(asOf.lastEvent) : null,
  };
}
