import { describe, expect, it } from 'vitest';
import { canSubmit, createMoveStore, failedGates, type Move } from '../moveStore';
import { failed, failing, ok, outcome, passed, scriptedRegistry, settle, versionRecord } from './harness';

const toProduction: Move = { name: 'fraud', version: 1, from: 'None', to: { kind: 'stage', stage: 'Production' } };

function setup() {
  const s = scriptedRegistry();
  const store = createMoveStore(s.client);
  return { s, store };
}

describe('the move dialog', () => {
  it('checks the gates of the move first, and may not move while they are being checked', async () => {
    const { s, store } = setup();
    store.getState().open(toProduction);
    expect(s.checks.map((c) => c.args)).toEqual([{ name: 'fraud', version: 1, target: { kind: 'stage', stage: 'Production' } }]);
    expect(canSubmit(store.getState())).toBe(false);
    s.checks[0].resolve(ok([passed('d1')]));
    await settle();
    expect(store.getState().gatesStatus).toBe('ready');
    expect(canSubmit(store.getState())).toBe(true);
  });

  it('checks nothing for None and Archived, which have no gates', () => {
    const { s, store } = setup();
    store.getState().open({ ...toProduction, to: { kind: 'stage', stage: 'Archived' } });
    expect(s.checks).toHaveLength(0);
    expect(store.getState()).toMatchObject({ gates: [], gatesStatus: 'ready' });
    expect(canSubmit(store.getState())).toBe(true);
  });

  it('refuses a failed gate without a reason, and sends the reason as the override', async () => {
    const { s, store } = setup();
    store.getState().open(toProduction);
    s.checks[0].resolve(ok([failing('d1'), passed('t1')]));
    await settle();
    expect(failedGates(store.getState()).map((g) => g.ruleId)).toEqual(['d1']);
    expect(canSubmit(store.getState())).toBe(false);
    store.getState().setOverride('   ');
    expect(canSubmit(store.getState())).toBe(false);
    store.getState().setOverride(' hotfix approved by the risk team ');
    store.getState().setComment('incident 42');
    void store.getState().submit();
    expect(s.transitions[0].args).toEqual({ name: 'fraud', version: 1, stage: 'Production', archiveExisting: false, comment: 'incident 42', override: 'hotfix approved by the risk team' });
  });

  it('sends no override when every gate passed, even if a reason was typed', async () => {
    const { s, store } = setup();
    store.getState().open(toProduction);
    s.checks[0].resolve(ok([passed('d1')]));
    await settle();
    store.getState().setOverride('left over');
    store.getState().setArchiveExisting(true);
    void store.getState().submit();
    expect(s.transitions[0].args).toEqual({ name: 'fraud', version: 1, stage: 'Production', archiveExisting: true });
  });

  it('keeps the dialog open with the gates the backend met when it blocks the move', async () => {
    const { s, store } = setup();
    store.getState().open(toProduction);
    s.checks[0].resolve(ok([passed('d1')]));
    await settle();
    const submit = store.getState().submit();
    s.transitions[0].resolve(ok(outcome({ done: false, gates: [failing('d1')], version: versionRecord() })));
    await submit;
    expect(store.getState().move).toEqual(toProduction);
    expect(store.getState().outcome?.done).toBe(false);
    expect(failedGates(store.getState())).toHaveLength(1);
    // Now a reason is needed to try again.
    expect(canSubmit(store.getState())).toBe(false);
  });

  it("keeps the done move's outcome: what it archived and its hook's end, and moves no more", async () => {
    const { s, store } = setup();
    store.getState().open(toProduction);
    s.checks[0].resolve(ok([]));
    await settle();
    const submit = store.getState().submit();
    s.transitions[0].resolve(ok(outcome({ archived: [3], hook: { command: './deploy.sh', exitCode: 0, output: 'deployed', error: null } })));
    await submit;
    expect(store.getState().outcome).toMatchObject({ done: true, archived: [3], hook: { exitCode: 0 } });
    expect(canSubmit(store.getState())).toBe(false);
    void store.getState().submit();
    expect(s.transitions).toHaveLength(1);
  });

  it('sets an alias through setAlias, with its gates checked for that alias', async () => {
    const { s, store } = setup();
    store.getState().open({ name: 'fraud', version: 2, from: 'version 1', to: { kind: 'alias', alias: 'champion' } });
    expect(s.checks[0].args.target).toEqual({ kind: 'alias', alias: 'champion' });
    s.checks[0].resolve(ok([]));
    await settle();
    const submit = store.getState().submit();
    expect(s.aliases[0].args).toEqual({ name: 'fraud', alias: 'champion', version: 2 });
    s.aliases[0].resolve(ok(outcome({ version: versionRecord({ version: 2, aliases: ['champion'] }) })));
    await submit;
    expect(store.getState().outcome?.version.aliases).toEqual(['champion']);
  });

  it('shows a refused move as an error and lets the user try again', async () => {
    const { s, store } = setup();
    store.getState().open(toProduction);
    s.checks[0].resolve(ok([]));
    await settle();
    const submit = store.getState().submit();
    s.transitions[0].resolve(failed('Version 1 left Production while its gates were being checked'));
    await submit;
    expect(store.getState()).toMatchObject({ submitting: false, submitError: { code: 'bad-request' }, outcome: null });
    expect(canSubmit(store.getState())).toBe(true);
  });

  it('drops a gate check that answers after the dialog closed or opened for another move', async () => {
    const { s, store } = setup();
    store.getState().open(toProduction);
    store.getState().open({ ...toProduction, version: 2 });
    s.checks[0].resolve(ok([failing('d1')]));
    await settle();
    expect(store.getState().gatesStatus).toBe('loading');
    s.checks[1].resolve(ok([passed('d1')]));
    await settle();
    expect(store.getState().gates).toEqual([passed('d1')]);
    store.getState().close();
    expect(store.getState()).toMatchObject({ move: null, gates: null, override: '' });
  });
});
