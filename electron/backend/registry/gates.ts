// The promotion gates: the rules a version must pass before it enters a stage
// or takes an alias. Each rule that applies to the move gives one result with
// its numbers; nothing here blocks, writes or throws for a failed rule (the
// transition decides, and writes the results into the audit event). A rule
// that cannot be evaluated (a syntax error, a file that is gone) fails with the
// reason, so a broken gate never lets a version through silently.
import path from 'node:path';
import { describeFilterError, numberFromText, parseRunFilter, type ComparisonOperator, type FilterValue, type RunFilter } from '../../../shared/runFilter';
import { columnKey, type RunColumn } from '../../../shared/runQuery';
import { formatNumber, metricThresholdProblems, validateMetricThreshold } from '../../../shared/registry/metricThreshold';
import { rescoreMetrics, type EvaluationSet, type GateResult, type GateRule, type GateTarget, type ModelVersionRecord, type RegistryModelDetail, type RescoreMetric } from '../../../shared/registry/types';
import type { Db } from '../store/database';
import { RescoreError, rescoreVersion, type Rescored } from './rescore';
import { sameGateTarget } from '../../../shared/registry/targets';

export interface GateContext {
  db: Db;
  /** Runlens's data folder (re-score jobs and copies live under it). */
  dataDir: string;
  model: RegistryModelDetail;
  candidate: ModelVersionRecord;
  target: GateTarget;
  signal?: AbortSignal;
}

type RuleOf<K extends GateRule['kind']> = Extract<GateRule, { kind: K }>;

/**
 * Every gate rule of the model whose targets include `target`, checked for the
 * candidate, in the model's order. The signal aborts between rules and between
 * re-score batches (the promise rejects with its reason).
 */
export async function evaluateGates(context: GateContext): Promise<GateResult[]> {
  const rules = context.model.gates.filter((rule) => rule.targets.some((target) => sameGateTarget(target, context.target)));
  const results: GateResult[] = [];
  for (const rule of rules) {
    context.signal?.throwIfAborted();
    results.push(await evaluateRule(context, rule));
  }
  return results;
}

function evaluateRule(context: GateContext, rule: GateRule): Promise<GateResult> | GateResult {
  switch (rule.kind) {
    case 'description':
      return descriptionGate(context.candidate, rule);
    case 'tags':
      return tagsGate(context.candidate, rule);
    case 'expression':
      return expressionGate(context.candidate, rule);
    case 'beatsChampion':
      return beatsChampionGate(context, rule);
    case 'evaluatedOn':
      return evaluatedOnGate(context.candidate, rule);
  }
}

const named = (version: ModelVersionRecord) => `version ${version.version}`;

function result(rule: GateRule, passed: boolean, detail: string, extra: Partial<GateResult> = {}): GateResult {
  return { ruleId: rule.id, kind: rule.kind, passed, detail, ...extra };
}

function descriptionGate(version: ModelVersionRecord, rule: RuleOf<'description'>): GateResult {
  if (version.description === null) return result(rule, false, `${named(version)} has no description`);
  if (version.description.trim() === '') return result(rule, false, `${named(version)} has a blank description`);
  return result(rule, true, `${named(version)} has a description`);
}

/**
 * Each entry is `key` (the tag must be set, to any value, empty included) or
 * `key=value` (set to exactly that value); the first `=` splits, and spaces
 * around the key and the value are not part of them.
 */
function tagsGate(version: ModelVersionRecord, rule: RuleOf<'tags'>): GateResult {
  const missing: string[] = [];
  const wrong: string[] = [];
  const held: string[] = [];
  for (const entry of rule.tags) {
    const split = entry.indexOf('=');
    const key = (split < 0 ? entry : entry.slice(0, split)).trim();
    const wanted = split < 0 ? null : entry.slice(split + 1).trim();
    if (key === '') return result(rule, false, `The rule names a tag without a key ("${entry}")`);
    const value = Object.hasOwn(version.tags, key) ? version.tags[key] : undefined;
    if (value === undefined) missing.push(wanted === null ? key : `${key}=${wanted}`);
    else if (wanted !== null && value !== wanted) wrong.push(`${key} is "${value}", not "${wanted}"`);
    else held.push(wanted === null ? key : `${key}=${wanted}`);
  }
  if (missing.length === 0 && wrong.length === 0) return result(rule, true, held.length ? `${named(version)} has the tags ${held.join(', ')}` : 'The rule requires no tag');
  const reasons = [...(missing.length ? [`lacks the tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] : []), ...wrong];
  return result(rule, false, `${named(version)} ${reasons.join('; ')}`);
}

function evaluatedOnGate(version: ModelVersionRecord, rule: RuleOf<'evaluatedOn'>): GateResult {
  const dataset = version.datasets.find((d) => d.name === rule.dataset || d.digest === rule.dataset || d.source === rule.dataset);
  if (dataset) {
    const facts = [dataset.digest ? `digest ${dataset.digest}` : null, dataset.rows !== null ? `${dataset.rows} rows` : null, dataset.context].filter(Boolean);
    return result(rule, true, `The source run recorded the dataset "${dataset.name}"${facts.length ? ` (${facts.join(', ')})` : ''}`);
  }
  const recorded = version.datasets.map((d) => `"${d.name}"`);
  return result(rule, false, `The source run recorded no dataset "${rule.dataset}" by name, digest or source (${recorded.length ? `it recorded ${recorded.join(', ')}` : 'it recorded none'})`);
}

// ---- expression: the runs filter syntax on the version's snapshot ----

/** Why a filter cannot be asked of a version: only its metrics, params and tags were kept. */
function unsupportedTerm(filter: RunFilter): string | null {
  switch (filter.kind) {
    case 'all':
      return null;
    case 'and':
    case 'or':
      return filter.terms.map(unsupportedTerm).find((reason) => reason !== null) ?? null;
    case 'nameSearch':
      return `"${filter.text}" searches run names, which a gate cannot: compare metrics., params. or tags. of the version`;
    case 'comparison': {
      const { column } = filter;
      if (column.kind === 'attribute') return `${columnKey(column)} is a run attribute, not part of a version's snapshot: compare metrics., params. or tags.`;
      if (column.kind === 'metric' && column.summary && column.summary !== 'last') return `${columnKey(column)}: a version keeps each metric's last value only`;
      return null;
    }
  }
}

type SnapshotValue = string | number | undefined;

function snapshotValue(version: ModelVersionRecord, column: RunColumn): SnapshotValue {
  const table = column.kind === 'metric' ? version.metrics : column.kind === 'param' ? version.params : column.kind === 'tag' ? version.tags : {};
  return Object.hasOwn(table, column.name) ? table[column.name] : undefined;
}

/** Text compared byte by byte in UTF-8, as SQLite's BINARY collation (the runs filter's SQL) compares it. */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function ordered(difference: number, operator: ComparisonOperator): boolean {
  switch (operator) {
    case '=':
      return difference === 0;
    case '!=':
      return difference !== 0;
    case '<':
      return difference < 0;
    case '<=':
      return difference <= 0;
    case '>':
      return difference > 0;
    default:
      return difference >= 0;
  }
}

/** A LIKE pattern as a regular expression: % any text, _ one character, \% \_ \\ literal; case counts. */
function likePattern(like: string, ignoreCase: boolean): RegExp {
  let source = '';
  for (let index = 0; index < like.length; index++) {
    const char = like[index];
    if (char === '\\' && '%_\\'.includes(like[index + 1] ?? '')) source += `\\${like[++index]}`;
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su');
}

/** -1, 0 or 1 as `a` is below, equal to or above `b` (∞ equals ∞). */
function numberOrder(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * One value against one literal, as electron/backend/runs/filterSql.ts's SQL
 * decides it for a run: a param's or tag's text that is a number compares as
 * a number with a number ("1e-3" = 0.001), other text as text.
 */
function atomicMatch(value: string | number, operator: ComparisonOperator, literal: string | number): boolean {
  if (operator === 'LIKE' || operator === 'ILIKE') return likePattern(String(literal), operator === 'ILIKE').test(String(value));
  if (typeof value === 'number') return typeof literal === 'number' && ordered(numberOrder(value, literal), operator);
  const number = typeof literal === 'number' ? numberFromText(value) : null;
  if (number !== null) return ordered(numberOrder(number, literal as number), operator);
  return ordered(compareText(value, String(literal)), operator);
}

/** A missing value never matches, for != and NOT IN too; a NaN metric is missing (SQLite stores it as NULL). */
function comparisonMatch(value: SnapshotValue, operator: ComparisonOperator, literal: FilterValue): boolean {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return false;
  const list = Array.isArray(literal) ? literal : [literal];
  if (operator === 'IN') return list.some((item) => atomicMatch(value, '=', item));
  if (operator === 'NOT IN') return !list.some((item) => atomicMatch(value, '=', item));
  return atomicMatch(value, operator, list[0]);
}

function filterMatches(filter: RunFilter, version: ModelVersionRecord): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'and':
      return filter.terms.every((term) => filterMatches(term, version));
    case 'or':
      return filter.terms.some((term) => filterMatches(term, version));
    case 'comparison':
      return comparisonMatch(snapshotValue(version, filter.column), filter.operator, filter.value);
    case 'nameSearch':
      return false; // refused before evaluation (unsupportedTerm)
  }
}

function columnsOf(filter: RunFilter): RunColumn[] {
  if (filter.kind === 'and' || filter.kind === 'or') return filter.terms.flatMap(columnsOf);
  return filter.kind === 'comparison' ? [filter.column] : [];
}

function shownValue(value: SnapshotValue): string {
  if (value === undefined) return 'not recorded';
  return typeof value === 'number' ? formatNumber(value) : `"${value}"`;
}

function expressionGate(version: ModelVersionRecord, rule: RuleOf<'expression'>): GateResult {
  const parsed = parseRunFilter(rule.expression);
  if (!parsed.ok) return result(rule, false, `The expression "${rule.expression}" has a syntax error: ${describeFilterError(rule.expression, parsed.error)}`);
  const unsupported = unsupportedTerm(parsed.filter);
  if (unsupported) return result(rule, false, `The expression "${rule.expression}" cannot be checked on a version: ${unsupported}`);
  const passed = filterMatches(parsed.filter, version);
  const keys = [...new Map(columnsOf(parsed.filter).map((column) => [columnKey(column), column])).entries()];
  const values = keys.map(([key, column]) => `${key} ${shownValue(snapshotValue(version, column))}`);
  return result(rule, passed, `${rule.expression} ${passed ? 'holds' : 'does not hold'} for ${named(version)}${values.length ? ` (${values.join(', ')})` : ''}`);
}

// ---- beatsChampion: MLflow's MetricThreshold against the version holding the champion alias ----

const noChampion = 'no current champion: the first qualifying version may become champion';

type Champion = { kind: 'version'; version: ModelVersionRecord } | { kind: 'none'; detail: string } | { kind: 'broken'; detail: string };

function championOf(context: GateContext, alias: string): Champion {
  const holder = Object.hasOwn(context.model.aliases, alias) ? context.model.aliases[alias] : undefined;
  if (holder === undefined) return { kind: 'none', detail: noChampion };
  if (holder === context.candidate.version) return { kind: 'none', detail: `${named(context.candidate)} already holds ${alias}: there is no other champion to beat` };
  const version = context.model.versions.find((v) => v.version === holder);
  return version ? { kind: 'version', version } : { kind: 'broken', detail: `The alias ${alias} names version ${holder}, which the model does not have` };
}

interface Compared {
  candidate: number | undefined;
  baseline: number | undefined;
  /** How the numbers were obtained, for the detail. */
  how: string;
  sha256: string | null;
}

const isRescoreMetric = (metric: string): metric is RescoreMetric => (rescoreMetrics as readonly string[]).includes(metric);

/** Both versions scored on the set (the champion after the candidate), or the failed result saying which one could not be. */
async function rescored(context: GateContext, rule: RuleOf<'beatsChampion'>, set: EvaluationSet, metric: RescoreMetric, champion: ModelVersionRecord | null): Promise<Compared | GateResult> {
  let current: ModelVersionRecord = context.candidate;
  let mine: Rescored | null = null;
  try {
    mine = await rescoreVersion(context.db, context.candidate, set, metric, context.signal);
    current = champion ?? current;
    const theirs = champion ? await rescoreVersion(context.db, champion, set, metric, context.signal) : null;
    if (theirs && theirs.sha256 !== mine.sha256) {
      return result(rule, false, `The evaluation set ${set.path} changed between the two re-scores: not a like-for-like comparison`, { candidate: mine.value, baseline: theirs.value, evaluationSetSha256: mine.sha256 });
    }
    const averaging = mine.averaging === 'macro' && ['f1', 'precision', 'recall'].includes(metric) ? ', macro average' : '';
    return { candidate: mine.value, baseline: theirs?.value, how: `re-scored on ${path.basename(set.path)} (${mine.rows} rows${averaging})`, sha256: mine.sha256 };
  } catch (error) {
    if (!(error instanceof RescoreError)) throw error;
    return result(rule, false, `Re-scoring ${named(current)} on ${set.path} failed: ${error.message}`, { candidate: mine?.value ?? null, evaluationSetSha256: mine?.sha256 ?? null });
  }
}

function recorded(context: GateContext, rule: RuleOf<'beatsChampion'>, champion: ModelVersionRecord | null): Compared {
  const value = (version: ModelVersionRecord | null) => (version && Object.hasOwn(version.metrics, rule.metric) ? version.metrics[rule.metric] : undefined);
  return { candidate: value(context.candidate), baseline: value(champion), how: 'on the metrics recorded at registration', sha256: null };
}

/**
 * The candidate against the version holding `rule.champion`, with MLflow's
 * MetricThreshold (shared/registry/metricThreshold.ts). Without a champion
 * (no version holds the alias, or the candidate itself does) only `threshold`
 * applies: the first qualifying version may become champion.
 */
async function beatsChampionGate(context: GateContext, rule: RuleOf<'beatsChampion'>): Promise<GateResult> {
  const problems = metricThresholdProblems(rule);
  if (problems.length) return result(rule, false, `The MetricThreshold for ${rule.metric} is not one MLflow accepts: ${problems.join('; ')}`);
  const { evaluationSet: set, metric } = rule;
  if (set && !isRescoreMetric(metric)) return result(rule, false, `A re-score computes ${rescoreMetrics.join(', ')}; "${metric}" is none of them`);
  const champion = championOf(context, rule.champion);
  if (champion.kind === 'broken') return result(rule, false, champion.detail);
  const baselineVersion = champion.kind === 'version' ? champion.version : null;
  const compared = set && isRescoreMetric(metric) ? await rescored(context, rule, set, metric, baselineVersion) : recorded(context, rule, baselineVersion);
  if ('ruleId' in compared) return compared;
  const numbers = { candidate: compared.candidate ?? null, baseline: compared.baseline ?? null, evaluationSetSha256: compared.sha256 };
  if (champion.kind === 'none') {
    if (rule.threshold === null) return result(rule, true, champion.detail, numbers);
    const alone = validateMetricThreshold(rule.metric, { ...rule, minAbsoluteChange: null, minRelativeChange: null }, compared.candidate, undefined);
    return result(rule, alone.passed, `${champion.detail}; ${named(context.candidate)} ${compared.how}: ${alone.detail}`, numbers);
  }
  const outcome = validateMetricThreshold(rule.metric, rule, compared.candidate, compared.baseline);
  const versus = `${named(context.candidate)} against the ${rule.champion} (version ${champion.version.version}) ${compared.how}`;
  return result(rule, outcome.passed, `${versus}: ${outcome.detail}`, numbers);
}
