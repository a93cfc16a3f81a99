// The registry's audit trail: every action leaves its event (who, when, from,
// to), the events cannot be changed or deleted even by a raw UPDATE on the
// data folder's database file (migration 10's triggers), and replaying them
// answers "which version held each stage and alias at that moment".
import Database from 'better-sqlite3';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { databaseFile } from '../../electron/backend/store/database';
import { removeTempDirs, tempDir } from '../helpers';
import { runIdOf, sender, writeRegistryProject } from './registryProject';

afterAll(removeTempDirs);

let backend: Backend;
let dataDir: string;
let forestId: string;
const { send, failure } = sender(() => backend);

/** Returns once the clock has moved past `t`, so the next event is later than everything before it (no sleep). */
function after(t: number): void {
  while (Date.now() <= t) {
    // Spin for at most a millisecond.
  }
}

/** Runs `action`, and gives the moment just after it (before anything that follows). */
async function mark(action: () => Promise<unknown>): Promise<number> {
  await action();
  const t = Date.now();
  after(t);
  return t;
}

beforeAll(async () => {
  const root = tempDir('runlens-registry-audit-');
  dataDir = path.join(root, 'data');
  const project = writeRegistryProject(path.join(root, 'project'));
  backend = await createBackend({ dataDir, mode: 'cli', version: 'test', watch: false, emit: () => {} });
  await send('projects/add', { path: project.root });
  forestId = runIdOf(backend, project.forest);
}, 60_000);
afterAll(async () => backend?.close());

const register = (name = 'audited') => send('registry/register', { runId: forestId, artifactPath: 'artifacts/model.onnx', name });

describe('the audit trail', () => {
  it('has one event for every action, in order, with who and when', async () => {
    const started = Date.now();
    await register();
    await register();
    await send('registry/editModel', { name: 'audited', description: 'credit risk', tags: { team: 'risk' } });
    await send('registry/editModel', { name: 'audited', description: 'credit risk' }); // no change: no event
    await send('registry/editVersion', { name: 'audited', version: 1, tags: { reviewed: 'yes' } });
    await send('registry/setGates', { name: 'audited', gates: [{ id: 'tagged', kind: 'tags', tags: ['reviewed'], targets: [{ kind: 'stage', stage: 'Production' }] }] });
    await send('registry/transition', { name: 'audited', version: 2, stage: 'Production' }); // blocked: v2 is not tagged
    await send('registry/transition', { name: 'audited', version: 2, stage: 'Production', override: 'approved by the risk board' });
    await send('registry/transition', { name: 'audited', version: 1, stage: 'Production', archiveExisting: true });
    await send('registry/setAlias', { name: 'audited', alias: 'champion', version: 1 });
    await send('registry/setAlias', { name: 'audited', alias: 'champion', version: 2 });
    await send('registry/removeAlias', { name: 'audited', alias: 'champion' });
    await send('registry/setHooks', { name: 'audited', hooks: [{ id: 'note', command: '', targets: [{ kind: 'alias', alias: 'champion' }], notify: true }] });
    const events = await send('registry/audit', { name: 'audited' });
    expect(events.map((e) => [e.kind, e.version, e.from, e.to, e.comment])).toEqual([
      ['registered', 1, null, 'None', 'forest: artifacts/model.onnx'],
      ['registered', 2, null, 'None', 'forest: artifacts/model.onnx'],
      ['edited', null, null, 'credit risk', 'description'],
      ['edited', null, '{}', '{"team":"risk"}', 'tags'],
      ['edited', 1, '{}', '{"reviewed":"yes"}', 'tags'],
      ['gates-changed', null, '[]', expect.stringContaining('"tagged"'), null],
      ['gate-failed', 2, null, 'Production', null],
      ['override', 2, null, 'Production', 'approved by the risk board'],
      ['stage', 2, 'None', 'Production', null],
      ['stage', 1, 'None', 'Production', null],
      ['stage', 2, 'Production', 'Archived', 'archived as version 1 entered Production'],
      ['alias-set', 1, null, 'champion@1', null],
      ['alias-set', 2, 'champion@1', 'champion@2', null],
      ['alias-removed', 2, 'champion@2', null, null],
      ['edited', null, '[]', expect.stringContaining('"note"'), 'hooks'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ model: 'audited', actor: os.userInfo().username });
      expect(event.at).toBeGreaterThanOrEqual(started);
    }
    expect(events[6].gates).toEqual([expect.objectContaining({ ruleId: 'tagged', passed: false })]);
    expect(events[7].gates).toEqual(events[6].gates);
  });

  it('refuses UPDATE and DELETE on its table, even through the database file itself', async () => {
    const raw = new Database(databaseFile(dataDir));
    try {
      const count = () => raw.prepare('SELECT COUNT(*) FROM registry_events').pluck().get();
      const before = count();
      expect(() => raw.prepare("UPDATE registry_events SET actor = 'mallory'").run()).toThrow(/append-only: its events cannot be changed/);
      expect(() => raw.prepare("UPDATE registry_events SET to_value = 'Production' WHERE kind = 'stage'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM registry_events').run()).toThrow(/append-only: its events cannot be deleted/);
      expect(() => raw.prepare("DELETE FROM registry_events WHERE kind = 'override'").run()).toThrow(/append-only/);
      expect(count()).toBe(before);
      expect(raw.prepare("SELECT COUNT(*) FROM registry_events WHERE actor = 'mallory'").pluck().get()).toBe(0);
    } finally {
      raw.close();
    }
    expect((await send('registry/audit', { name: 'audited' })).find((e) => e.kind === 'override')?.comment).toBe('approved by the risk board');
  });
});

describe('as of a date', () => {
  it('answers before the model existed, between each move, and now', async () => {
    const none = { None: [], Staging: [], Production: [], Archived: [] };
    const beforeModel = await mark(async () => {});
    const t1 = await mark(() => register('history'));
    await register('history');
    const t2 = await mark(async () => {});
    const t3 = await mark(() => send('registry/transition', { name: 'history', version: 1, stage: 'Production' }));
    const t4 = await mark(() => send('registry/setAlias', { name: 'history', alias: 'champion', version: 1 }));
    const t5 = await mark(() => send('registry/transition', { name: 'history', version: 2, stage: 'Production', archiveExisting: true }));
    const t6 = await mark(() => send('registry/setAlias', { name: 'history', alias: 'champion', version: 2 }));
    await send('registry/removeAlias', { name: 'history', alias: 'champion' });
    await send('registry/transition', { name: 'history', version: 1, stage: 'Staging' });
    const asOf = (at: number) => send('registry/asOf', { name: 'history', at });

    expect(await asOf(beforeModel)).toEqual({ model: 'history', at: beforeModel, stages: none, aliases: {}, lastEvent: null });
    expect(await asOf(t1)).toMatchObject({ stages: { ...none, None: [1] }, aliases: {}, lastEvent: { kind: 'registered', version: 1 } });
    expect(await asOf(t2)).toMatchObject({ stages: { ...none, None: [1, 2] }, aliases: {} });
    expect(await asOf(t3)).toMatchObject({ stages: { ...none, None: [2], Production: [1] }, aliases: {} });
    expect(await asOf(t4)).toMatchObject({ stages: { ...none, None: [2], Production: [1] }, aliases: { champion: 1 } });
    expect(await asOf(t5)).toMatchObject({ stages: { ...none, Production: [2], Archived: [1] }, aliases: { champion: 1 } });
    expect(await asOf(t6)).toMatchObject({ stages: { ...none, Production: [2], Archived: [1] }, aliases: { champion: 2 } });
    const now = await asOf(Date.now());
    expect(now).toMatchObject({ stages: { ...none, Production: [2], Staging: [1] }, aliases: {}, lastEvent: { kind: 'stage', from: 'Archived', to: 'Staging' } });
    // Replaying the trail gives what the tables hold now.
    const detail = await send('registry/model', { name: 'history' });
    expect(now.stages).toEqual(detail.stageHolders);
    expect(now.aliases).toEqual(detail.aliases);
    expect(await failure('registry/asOf', { name: 'nobody', at: 0 })).toMatchObject({ code: 'not-found' });
    expect(await failure('registry/asOf', { name: 'history', at: -1 })).toMatchObject({ code: 'bad-request' });
  });
});
