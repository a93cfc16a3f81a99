// Stages and aliases on a real backend, with MLflow's rules: any stage to any
// other, archiveExisting archiving the versions already there, one version per
// alias; the gates blocking a move (nothing moved, a gate-failed event) unless
// overridden with a reason; hooks the user configured, run with the move in
// their environment and their output kept in the audit trail.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateRule } from '../../shared/registry/types';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { maxHookOutputBytes, runHook } from '../../electron/backend/registry/hooks';
import { removeTempDirs, tempDir } from '../helpers';
import { runIdOf, sender, writeRegistryProject, type RegistryProject } from './registryProject';

afterAll(removeTempDirs);

let backend: Backend;
let root: string;
let project: RegistryProject;
const { send, failure } = sender(() => backend);

/** Registers `count` versions of `name` from the forest run's model. */
async function versions(name: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await send('registry/register', { runId: runIdOf(backend, project.forest), artifactPath: 'artifacts/model.onnx', name });
}
const holders = async (name: string) => (await send('registry/model', { name })).stageHolders;
const kinds = async (name: string) => (await send('registry/audit', { name })).map((e) => `${e.kind} v${e.version} ${e.from ?? '-'}>${e.to ?? '-'}`);

beforeAll(async () => {
  root = tempDir('runlens-registry-moves-');
  project = writeRegistryProject(path.join(root, 'project'));
  backend = await createBackend({ dataDir: path.join(root, 'data'), mode: 'cli', version: 'test', watch: false, emit: () => {} });
  await send('projects/add', { path: project.root });
}, 60_000);
afterAll(async () => backend?.close());

describe('stage transitions', () => {
  it('moves None → Staging → Production, archives the others when asked, and brings an Archived version back', async () => {
    await versions('stages', 3);
    const staged = await send('registry/transition', { name: 'stages', version: 1, stage: 'Staging', comment: 'first look' });
    expect(staged).toMatchObject({ done: true, gates: [], archived: [], hook: null, version: { version: 1, stage: 'Staging' } });
    await send('registry/transition', { name: 'stages', version: 1, stage: 'Production' });
    await send('registry/transition', { name: 'stages', version: 2, stage: 'Production' });
    // Without archiveExisting, Production holds both (MLflow's rule).
    expect(await holders('stages')).toEqual({ None: [3], Staging: [], Production: [1, 2], Archived: [] });
    const third = await send('registry/transition', { name: 'stages', version: 3, stage: 'Production', archiveExisting: true });
    expect(third.archived).toEqual([1, 2]);
    expect(await holders('stages')).toEqual({ None: [], Staging: [], Production: [3], Archived: [1, 2] });
    const back = await send('registry/transition', { name: 'stages', version: 1, stage: 'Production', archiveExisting: true });
    expect(back).toMatchObject({ done: true, archived: [3], version: { stage: 'Production' } });
    await send('registry/transition', { name: 'stages', version: 2, stage: 'None' });
    expect(await holders('stages')).toEqual({ None: [2], Staging: [], Production: [1], Archived: [3] });
    // One event per move, the archived ones each with their own.
    expect(await kinds('stages')).toEqual([
      'registered v1 ->None', 'registered v2 ->None', 'registered v3 ->None',
      'stage v1 None>Staging', 'stage v1 Staging>Production', 'stage v2 None>Production',
      'stage v3 None>Production', 'stage v1 Production>Archived', 'stage v2 Production>Archived',
      'stage v1 Archived>Production', 'stage v3 Production>Archived', 'stage v2 Archived>None',
    ]);
    expect((await send('registry/audit', { name: 'stages' }))[3]).toMatchObject({ comment: 'first look', actor: expect.any(String) });
  });

  it('does nothing, and records nothing, for a version already in the stage', async () => {
    const before = await kinds('stages');
    const same = await send('registry/transition', { name: 'stages', version: 1, stage: 'Production' });
    expect(same).toMatchObject({ done: true, archived: [], version: { stage: 'Production' } });
    expect(await kinds('stages')).toEqual(before);
  });

  it('names an unknown stage, version or model, and archiveExisting outside Staging and Production; nothing moves', async () => {
    const before = await kinds('stages');
    expect(await failure('registry/transition', { name: 'stages', version: 1, stage: 'Prod' as never })).toEqual({
      code: 'bad-request',
      message: 'registry/transition: argument "stage" must be one of "None", "Staging", "Production", "Archived"',
    });
    expect(await failure('registry/transition', { name: 'stages', version: 9, stage: 'Staging' })).toEqual({ code: 'not-found', message: 'Model "stages" has no version 9 (its versions are 1, 2, 3)' });
    expect(await failure('registry/transition', { name: 'nope', version: 1, stage: 'Staging' })).toMatchObject({ code: 'not-found', message: expect.stringContaining('"nope"') });
    expect(await failure('registry/transition', { name: 'stages', version: 0, stage: 'Staging' })).toMatchObject({ code: 'bad-request' });
    expect(await failure('registry/transition', { name: 'stages', version: 2, stage: 'Archived', archiveExisting: true })).toMatchObject({ code: 'bad-request', message: expect.stringContaining('Staging and Production only') });
    expect(await kinds('stages')).toEqual(before);
  });
});

describe('aliases', () => {
  it('puts an alias on one version only, moves it, and removes it', async () => {
    await versions('aliased', 3);
    await send('registry/setAlias', { name: 'aliased', alias: 'champion', version: 1 });
    await send('registry/setAlias', { name: 'aliased', alias: 'challenger', version: 2 });
    const moved = await send('registry/setAlias', { name: 'aliased', alias: 'champion', version: 3, comment: 'beats v1' });
    expect(moved).toMatchObject({ done: true, version: { version: 3, aliases: ['champion'] } });
    const detail = await send('registry/model', { name: 'aliased' });
    expect(detail.aliases).toEqual({ challenger: 2, champion: 3 });
    expect(detail.versions.map((v) => v.aliases)).toEqual([[], ['challenger'], ['champion']]);
    expect(await send('registry/removeAlias', { name: 'aliased', alias: 'challenger' })).toEqual({ removed: true });
    expect(await send('registry/removeAlias', { name: 'aliased', alias: 'challenger' })).toEqual({ removed: false });
    // Setting it where it is already is no move.
    await send('registry/setAlias', { name: 'aliased', alias: 'champion', version: 3 });
    expect((await kinds('aliased')).slice(3)).toEqual([
      'alias-set v1 ->champion@1', 'alias-set v2 ->challenger@2', 'alias-set v3 champion@1>champion@3', 'alias-removed v2 challenger@2>-',
    ]);
    expect((await send('registry/model', { name: 'aliased' })).aliases).toEqual({ champion: 3 });
  });

  it('refuses odd alias names with the rule they break', async () => {
    const cases: [string, string][] = [
      ['has space', 'must be letters, digits, _ or -'],
      ['v3', 'must not be "latest" or look like a version'],
      ['latest', 'must not be "latest" or look like a version'],
      ['é'.repeat(129), 'must be at most 256 bytes'],
      ['a'.repeat(10_000), 'must be at most 256 characters long'],
    ];
    for (const [alias, message] of cases) {
      const error = await failure('registry/setAlias', { name: 'aliased', alias, version: 1 });
      expect(error.message, alias.slice(0, 20)).toContain(message);
    }
    expect(await failure('registry/setAlias', { name: 'aliased', alias: 'champion', version: 7 })).toMatchObject({ code: 'not-found', message: expect.stringContaining('no version 7') });
    expect((await send('registry/model', { name: 'aliased' })).aliases).toEqual({ champion: 3 });
  });
});

describe('gates', () => {
  const gates: GateRule[] = [
    { id: 'described', kind: 'description', targets: [{ kind: 'stage', stage: 'Production' }, { kind: 'alias', alias: 'champion' }] },
    { id: 'accurate', kind: 'expression', expression: 'metrics.accuracy >= 0.9', targets: [{ kind: 'stage', stage: 'Production' }] },
  ];

  it('refuses a gate expression that does not parse, naming the rule and the column', async () => {
    await versions('gated', 2);
    const error = await failure('registry/setGates', { name: 'gated', gates: [{ id: 'broken', kind: 'expression', expression: 'metrics.f1 >= ', targets: [{ kind: 'stage', stage: 'Production' }] }] });
    expect(error).toEqual({ code: 'bad-request', message: expect.stringMatching(/^Gate rule "broken": the expression "metrics\.f1 >= " does not parse: col \d+: /) });
    expect((await failure('registry/setGates', { name: 'gated', gates: [gates[0], gates[0]] })).message).toContain('Two gate rules have the id "described"');
    expect((await send('registry/model', { name: 'gated' })).gates).toEqual([]);
  });

  it('blocks a move a gate fails (nothing moved, the results on record), and lets an override through with its reason', async () => {
    expect((await send('registry/setGates', { name: 'gated', gates })).gates).toEqual(gates);
    const blocked = await send('registry/transition', { name: 'gated', version: 1, stage: 'Production', comment: 'ship it' });
    expect(blocked.done).toBe(false);
    expect(blocked.gates.map((g) => [g.ruleId, g.passed])).toEqual([['described', false], ['accurate', true]]);
    expect(await holders('gated')).toMatchObject({ None: [1, 2], Production: [] });
    const aliasBlocked = await send('registry/setAlias', { name: 'gated', alias: 'champion', version: 1 });
    expect(aliasBlocked).toMatchObject({ done: false, gates: [{ ruleId: 'described', passed: false }] });
    expect((await send('registry/model', { name: 'gated' })).aliases).toEqual({});

    const forced = await send('registry/transition', { name: 'gated', version: 1, stage: 'Production', override: 'hotfix, described after' });
    expect(forced).toMatchObject({ done: true, version: { stage: 'Production' } });
    await send('registry/editVersion', { name: 'gated', version: 2, description: 'the retrained forest' });
    const passed = await send('registry/transition', { name: 'gated', version: 2, stage: 'Production', archiveExisting: true });
    expect(passed).toMatchObject({ done: true, archived: [1], gates: [{ ruleId: 'described', passed: true }, { ruleId: 'accurate', passed: true }] });
    const audit = await send('registry/audit', { name: 'gated' });
    const tail = audit.slice(2).map((e) => [e.kind, e.version, e.to, e.comment]);
    expect(tail).toEqual([
      ['gates-changed', null, expect.any(String), null],
      ['gate-failed', 1, 'Production', 'ship it'],
      ['gate-failed', 1, 'champion', null],
      ['override', 1, 'Production', 'hotfix, described after'],
      ['stage', 1, 'Production', null],
      ['edited', 2, 'the retrained forest', 'description'],
      ['stage', 2, 'Production', null],
      ['stage', 1, 'Archived', 'archived as version 2 entered Production'],
    ]);
    expect(audit[3].gates?.map((g) => g.passed)).toEqual([false, true]);
    expect(audit[5].gates?.map((g) => g.passed)).toEqual([false, true]);
  });
});

describe('hooks', () => {
  it("runs the user's command after a move with the move in its environment, keeps its output and exit code", async () => {
    await versions('hooked', 1);
    const script = path.join(root, 'deploy.js');
    const out = path.join(root, 'deploy-env.json');
    fs.writeFileSync(script, `const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('RUNLENS_')));
require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(env));
console.log('deployed', env.RUNLENS_MODEL_NAME, env.RUNLENS_MODEL_VERSION);
process.exit(env.RUNLENS_ALIAS ? 3 : 0);`);
    const command = `"${process.execPath}" "${script}"`;
    await send('registry/setHooks', { name: 'hooked', hooks: [{ id: 'deploy', command, targets: [{ kind: 'stage', stage: 'Production' }, { kind: 'alias', alias: 'champion' }], notify: true }] });
    const staged = await send('registry/transition', { name: 'hooked', version: 1, stage: 'Staging' });
    expect(staged.hook).toBeNull();
    expect(fs.existsSync(out)).toBe(false);
    const promoted = await send('registry/transition', { name: 'hooked', version: 1, stage: 'Production' });
    expect(promoted.hook).toEqual({ command, exitCode: 0, output: 'deployed hooked 1\n', error: null });
    const v1 = promoted.version;
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual({
      RUNLENS_MODEL_NAME: 'hooked', RUNLENS_MODEL_VERSION: '1', RUNLENS_STAGE: 'Production', RUNLENS_ALIAS: '', RUNLENS_ARTIFACT_PATH: v1.filePath, RUNLENS_MODEL_SHA256: v1.sha256,
    });
    const aliased = await send('registry/setAlias', { name: 'hooked', alias: 'champion', version: 1 });
    expect(aliased.hook).toMatchObject({ exitCode: 3, error: 'exited with code 3' });
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).RUNLENS_ALIAS).toBe('champion');
    const hooks = (await send('registry/audit', { name: 'hooked' })).filter((e) => e.kind === 'hook');
    expect(hooks.map((e) => [e.version, e.to, e.hook?.exitCode])).toEqual([[1, 'Production', 0], [1, 'champion', 3]]);
    const edited = (await send('registry/audit', { name: 'hooked' })).find((e) => e.kind === 'edited');
    expect(edited).toMatchObject({ comment: 'hooks', from: '[]' });
  });

  it('keeps only the end of a long output, and stops a hook past its timeout', async () => {
    const move = { model: 'hooked', version: (await send('registry/model', { name: 'hooked' })).versions[0], target: { kind: 'stage' as const, stage: 'Production' as const } };
    const chatty = `"${process.execPath}" -e "for (let i = 0; i < 20000; i++) console.log('line ' + i)"`;
    const long = await runHook({ id: 'chatty', command: chatty, targets: [], notify: false }, move);
    expect(long.exitCode).toBe(0);
    expect(Buffer.byteLength(long.output)).toBeLessThanOrEqual(maxHookOutputBytes + 4);
    expect(long.output.startsWith('…\n')).toBe(true);
    expect(long.output.endsWith('line 19999\n')).toBe(true);
    const stuck = await runHook({ id: 'stuck', command: `"${process.execPath}" -e "console.log('waiting'); setInterval(() => {}, 1000)"`, targets: [], notify: false }, move, { timeoutMs: 1000 });
    expect(stuck).toMatchObject({ exitCode: null, error: 'stopped after 1 s (the hook timeout)', output: 'waiting\n' });
  });
});
