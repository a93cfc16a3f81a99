import { describe, expect, it } from 'vitest';
import type { AuditEvent, GateRule, RegistryNotice } from '../../../../shared/registry/types';
import { draftId, draftProblems, expressionProblem, newRule, targetFromKey, targetKey, targetsFromKeys } from '../gateDrafts';
import { gateTargetOf, startNotices, type Notice } from '../notify';
import { aliasesByVersion, editChange, eventComment, eventHeading, finiteDelta, lanesOf, schemaDiff, stageAfterKey, suggestedAliases, valueRows } from '../selectors';
import { parseTags, tagEntries } from '../tags';
import { versionRecord } from './harness';

const event = (patch: Partial<AuditEvent>): AuditEvent => ({ id: 1, model: 'fraud', version: 1, kind: 'stage', at: 0, actor: 'ana', from: null, to: null, comment: null, gates: null, hook: null, ...patch });

describe('stage lanes', () => {
  it('puts each version in its stage lane, newest first', () => {
    const lanes = lanesOf([versionRecord({ version: 1 }), versionRecord({ version: 3, stage: 'Production' }), versionRecord({ version: 2 }), versionRecord({ version: 4, stage: 'Archived' })]);
    expect(Object.fromEntries(Object.entries(lanes).map(([stage, vs]) => [stage, vs.map((v) => v.version)]))).toEqual({ None: [2, 1], Staging: [], Production: [3], Archived: [4] });
  });

  it('moves a focused card one lane per arrow, to the ends with Home and End, and nowhere past them', () => {
    expect(stageAfterKey('None', 'ArrowRight')).toBe('Staging');
    expect(stageAfterKey('Production', 'ArrowLeft')).toBe('Staging');
    expect(stageAfterKey('None', 'ArrowLeft')).toBeNull();
    expect(stageAfterKey('Archived', 'ArrowRight')).toBeNull();
    expect(stageAfterKey('Staging', 'End')).toBe('Archived');
    expect(stageAfterKey('Staging', 'Home')).toBe('None');
    expect(stageAfterKey('None', 'Home')).toBeNull();
    expect(stageAfterKey('None', 'Enter')).toBeNull();
  });
});

describe('aliases', () => {
  it('offers the existing aliases, then champion and challenger once', () => {
    expect(suggestedAliases({ aliases: {} })).toEqual(['champion', 'challenger']);
    expect(suggestedAliases({ aliases: { prod: 1, champion: 2 } })).toEqual(['champion', 'prod', 'challenger']);
  });

  it('lists the aliases on each version', () => {
    expect([...aliasesByVersion({ champion: 2, b: 1, a: 2 })]).toEqual([
      [2, ['a', 'champion']],
      [1, ['b']],
    ]);
  });
});

describe('compare rows', () => {
  it('flags differing and one-sided values; NaN equals NaN, and −0 is not 0 (Object.is)', () => {
    const rows = valueRows({ f1: 0.9, loss: NaN, auc: 0.8, z: 0 }, { f1: 0.92, loss: NaN, auc: 0.8, acc: 0.7, z: -0 });
    expect(rows.map((r) => [r.key, r.differs])).toEqual([
      ['acc', true],
      ['auc', false],
      ['f1', true],
      ['loss', false],
      ['z', true],
    ]);
    expect(rows[0]).toMatchObject({ a: undefined, b: 0.7 });
  });

  it('takes a difference only between finite numbers', () => {
    expect(finiteDelta(0.9, 0.92)).toBeCloseTo(0.02, 12);
    expect(finiteDelta(NaN, 1)).toBeNull();
    expect(finiteDelta(1, Infinity)).toBeNull();
    expect(finiteDelta(undefined, 1)).toBeNull();
  });

  it('matches schema fields by name and says what changed', () => {
    const a = { from: 'onnx' as const, inputs: [{ name: 'X', type: 'tensor(float)', shape: '[N, 4]' }, { name: 'old', type: 'tensor(float)', shape: null }], outputs: [{ name: 'label', type: 'tensor(int64)', shape: '[N]' }] };
    const b = { from: 'onnx' as const, inputs: [{ name: 'X', type: 'tensor(float)', shape: '[N, 5]' }, { name: 'new', type: 'tensor(float)', shape: null }], outputs: [{ name: 'label', type: 'tensor(int64)', shape: '[N]' }] };
    expect(schemaDiff(a, b).map((r) => [r.side, r.name, r.change])).toEqual([
      ['input', 'X', 'changed'],
      ['input', 'old', 'only-a'],
      ['input', 'new', 'only-b'],
      ['output', 'label', 'same'],
    ]);
  });
});

describe('audit headings', () => {
  it('words moves, alias moves and removals', () => {
    expect(eventHeading(event({ kind: 'stage', from: 'None', to: 'Production' }))).toBe('Stage: None → Production · version 1');
    expect(eventHeading(event({ kind: 'alias-set', version: 2, from: 'champion@1', to: 'champion@2' }))).toBe('Alias @champion: v1 → v2');
    expect(eventHeading(event({ kind: 'alias-set', to: 'champion@1' }))).toBe('Alias @champion set on v1');
    expect(eventHeading(event({ kind: 'alias-removed', from: 'a@b@3' }))).toBe('Alias @a@b removed from v3');
    expect(eventHeading(event({ kind: 'gate-failed', to: 'Production' }))).toBe('Gate failed: Production · version 1');
    expect(eventHeading(event({ kind: 'gates-changed', version: null }))).toBe('Gates changed: 0 → 0 rules');
    expect(eventHeading(event({ kind: 'gates-changed', version: null, from: '[]', to: '[{"id":"d"}]' }))).toBe('Gates changed: 0 → 1 rule');
    expect(eventHeading(event({ kind: 'gates-changed', version: null, from: 'oops', to: '[]' }))).toBe('Gates changed');
  });

  it('names the field an edit changed instead of quoting its whole value, and cuts the values shown', () => {
    const edit = event({ kind: 'edited', comment: 'description', from: null, to: 'x'.repeat(1000) });
    expect(eventHeading(edit)).toBe('Edited description · version 1');
    expect(eventComment(edit)).toBeNull();
    expect(editChange(edit)?.from).toBe('(none)');
    expect([...editChange(edit)!.to]).toHaveLength(300);
    expect(eventHeading(event({ kind: 'registered', to: 'None', comment: 'run-a: artifacts/model.onnx' }))).toBe('Registered · version 1');
    expect(eventComment(event({ kind: 'override', comment: 'approved by risk' }))).toBe('approved by risk');
    expect(editChange(event({ kind: 'stage' }))).toBeNull();
    const hooks = event({ kind: 'edited', version: null, comment: 'hooks', from: '[]', to: '[{"id":"hook-1"}]' });
    expect(eventHeading(hooks)).toBe('Hooks changed: 0 → 1 hook');
    expect(editChange(hooks)).toBeNull();
  });
});

describe('gate drafts', () => {
  it('starts a beats-the-champion rule with MetricThreshold defaults, guarding Production', () => {
    expect(newRule('beatsChampion', 'b-1')).toEqual({
      id: 'b-1',
      targets: [{ kind: 'stage', stage: 'Production' }],
      kind: 'beatsChampion',
      metric: 'f1',
      champion: 'champion',
      evaluationSet: null,
      threshold: null,
      minAbsoluteChange: null,
      minRelativeChange: null,
      greaterIsBetter: true,
    });
    expect(draftId([{ id: 'description-1' }, { id: 'description-3' }], 'description')).toBe('description-4');
    expect(draftId([{ id: 'description-3' }], 'description')).toBe('description-2');
  });

  it('reads targets from chips: stages, aliases with or without @, each once; None and Archived are no target', () => {
    expect(targetsFromKeys(['Production', '@champion', 'champion', 'challenger', 'None', 'Archived', '@', ' Staging '])).toEqual([
      { kind: 'stage', stage: 'Production' },
      { kind: 'alias', alias: 'champion' },
      { kind: 'alias', alias: 'challenger' },
      { kind: 'stage', stage: 'Staging' },
    ]);
    expect(targetKey({ kind: 'alias', alias: 'champion' })).toBe('@champion');
    expect(targetFromKey(targetKey({ kind: 'stage', stage: 'Staging' }))).toEqual({ kind: 'stage', stage: 'Staging' });
  });

  it("words an expression's syntax error as the filter box does, and needs one", () => {
    expect(expressionProblem('metrics.f1 >= 0.85')).toBeNull();
    expect(expressionProblem('metrics.f1 >=')).toMatch(/^col \d+: /);
    expect(expressionProblem('  ')).toContain('needed');
  });

  it('names what each rule lacks', () => {
    const problems = draftProblems([
      { ...newRule('description', 'd'), targets: [] },
      newRule('tags', 't'),
      newRule('evaluatedOn', 'e'),
      { ...(newRule('beatsChampion', 'b') as Extract<GateRule, { kind: 'beatsChampion' }>), evaluationSet: { path: '/set.csv', labelColumn: '' } },
      newRule('expression', 'x'),
      { ...(newRule('beatsChampion', 'zero') as Extract<GateRule, { kind: 'beatsChampion' }>), minAbsoluteChange: 0 },
      { ...(newRule('beatsChampion', 'big') as Extract<GateRule, { kind: 'beatsChampion' }>), minRelativeChange: 1.5 },
      { ...(newRule('beatsChampion', 'fine') as Extract<GateRule, { kind: 'beatsChampion' }>), minAbsoluteChange: 0.01, minRelativeChange: 0.05 },
    ]);
    expect([...problems.keys()]).toEqual(['d', 't', 'e', 'b', 'zero', 'big']);
    expect(problems.get('zero')).toContain('greater than 0');
  });
});

describe('notices', () => {
  it("shows each notice the backend sends, titled with the model, version and target, until stopped", () => {
    let listener: ((notice: RegistryNotice) => void) | null = null;
    const shown: Notice[] = [];
    const stop = startNotices((l) => {
      listener = l;
      return () => void (listener = null);
    }, (notice) => shown.push(notice));
    const hook = { command: './deploy.sh', exitCode: 0, output: '', error: null };
    listener!({ model: 'fraud', version: 2, target: { kind: 'stage', stage: 'Production' }, text: 'fraud version 2 entered Production · hook exited 0', hook });
    listener!({ model: 'fraud', version: 3, target: { kind: 'alias', alias: 'champion' }, text: 'fraud version 3 took the alias "champion"', hook: null });
    expect(shown).toEqual([
      { title: 'fraud · version 2 → Production', body: 'fraud version 2 entered Production · hook exited 0' },
      { title: 'fraud · version 3 → alias “champion”', body: 'fraud version 3 took the alias "champion"' },
    ]);
    stop();
    expect(listener).toBeNull();
  });

  it('has no gates for None and Archived', () => {
    expect(gateTargetOf({ kind: 'stage', stage: 'None' })).toBeNull();
    expect(gateTargetOf({ kind: 'stage', stage: 'Archived' })).toBeNull();
    expect(gateTargetOf({ kind: 'alias', alias: 'champion' })).toEqual({ kind: 'alias', alias: 'champion' });
  });
});

describe('tags', () => {
  it('splits at the first =, trims, drops keyless entries, and the last one wins', () => {
    expect(parseTags(['team=fraud', ' reviewed ', 'url=a=b', '=x', '', 'team=risk'])).toEqual({ team: 'risk', reviewed: '', url: 'a=b' });
    expect(tagEntries({ b: '', a: '1' })).toEqual(['a=1', 'b']);
    expect(parseTags(tagEntries({ team: 'fraud', reviewed: '' }))).toEqual({ team: 'fraud', reviewed: '' });
  });
});
