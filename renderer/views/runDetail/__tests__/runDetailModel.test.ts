import { describe, expect, it } from 'vitest';
import { artifactTree, initiallyOpen } from '../artifactTree';
import { formatShape } from '../../../format/onnxShape';
import { otherTags, runLocation, systemFacts } from '../systemFacts';

describe('artifactTree', () => {
  it('nests files in folders, folders first, sizes and counts summed up the tree', () => {
    const tree = artifactTree([
      { path: 'artifacts/model/MLmodel', size: 10 },
      { path: 'artifacts/model/model.onnx', size: 100 },
      { path: 'artifacts/plot10.png', size: 3 },
      { path: 'artifacts/plot2.png', size: 4 },
      { path: 'summary.json', size: 1 },
    ]);
    expect(tree.map((n) => [n.path, n.folder, n.size, n.files])).toEqual([
      ['artifacts', true, 117, 4],
      ['summary.json', false, 1, 1],
    ]);
    expect(tree[0].children.map((n) => n.name)).toEqual(['model', 'plot2.png', 'plot10.png']);
    expect(tree[0].children[0]).toMatchObject({ path: 'artifacts/model', size: 110, files: 2 });
    expect(initiallyOpen(tree)).toEqual(new Set(['artifacts']));
    expect(initiallyOpen(tree, 3)).toEqual(new Set());
  });

  it('is empty for no artifacts', () => {
    expect(artifactTree([])).toEqual([]);
  });
});

describe('systemFacts', () => {
  it('reads the native logger system tags and MLflow tags, first found wins', () => {
    const facts = systemFacts({
      'runlens.git.commit': '9fceb02',
      'runlens.git.dirty': 'true',
      'runlens.host': 'laptop',
      'runlens.python': '3.11.2',
      'runlens.command': 'train.py --lr 0.01',
      'mlflow.source.git.commit': 'other',
      'mlflow.source.type': 'LOCAL',
      team: 'vision',
    });
    expect(facts.map((f) => [f.label, f.value])).toEqual([
      ['Git commit', '9fceb02'],
      ['Uncommitted changes', 'Yes (the working tree was dirty)'],
      ['Host', 'laptop'],
      ['Python', '3.11.2'],
      ['Command', 'train.py --lr 0.01'],
      ['Source type', 'Local'],
    ]);
    expect(otherTags({ 'runlens.host': 'x', 'mlflow.user': 'ana', team: 'vision' })).toEqual([['team', 'vision']]);
    expect(systemFacts({})).toEqual([]);
  });

  it('names an MLflow SQLite run by its database and run id, any other run by its folder', () => {
    expect(runLocation({ source: 'mlflow-sqlite', path: '/p/my#db/mlflow.db#abc123' })).toEqual({ kind: 'database', database: '/p/my#db/mlflow.db', runId: 'abc123' });
    expect(runLocation({ source: 'mlflow', path: '/p/mlruns/0/abc#1' })).toEqual({ kind: 'folder', folder: '/p/mlruns/0/abc#1' });
  });
});

describe('formatShape', () => {
  it('shows sizes, symbolic names and unknown dimensions', () => {
    expect(formatShape([{ value: null, param: 'batch' }, { value: 3, param: null }, { value: null, param: null }])).toBe('[batch, 3, ?]');
    expect(formatShape(null)).toBe('unknown rank');
    expect(formatShape([{ value: null, param: '' }])).toBe('[?]');
    expect(formatShape([])).toBe('[]');
  });
});
