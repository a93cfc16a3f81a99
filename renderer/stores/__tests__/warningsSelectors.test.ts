import { describe, expect, it } from 'vitest';
import type { IngestWarning } from '../../../shared/domain';
import { groupWarningsByFile, pathShown, relativeToFolder, splitFileName, warningCountLabel } from '../warnings/selectors';

function warning(overrides: Partial<IngestWarning> & { path: string }): IngestWarning {
  return { runId: null, message: 'Malformed line skipped', count: 1, at: 1000, ...overrides };
}

describe('relativeToFolder', () => {
  it('gives the path below the folder, with or without a trailing separator', () => {
    expect(relativeToFolder('/home/ana/mnist/mlruns/0/abc/metrics/loss', '/home/ana/mnist')).toBe('mlruns/0/abc/metrics/loss');
    expect(relativeToFolder('/home/ana/mnist/mlruns/0/abc/metrics/loss', '/home/ana/mnist/')).toBe('mlruns/0/abc/metrics/loss');
  });

  it('gives an empty path for the folder itself', () => {
    expect(relativeToFolder('/home/ana/mnist', '/home/ana/mnist')).toBe('');
    expect(relativeToFolder('/home/ana/mnist', '/home/ana/mnist/')).toBe('');
  });

  it('does not take a sibling folder sharing the prefix for a child', () => {
    expect(relativeToFolder('/home/ana/mnist-old/log.jsonl', '/home/ana/mnist')).toBeNull();
    expect(relativeToFolder('/elsewhere/log.jsonl', '/home/ana/mnist')).toBeNull();
  });

  it('reads Windows paths', () => {
    expect(relativeToFolder('C:\\runs\\cifar\\dvclive\\metrics.json', 'C:\\runs\\cifar')).toBe('dvclive\\metrics.json');
  });

  it('reads paths below the root folder', () => {
    expect(relativeToFolder('/data/events.out', '/')).toBe('data/events.out');
  });
});

describe('pathShown', () => {
  const folders = ['/p/mnist', '/p/mnist/nested', '/p/cifar'];

  it('is relative to the innermost project folder, the full path kept for the title', () => {
    expect(pathShown('/p/mnist/nested/tb/events.out', folders, false)).toEqual({ shown: 'tb/events.out', full: '/p/mnist/nested/tb/events.out' });
    expect(pathShown('/p/mnist/mlflow.db', folders, false).shown).toBe('mlflow.db');
  });

  it("names the project folder first when several projects are listed together", () => {
    expect(pathShown('/p/cifar/dvclive/metrics.json', folders, true).shown).toBe('cifar/dvclive/metrics.json');
  });

  it('shows the folder name for the folder itself, and a path outside every folder in full', () => {
    expect(pathShown('/p/cifar', folders, false).shown).toBe('cifar');
    expect(pathShown('/tmp/other.db', folders, true)).toEqual({ shown: '/tmp/other.db', full: '/tmp/other.db' });
  });
});

describe('groupWarningsByFile', () => {
  const warnings = [
    warning({ path: '/p/mnist/mlruns/0/r1/metrics/loss', message: 'Malformed line skipped', count: 3, at: 500, runId: 'r1' }),
    warning({ path: '/p/mnist/tb/events.out', message: 'Bad CRC', at: 900 }),
    warning({ path: '/p/mnist/mlruns/0/r1/metrics/loss', message: 'Value is not a number', at: 700, runId: 'r1' }),
    warning({ path: '/p/mnist/mlflow.db', message: 'Missing column', at: 100 }),
  ];

  it('puts the warnings of one file together, newest first', () => {
    const groups = groupWarningsByFile(warnings, ['/p/mnist'], false);
    expect(groups.map((g) => g.shown)).toEqual(['tb/events.out', 'mlruns/0/r1/metrics/loss', 'mlflow.db']);
    const loss = groups[1];
    expect(loss.path).toBe('/p/mnist/mlruns/0/r1/metrics/loss');
    expect(loss.full).toBe(loss.path);
    expect(loss.warnings.map((w) => w.message)).toEqual(['Value is not a number', 'Malformed line skipped']);
    expect(loss.latestAt).toBe(700);
  });

  it('keeps counts and run ids as they are', () => {
    const [, loss] = groupWarningsByFile(warnings, ['/p/mnist'], false);
    expect(loss.warnings.map((w) => [w.count, w.runId])).toEqual([[1, 'r1'], [3, 'r1']]);
  });

  it('gives nothing for no warnings', () => {
    expect(groupWarningsByFile([], ['/p/mnist'], false)).toEqual([]);
  });

  it('orders files with problems at the same time by path', () => {
    const same = [warning({ path: '/p/b.jsonl' }), warning({ path: '/p/a.jsonl' })];
    expect(groupWarningsByFile(same, ['/p'], false).map((g) => g.shown)).toEqual(['a.jsonl', 'b.jsonl']);
  });
});

describe('warningCountLabel', () => {
  it('counts in words', () => {
    expect(warningCountLabel(1)).toBe('1 warning');
    expect(warningCountLabel(12)).toBe('12 warnings');
  });
});

describe('splitFileName', () => {
  it('sets the file name apart from its folders', () => {
    expect(splitFileName('mlruns/0/r1/metrics/loss')).toEqual(['mlruns/0/r1/metrics/', 'loss']);
    expect(splitFileName('dvclive\\metrics.json')).toEqual(['dvclive\\', 'metrics.json']);
    expect(splitFileName('mlflow.db')).toEqual(['', 'mlflow.db']);
  });
});
