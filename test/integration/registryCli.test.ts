// `runlens registry …` as a user types it: the built CLI in real processes on
// one data folder. snake_case --json, exit 2 for bad input (named), 4 when a
// gate blocks; a file that changed or went missing shows in `list --json`;
// as-of takes dates in local time; and concurrent processes moving the same
// alias and stage leave exactly one holder and one event per move.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend';
import { parseAsOfDate } from '../../electron/cliRegistry';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';
import { writeRegistryProject, type RegistryProject } from './registryProject';

afterAll(removeTempDirs);

const cli = path.join(repoRoot, 'dist', 'electron', 'cli.cjs');
let dataDir: string;
let root: string;
let project: RegistryProject;
let forestId: string;

function runlens(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const json = (...args: string[]) => {
  const result = runlens(...args, '--json');
  if (result.code !== 0) throw new Error(`runlens ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
};

/** Starts a CLI process; resolves with its exit code and output when it ends. */
function started(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--data-dir', dataDir], { env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  root = tempDir('runlens-registry-cli-');
  dataDir = path.join(root, 'data');
  project = writeRegistryProject(path.join(root, 'project'));
  expect(runlens('ingest', project.root).code).toBe(0);
  forestId = (json('runs') as { id: string; path: string }[]).find((run) => run.path === project.forest)!.id;
}, 60_000);

describe('runlens registry', () => {
  it('registers with tags and a kept copy, and prints the version in snake_case', () => {
    const v = json('registry', 'register', '--run', forestId, '--artifact', 'artifacts/model.onnx', '--name', 'fraud', '--description', 'first', '--tag', 'owner=ana', '--tag', 'note=a=b', '--keep-copy');
    expect(v).toMatchObject({ model: 'fraud', version: 1, stage: 'None', file_state: 'ok', run_id: forestId, run_name: 'forest', artifact_path: 'artifacts/model.onnx', description: 'first', tags: { owner: 'ana', note: 'a=b' } });
    expect(v.copy_path).toBe(path.join(dataDir, 'registry', v.sha256, 'model.onnx'));
    // NaN crosses --json as the string Python's json module reads back.
    expect(v.metrics).toEqual({ accuracy: 0.95, loss: 'NaN' });
    const text = runlens('registry', 'register', '--run', forestId, '--artifact', 'artifacts/model.onnx', '--name', 'fraud');
    expect(text).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Registered fraud version 2 from forest: artifacts\/model\.onnx \(sha256 [0-9a-f]{12}…\)/) });
  });

  it('exits 2 naming an unknown model, version or stage, or a bad argument; the registry is unchanged', () => {
    const before = json('registry', 'list');
    const cases: [string[], RegExp][] = [
      [['transition', 'nope', '1', 'Staging'], /No registered model named "nope"/],
      [['transition', 'fraud', '9', 'Staging'], /Model "fraud" has no version 9 \(its versions are 1, 2\)/],
      [['transition', 'fraud', '1', 'Prod'], /Unknown stage "Prod": use None, Staging, Production, Archived/],
      [['transition', 'fraud', 'x', 'Staging'], /VERSION must be a version number like 3, not "x"/],
      [['transition', 'fraud', '1'], /runlens registry transition NAME VERSION STAGE/],
      [['alias', 'fraud', 'has space', '1'], /"alias" must be letters, digits, _ or -/],
      [['register', '--run', forestId, '--artifact', 'artifacts/model.onnx'], /needs --run ID --artifact PATH --name NAME/],
      [['register', '--run', forestId, '--artifact', 'artifacts/model.onnx', '--name', 'n'.repeat(10_000)], /"name" must be at most 256 characters long/],
      [['register', '--run', forestId, '--artifact', '../../../etc/passwd', '--name', 'x'], /must not hold "\.", "\.\." or empty segments/],
      [['register', '--run', forestId, '--artifact', 'artifacts/model.onnx', '--name', 'x', '--tag', 'novalue'], /--tag must be key=value, not "novalue"/],
      [['as-of', 'fraud', 'yesterday'], /DATE must be a date like 2024-03-01/],
      [['transition', 'fraud', '1', 'Staging', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['promote', 'fraud'], /Unknown registry command "promote"/],
    ];
    for (const [args, message] of cases) {
      const result = runlens('registry', ...args);
      expect({ code: result.code, stderr: result.stderr }, args.join(' ').slice(0, 60)).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    }
    expect(json('registry', 'list')).toEqual(before);
  });

  it('moves stages (any case) and aliases, and exits 4 when a gate blocks, printing each rule; --override passes it', async () => {
    expect(runlens('registry', 'transition', 'fraud', 'v1', 'staging')).toMatchObject({ code: 0, stdout: 'fraud version 1 is in Staging.\n' });
    // Gates are set in the app; a backend on the same data folder stands in for it.
    const app = await createBackend({ dataDir, mode: 'cli', version: 'test', watch: false, emit: () => {} });
    const set = await app.send('registry/setGates', {
      name: 'fraud',
      gates: [
        { id: 'described', kind: 'description', targets: [{ kind: 'stage', stage: 'Production' }] },
        { id: 'accurate', kind: 'expression', expression: 'metrics.accuracy >= 0.9', targets: [{ kind: 'stage', stage: 'Production' }] },
      ],
    });
    await app.close();
    expect(set.ok).toBe(true);
    const blocked = runlens('registry', 'transition', 'fraud', '2', 'Production');
    expect(blocked.code).toBe(4);
    expect(blocked.stdout).toContain('A gate blocked this: fraud version 2 did not move');
    expect(blocked.stdout).toMatch(/FAILED {2}described \(description\): version 2 has no description/);
    expect(blocked.stdout).toMatch(/passed {2}accurate \(expression\): /);
    const asJson = runlens('registry', 'transition', 'fraud', '2', 'Production', '--json');
    expect(asJson.code).toBe(4);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ done: false, gates: [{ rule_id: 'described', passed: false }, { rule_id: 'accurate', passed: true }], version: { version: 2, stage: 'None' } });
    const forced = json('registry', 'transition', 'fraud', '2', 'Production', '--override', 'incident 42', '--comment', 'hotfix');
    expect(forced).toMatchObject({ done: true, version: { stage: 'Production' } });
    expect(json('registry', 'alias', 'fraud', 'champion', '2')).toMatchObject({ done: true, version: { aliases: ['champion'] } });
    const audit = json('registry', 'audit', 'fraud') as { kind: string; comment: string | null; to: string | null }[];
    expect(audit.slice(-5).map((e) => [e.kind, e.to, e.comment])).toEqual([
      ['gate-failed', 'Production', null], ['gate-failed', 'Production', null], ['override', 'Production', 'incident 42'], ['stage', 'Production', 'hotfix'], ['alias-set', 'champion@2', null],
    ]);
  });

  it("shows a changed or missing file in list --json, and keeps the version", () => {
    json('registry', 'register', '--run', forestId, '--artifact', 'artifacts/notes.txt', '--name', 'notes');
    const file = path.join(project.forest, 'artifacts', 'notes.txt');
    const stateOf = () => (json('registry', 'list') as { name: string; versions: { version: number; file_state: string }[] }[]).find((m) => m.name === 'notes')!.versions;
    expect(stateOf()).toEqual([expect.objectContaining({ version: 1, file_state: 'ok' })]);
    fs.writeFileSync(file, 'trained on IRIS\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    expect(stateOf()).toEqual([expect.objectContaining({ version: 1, file_state: 'changed' })]);
    expect(runlens('registry', 'list').stdout).toMatch(/v1 .*\[file changed\] artifacts\/notes\.txt/);
    fs.rmSync(file);
    expect(stateOf()).toEqual([expect.objectContaining({ version: 1, file_state: 'missing' })]);
    fs.writeFileSync(file, 'trained on iris\n');
  });

  it('answers as-of for a date-time in local time, a date, a zone and ms since the epoch', () => {
    const events = json('registry', 'audit', 'fraud') as { kind: string; at: number; to: string | null }[];
    const production = events.find((e) => e.kind === 'stage' && e.to === 'Production')!;
    const justBefore = json('registry', 'as-of', 'fraud', String(production.at - 1));
    expect(justBefore).toMatchObject({ stages: { Staging: [1], Production: [] }, aliases: {} });
    expect(json('registry', 'as-of', 'fraud', new Date(production.at).toISOString())).toMatchObject({ stages: { Production: [2] } });
    const local = new Date(Date.now() + 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const localText = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
    expect(json('registry', 'as-of', 'fraud', localText)).toMatchObject({ stages: { Production: [2] }, aliases: { champion: 2 } });
    expect(json('registry', 'as-of', 'fraud', '2001-01-01')).toMatchObject({ stages: { None: [], Production: [] }, last_event: null });
    expect(runlens('registry', 'as-of', 'fraud', '2001-01-01').stdout).toContain('fraud did not exist yet on');
  });

  it('reads dates as documented: local time without a zone, a date as its last millisecond', () => {
    expect(parseAsOfDate('2024-03-01T14:30')).toBe(new Date(2024, 2, 1, 14, 30).getTime());
    expect(parseAsOfDate('2024-03-01 14:30:05.25')).toBe(new Date(2024, 2, 1, 14, 30, 5, 250).getTime());
    expect(parseAsOfDate('2024-03-01')).toBe(new Date(2024, 2, 1, 23, 59, 59, 999).getTime());
    expect(parseAsOfDate('2024-03-01T14:30:00Z')).toBe(Date.UTC(2024, 2, 1, 14, 30));
    expect(parseAsOfDate('2024-03-01T14:30:00+02:00')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parseAsOfDate('1709303400000')).toBe(1_709_303_400_000);
    for (const bad of ['2024-02-30', '2024-13-01', '01/03/2024', 'now', '2024-03-01T25:00']) expect(() => parseAsOfDate(bad), bad).toThrow(/DATE must be/);
  });

  it('exports a model to one file that another data folder imports once', () => {
    const archive = path.join(root, 'fraud.runlens');
    expect(json('registry', 'export', 'fraud', archive)).toMatchObject({ path: archive, bytes: fs.statSync(archive).size });
    const exported = json('registry', 'list').find((m: { name: string }) => m.name === 'fraud');
    const own = dataDir;
    dataDir = path.join(root, 'colleague');
    try {
      expect(json('registry', 'import', archive)).toMatchObject({ model: 'fraud', versions_added: 2, unchanged: false });
      expect(json('registry', 'import', archive)).toMatchObject({ model: 'fraud', versions_added: 0, events_added: 0, unchanged: true });
      const imported = json('registry', 'list').find((m: { name: string }) => m.name === 'fraud');
      expect(imported).toMatchObject({ stages: exported.stages, aliases: exported.aliases, latest_version: exported.latest_version });
    } finally {
      dataDir = own;
    }
  });
});

describe('concurrent processes', () => {
  it('leave one version per alias and one in Production, with one event per move', async () => {
    for (let i = 0; i < 6; i++) json('registry', 'register', '--run', forestId, '--artifact', 'artifacts/model.onnx', '--name', 'race');
    const versions = [1, 2, 3, 4, 5, 6];
    const results = await Promise.all([
      ...versions.map((v) => started('registry', 'alias', 'race', 'champion', String(v))),
      ...versions.map((v) => started('registry', 'transition', 'race', String(v), 'Production', '--archive-existing')),
    ]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const race = (json('registry', 'list') as { name: string; aliases: Record<string, number>; stages: Record<string, number[]>; versions: { version: number; aliases: string[]; stage: string }[] }[]).find((m) => m.name === 'race')!;
    expect(race.versions.filter((v) => v.aliases.includes('champion'))).toHaveLength(1);
    expect(race.stages.Production).toHaveLength(1);
    expect(race.stages.Archived).toHaveLength(5);
    const audit = json('registry', 'audit', 'race') as { kind: string; version: number; from: string | null; to: string | null }[];
    const aliasMoves = audit.filter((e) => e.kind === 'alias-set');
    expect(aliasMoves).toHaveLength(6);
    // Each move took the alias from the version the one before gave it to.
    aliasMoves.forEach((move, i) => expect(move.from).toBe(i === 0 ? null : aliasMoves[i - 1].to));
    expect(aliasMoves[5].to).toBe(`champion@${race.aliases.champion}`);
    const entered = audit.filter((e) => e.kind === 'stage' && e.to === 'Production');
    const archivedMoves = audit.filter((e) => e.kind === 'stage' && e.to === 'Archived');
    expect(entered.map((e) => e.version).sort()).toEqual(versions);
    expect(archivedMoves).toHaveLength(5);
    expect(entered[5].version).toBe(race.stages.Production[0]);
    const now = json('registry', 'as-of', 'race', String(Date.now()));
    expect({ stages: now.stages, aliases: now.aliases }).toEqual({ stages: race.stages, aliases: race.aliases });
  }, 180_000);
});
