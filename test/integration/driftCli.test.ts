// `runlens drift` and `runlens monitor …` as a user types them: the built CLI
// (dist/electron/cli.cjs, its drift worker beside it) in real processes.
// --json field names and values equal compareFrames in this process; the
// text table and verdict; exit 2 for bad input, named; a monitor's add, list
// and run round trip on one data folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvFrame } from '../../electron/backend/drift/frameCsv';
import { compareSettingsOf, reportJson } from '../../electron/cliDrift';
import { compareFrames } from '../../shared/drift/frame';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const cli = path.join(repoRoot, 'dist', 'electron', 'cli.cjs');
const breastCancer = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'breast_cancer');
const train = path.join(breastCancer, 'train.csv');
const week = (name: string) => path.join(breastCancer, 'monitoring', `${name}.csv`);
const model = path.join(repoRoot, 'test', 'fixtures', 'models', 'breast_cancer_logreg.onnx');
let dataDir: string;

function runlens(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const json = (...args: string[]) => {
  const result = runlens(...args, '--json');
  if (result.code !== 0) throw new Error(`runlens ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
};

/** What --json must print, computed here: the same reader and compareFrames. */
async function expectedJson(reference: string, current: string, flags: Parameters<typeof compareSettingsOf>[0] = {}) {
  const [a, b] = [await readCsvFrame(reference), await readCsvFrame(current)];
  const report = compareFrames(a.frame, b.frame, compareSettingsOf(flags), { distributions: true });
  // Through JSON as the CLI writes it: NaN and ±Infinity as strings.
  return JSON.parse(JSON.stringify(reportJson(report), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
}

beforeAll(() => {
  expect(fs.existsSync(cli)).toBe(true); // node scripts/build-node.mjs
  dataDir = tempDir('runlens-drift-cli-');
});

describe('runlens drift', () => {
  it('prints --json with the issue field names, as compareFrames computes it (train vs week 6)', async () => {
    const printed = json('drift', '--reference', train, '--current', week('2026-02-09'));
    expect(Object.keys(printed)).toEqual(['columns', 'share', 'drift', 'drifted', 'results', 'not_compared']);
    expect(Object.keys(printed.results[0])).toEqual(['column', 'type', 'method', 'statistic', 'threshold', 'drift', 'reference_size', 'current_size', 'effect_size', 'too_small']);
    expect(printed).toEqual(await expectedJson(train, week('2026-02-09')));
    // 30 features, clinic and the label: 16 of 32 drift, a share of exactly 0.5, which is dataset drift.
    expect(printed).toMatchObject({ columns: 32, drifted: 16, share: 0.5, drift: true, not_compared: [] });
    expect(printed.results[0]).toMatchObject({ column: 'mean smoothness', type: 'num', method: 'ks', drift: true, reference_size: 398, current_size: 150, too_small: null });
    expect(printed.results.find((r: { column: string }) => r.column === 'clinic')).toMatchObject({ type: 'cat', method: 'chisquare', drift: true });
    expect(printed.results.find((r: { column: string }) => r.column === 'target')).toMatchObject({ type: 'cat', method: 'z', drift: false });
  });

  it('takes methods, thresholds and the drift share per flag', async () => {
    const flags = { method: ['mean radius=psi,clinic=jensenshannon'], threshold: ['mean radius=0.3'], 'drift-share': '0.9' };
    const printed = json('drift', '--reference', train, '--current', week('2026-01-26'), '--method', flags.method[0], '--threshold', flags.threshold[0], '--drift-share', '0.9');
    expect(printed).toEqual(await expectedJson(train, week('2026-01-26'), flags));
    expect(printed.results.find((r: { column: string }) => r.column === 'mean radius')).toMatchObject({ method: 'psi', threshold: 0.3 });
    expect(printed.results.find((r: { column: string }) => r.column === 'clinic')).toMatchObject({ method: 'jensenshannon', threshold: 0.1 });
    expect(printed.drift).toBe(false);
  });

  it('prints a table and the verdict', () => {
    const { code, stdout } = runlens('drift', '--reference', train, '--current', week('2026-01-05'));
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^column\s+type\s+method\s+statistic\s+threshold\s+drift\s+sizes\s+effect$/);
    expect(lines.filter((line) => /\s(num|cat)\s/.test(line))).toHaveLength(32);
    expect(lines.at(-1)).toBe('No dataset drift: 0 of 32 columns drifted (0 %)');
    expect(stdout).toMatch(/\nmean radius\s+num\s+ks\s+[\d.e-]+\s+0\.050\s+no\s+398\/150\s+[\d.]+\n/);
  });

  it('exits 2 naming a missing file, a file with no column in common, or a bad flag', () => {
    const folder = tempDir('runlens-drift-cli-bad-');
    const other = path.join(folder, 'other.csv');
    fs.writeFileSync(other, 'a,b\n1,2\n');
    const cases: [string[], RegExp][] = [
      [['drift', '--reference', train, '--current', path.join(folder, 'nope.csv')], /The current data: .*nope\.csv does not exist/],
      [['drift', '--reference', train, '--current', other], /train\.csv and other\.csv have no column in common/],
      [['drift', '--reference', train], /runlens drift needs --reference CSV --current CSV/],
      [['drift', '--reference', train, '--current', other, '--method', 'a=magic'], /Unknown method "magic" for "a": use ks, chisquare, z, wasserstein, jensenshannon, psi/],
      [['drift', '--reference', train, '--current', other, '--threshold', 'a'], /--threshold must be column=value, not "a"/],
      [['drift', '--reference', train, '--current', other, '--drift-share', '2'], /--drift-share must be a number from 0 to 1, not "2"/],
      [['drift', '--reference', train, '--current', other, '--frobnicate'], /Unknown option '--frobnicate'/],
      [['monitor', 'run', 'nope'], /No drift monitor named "nope"/],
      [['monitor', 'add', 'x', '--reference', train], /needs one of --folder DIR or --files/],
      [['monitor', 'add', 'x', '--reference', train, '--folder', folder, '--batch-by', 'week'], /--batch-by week needs --time-column COL/],
      [['monitor', 'add', 'x', '--reference', path.join(folder, 'nope.csv'), '--folder', folder], /The reference .*nope\.csv does not exist/],
      [['monitor', 'frobnicate'], /Unknown monitor command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const result = runlens(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
    expect(json('monitor', 'list')).toEqual([]);
  });
});

describe('runlens monitor', () => {
  it('adds, lists and runs a monitor: only new batches are computed', () => {
    const folder = tempDir('runlens-drift-cli-folder-');
    const copy = (name: string) => {
      fs.copyFileSync(week(name), path.join(folder, `${name}.csv`));
      fs.utimesSync(path.join(folder, `${name}.csv`), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    };
    for (const name of ['2026-01-05', '2026-01-12', '2026-01-19']) copy(name);
    const added = json('monitor', 'add', 'weekly', '--reference', train, '--folder', folder, '--model', model);
    expect(added).toMatchObject({ id: 1, name: 'weekly', batches: 3, state: 'idle', error: null, current: { kind: 'folder', path: folder }, settings: { batch_by: { kind: 'file' }, drift_share: 0.5, label_column: null } });
    expect(json('monitor', 'list')).toEqual([expect.objectContaining({ id: 1, name: 'weekly', batches: 3 })]);
    expect(runlens('monitor', 'list').stdout).toMatch(/^\s+1\s+weekly\s+3 batches\s+idle\s+0 unseen alerts\n$/);

    copy('2026-01-26');
    copy('2026-02-23');
    const text = runlens('monitor', 'run', 'weekly');
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^weekly \(id 1\): 5 batches, \d+ unseen alerts$/);
    expect(lines[4]).toMatch(/^\s+2026-01-26\.csv\s+150 rows\s+share 0\.23\s+no dataset drift\s+drifted: clinic, .*measured accuracy 0\.953$/);
    expect(lines[5]).toMatch(/^\s+2026-02-23\.csv\s+150 rows\s+share 0\.55\s+DATASET DRIFT\s+drifted: .*estimated accuracy 0\.\d{3} \[0\.\d{3}, (0\.\d{3}|1\.000)\]$/);

    const detail = json('monitor', 'run', '1');
    expect(detail.monitor).toMatchObject({ id: 1, batches: 5 });
    expect(detail).toMatchObject({ reference_rows: 398, label_column: 'target', estimate_assumptions: expect.any(String) });
    expect(detail.batches.map((b: { key: string }) => b.key)).toEqual(['2026-01-05.csv', '2026-01-12.csv', '2026-01-19.csv', '2026-01-26.csv', '2026-02-23.csv']);
    expect(Object.keys(detail.batches[0])).toEqual(['key', 'label', 'start_at', 'rows', 'skipped_lines', 'skipped_examples', 'problems', 'report', 'prediction', 'performance', 'labeled_rows', 'estimate', 'computed_at', 'error']);
    expect(detail.batches[4]).toMatchObject({ performance: null, labeled_rows: 0, report: { drift: true, drifted: 17, columns: 31 } });
    expect(detail.alerts.some((a: { kind: string; batch_key: string }) => a.kind === 'dataset' && a.batch_key === '2026-02-23.csv')).toBe(true);
    // Nothing new: the stored batches are served as they were.
    const again = json('monitor', 'run', 'weekly');
    expect(again.batches.map((b: { computed_at: number }) => b.computed_at)).toEqual(detail.batches.map((b: { computed_at: number }) => b.computed_at));
  }, 120_000);
});
