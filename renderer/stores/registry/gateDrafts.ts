// The gates and hooks editors' drafts: a new rule of each kind with its
// defaults, the words for a rule and its targets, and a live syntax check of
// an expression with the runs filter's own parser (the backend checks again
// when the gates are saved). Pure.
import { describeFilterError, parseRunFilter } from '../../../shared/runFilter';
import type { GateKind, GateRule, GateTarget, TransitionHook } from '../../../shared/registry/types';

export const gateKindLabels: Record<GateKind, string> = {
  description: 'Description required',
  tags: 'Required tags',
  expression: 'Metric or param expression',
  beatsChampion: 'Beats the champion',
  evaluatedOn: 'Evaluated on dataset',
};

export const gateKinds = Object.keys(gateKindLabels) as GateKind[];

/** The targets a new rule starts with: Production, where promotion matters most. */
export const defaultTargets = (): GateTarget[] => [{ kind: 'stage', stage: 'Production' }];

/** A new rule of `kind`, with the defaults MLflow's MetricThreshold has (greater is better, no threshold). */
export function newRule(kind: GateKind, id: string): GateRule {
  const common = { id, targets: defaultTargets() };
  switch (kind) {
    case 'description':
      return { ...common, kind };
    case 'tags':
      return { ...common, kind, tags: [] };
    case 'expression':
      return { ...common, kind, expression: 'metrics.f1 >= 0.85' };
    case 'beatsChampion':
      return { ...common, kind, metric: 'f1', champion: 'champion', evaluationSet: null, threshold: null, minAbsoluteChange: null, minRelativeChange: null, greaterIsBetter: true };
    case 'evaluatedOn':
      return { ...common, kind, dataset: '' };
  }
}

export function newHook(id: string): TransitionHook {
  return { id, command: '', targets: defaultTargets(), notify: true };
}

/** A short id for a new rule or hook: unique enough within one model's list. */
export function draftId(existing: { id: string }[], prefix: string): string {
  const taken = new Set(existing.map((item) => item.id));
  for (let n = existing.length + 1; ; n += 1) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** A target as a chip shows it and back: `Production`, `@champion`. */
export const targetKey = (target: GateTarget): string => (target.kind === 'stage' ? target.stage : `@${target.alias}`);

/** The target a chip names: Staging or Production, else an alias (with or without its `@`); null for None, Archived or nothing. */
export function targetFromKey(key: string): GateTarget | null {
  const text = key.trim();
  if (text === 'Staging' || text === 'Production') return { kind: 'stage', stage: text };
  const alias = text.replace(/^@/, '');
  if (!alias || text === 'None' || text === 'Archived') return null;
  return { kind: 'alias', alias };
}

/** The targets a list of chips names, each once. */
export function targetsFromKeys(keys: string[]): GateTarget[] {
  const seen = new Set<string>();
  const targets: GateTarget[] = [];
  for (const key of keys) {
    const target = targetFromKey(key);
    if (target && !seen.has(targetKey(target))) {
      seen.add(targetKey(target));
      targets.push(target);
    }
  }
  return targets;
}

/** The syntax error of an expression in the runs filter syntax, worded as the filter box words it; null when it parses. */
export function expressionProblem(expression: string): string | null {
  if (!expression.trim()) return 'An expression is needed, such as metrics.f1 >= 0.85.';
  const parsed = parseRunFilter(expression);
  return parsed.ok ? null : describeFilterError(expression, parsed.error);
}

/** A beats-the-champion rule's problem, as MLflow's MetricThreshold constructor refuses them. */
function thresholdProblem(rule: Extract<GateRule, { kind: 'beatsChampion' }>): string | null {
  if (!rule.metric.trim()) return 'Name the metric.';
  if (!rule.champion.trim()) return 'Name the alias of the champion to beat.';
  if (rule.minAbsoluteChange !== null && !(rule.minAbsoluteChange > 0)) return 'min_absolute_change must be greater than 0 (or empty).';
  if (rule.minRelativeChange !== null && !(rule.minRelativeChange >= 0 && rule.minRelativeChange <= 1)) return 'min_relative_change must be between 0 and 1 (or empty).';
  if (rule.evaluationSet !== null && (!rule.evaluationSet.path.trim() || !rule.evaluationSet.labelColumn.trim())) return 'Name the evaluation set and its label column, or stop re-scoring.';
  return null;
}

/** What the editor must fix before saving, per rule id (the backend refuses these too). */
export function draftProblems(rules: GateRule[]): Map<string, string> {
  const problems = new Map<string, string>();
  for (const rule of rules) {
    const problem =
      rule.targets.length === 0
        ? 'Pick at least one stage or alias this rule guards.'
        : rule.kind === 'expression'
          ? expressionProblem(rule.expression)
          : rule.kind === 'tags' && rule.tags.length === 0
            ? 'Name at least one tag.'
            : rule.kind === 'evaluatedOn' && !rule.dataset.trim()
              ? 'Name the dataset (its name or digest).'
              : rule.kind === 'beatsChampion'
                ? thresholdProblem(rule)
                : null;
    if (problem) problems.set(rule.id, problem);
  }
  return problems;
}
