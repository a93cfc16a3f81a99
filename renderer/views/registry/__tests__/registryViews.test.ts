// The registry views' pure parts: the lineage graph's layout, the as-of
// picker's local date-times, and which artifacts can be registered.
import { describe, expect, it } from 'vitest';
import type { VersionLineage } from '../../../../shared/registry/types';
import { versionRecord } from '../../../stores/registry/__tests__/harness';
import { fromLocalInput, toLocalInput } from '../model/asOfTime';
import { isRegistrable } from '../register/registrable';
import { clip, lineageLayout, NODE_WIDTH } from '../version/lineageLayout';

function lineage(patch: Partial<VersionLineage> = {}): VersionLineage {
  return {
    version: versionRecord({ version: 2, stage: 'Production', aliases: ['champion'] }),
    run: { id: 'r1', name: 'lgbm-seed1', experiment: 'fraud', exists: true },
    datasets: [
      { name: 'train', digest: 'd1d1d1d1d1d1', source: '/data/train.csv', context: 'training', rows: 1200 },
      { name: 'valid', digest: null, source: null, context: 'evaluation', rows: null },
    ],
    gitCommit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    scoringJobs: [{ id: 7, kind: 'score', inputPath: '/data/new.csv', startedAt: 5, status: 'finished' }],
    ...patch,
  };
}

describe('the lineage layout', () => {
  it('draws data and code → run → version → jobs, left to right', () => {
    const layout = lineageLayout(lineage());
    const x = (id: string) => layout.nodes.find((n) => n.id === id)!.x;
    expect(layout.nodes.map((n) => n.id)).toEqual(['dataset:0', 'dataset:1', 'commit', 'run', 'version', 'job:7']);
    expect(x('dataset:0')).toBe(x('commit'));
    expect(x('dataset:0')).toBeLessThan(x('run'));
    expect(x('run')).toBeLessThan(x('version'));
    expect(x('version')).toBeLessThan(x('job:7'));
    expect(layout.edges).toEqual([
      { from: 'dataset:0', to: 'run' },
      { from: 'dataset:1', to: 'run' },
      { from: 'commit', to: 'run' },
      { from: 'run', to: 'version' },
      { from: 'version', to: 'job:7' },
    ]);
    expect(layout.nodes.find((n) => n.id === 'run')?.href).toBe('#/runs/r1');
    expect(layout.nodes.find((n) => n.id === 'job:7')?.href).toBe('#/evaluation?job=7');
    // Every box fits inside the drawing.
    for (const node of layout.nodes) expect(node.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width);
  });

  it('feeds the version straight from its sources when no run is known, and marks a run gone', () => {
    const noRun = lineageLayout(lineage({ run: null, scoringJobs: [] }));
    expect(noRun.edges.every((e) => e.to === 'version')).toBe(true);
    const gone = lineageLayout(lineage({ run: { id: 'r1', name: 'x', experiment: 'e', exists: false } }));
    expect(gone.nodes.find((n) => n.id === 'run')).toMatchObject({ gone: true, href: null });
  });

  it('centres short columns on the tallest, keeping the same height for a lone version', () => {
    const alone = lineageLayout(lineage({ run: null, datasets: [], gitCommit: null, scoringJobs: [] }));
    expect(alone.nodes.map((n) => n.id)).toEqual(['version']);
    const full = lineageLayout(lineage());
    const version = full.nodes.find((n) => n.id === 'version')!;
    expect(version.y * 2 + 46).toBeCloseTo(full.height, 6);
  });

  it('clips long names to fit a box, by characters not UTF-16 units', () => {
    expect(clip('short')).toBe('short');
    expect([...clip('x'.repeat(256))]).toHaveLength(28);
    expect(clip('🚀'.repeat(40)).endsWith('…')).toBe(true);
    expect([...clip('🚀'.repeat(40))]).toHaveLength(28);
    const long = lineageLayout(lineage({ version: versionRecord({ model: 'm'.repeat(256) }) }));
    expect([...long.nodes.find((n) => n.id === 'version')!.label].length).toBeLessThanOrEqual(28);
  });
});

describe('the as-of picker', () => {
  it('writes a moment to the millisecond and reads it back', () => {
    for (const ms of [0, 1_700_000_000_123, Date.UTC(2024, 1, 29, 23, 59, 59, 999)]) expect(fromLocalInput(toLocalInput(ms))).toBe(ms);
    expect(toLocalInput(new Date(2024, 4, 1, 14, 3, 22, 7).getTime())).toBe('2024-05-01T14:03:22.007');
  });

  it('reads minutes or seconds alone, and refuses what is no moment', () => {
    expect(fromLocalInput('2024-05-01T14:03')).toBe(new Date(2024, 4, 1, 14, 3).getTime());
    expect(fromLocalInput('2024-05-01T14:03:22.5')).toBe(new Date(2024, 4, 1, 14, 3, 22, 500).getTime());
    for (const bad of ['', '2024-05-01', '2024-02-30T10:00', '2024-13-01T10:00', '2024-05-01T25:00', 'yesterday', '1969-12-31T00:00']) expect(fromLocalInput(bad)).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});

describe('registrable artifacts', () => {
  it('offers .onnx files and folders holding an MLmodel file, nothing else', () => {
    expect(isRegistrable({ path: 'model.onnx', folder: false })).toBe(true);
    expect(isRegistrable({ path: 'models/Forest.ONNX', folder: false })).toBe(true);
    expect(isRegistrable({ path: 'model.onnx.json', folder: false })).toBe(false);
    expect(isRegistrable({ path: 'model', folder: true, children: [{ name: 'MLmodel', folder: false }, { name: 'model.pkl', folder: false }] })).toBe(true);
    expect(isRegistrable({ path: 'model', folder: true, children: [{ name: 'MLmodel', folder: true }] })).toBe(false);
    expect(isRegistrable({ path: 'plots', folder: true, children: [{ name: 'roc.png', folder: false }] })).toBe(false);
    expect(isRegistrable({ path: 'MLmodel', folder: false })).toBe(false);
  });
});
