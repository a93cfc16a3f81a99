// A project to register models from, built in a temp folder from real files:
// native runs (the Python logger's format) with ONNX artifacts, an MLflow model
// folder with an onnx flavor and one without, and a real MLflow file-store run
// (mlflow1-projects-failed-runs, with its git commit tag) given a model folder
// and a dataset input as MLflow 2.4+ writes them.
import fs from 'node:fs';
import path from 'node:path';
import type { ArgsOf, RequestName, ResultOf } from '../../shared/api';
import type { Backend } from '../../electron/backend/backend';
import { appendEvent, appendMetrics, metricLine, repoRoot, writeNativeRun } from '../helpers';

export const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const mlflowProject = path.join(repoRoot, 'test', 'fixtures', 'real', 'mlflow-filestore', 'mlflow1-projects-failed-runs');
export const mlflowRunId = '2187eb8a0b4c43ad8de610b73609ed19';
export const mlflowGitCommit = fs.readFileSync(path.join(mlflowProject, 'mlruns', '0', mlflowRunId, 'tags', 'mlflow.source.git.commit'), 'utf8').trim();
export const nativeGitCommit = '9fceb02d0ae598e95dc970b74767f19372d61af8';

/** Copies `file` to the run's artifacts and records it as the logger does. */
export function logArtifact(run: string, relative: string, source: string | Buffer): void {
  const target = path.join(run, ...relative.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (typeof source === 'string') fs.copyFileSync(source, target);
  else fs.writeFileSync(target, source);
  appendEvent(run, { type: 'artifact', path: relative, size: fs.statSync(target).size });
}

const onnxMlmodel = `artifact_path: model
flavors:
  onnx:
    data: model.onnx
    onnx_version: 1.14.0
  python_function:
    loader_module: mlflow.onnx
    data: model.onnx
signature:
  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'
`;
const sklearnMlmodel = `artifact_path: model
flavors:
  sklearn:
    pickled_model: model.pkl
    sklearn_version: 1.2.1
  python_function:
    loader_module: mlflow.sklearn
    model_path: model.pkl
signature:
  inputs: '[{"name": "sepal_length", "type": "double"}, {"name": "sepal_width", "type": "double"}]'
  outputs: '[{"type": "long"}]'
`;

export interface RegistryProject {
  root: string;
  /** The native run with an .onnx file, MLflow folders and a plain file; its folder. */
  forest: string;
  logreg: string;
  mlflowRun: string;
}

/** Writes the project under `root` (nothing is written into test/fixtures). */
export function writeRegistryProject(root: string): RegistryProject {
  const forest = writeNativeRun(path.join(root, 'runlens', 'forest'), { name: 'forest', params: { n_estimators: '100', max_depth: '4' }, tags: { team: 'risk' } });
  // The logger's run.json carries the git commit under system (docs/FORMAT.md).
  const header = JSON.parse(fs.readFileSync(path.join(forest, 'run.json'), 'utf8'));
  header.system.git_commit = nativeGitCommit;
  fs.writeFileSync(path.join(forest, 'run.json'), JSON.stringify(header));
  appendMetrics(forest, metricLine(0, { accuracy: 0.9, loss: 0.5 }) + metricLine(1, { accuracy: 0.95, loss: 'NaN' }));
  logArtifact(forest, 'artifacts/model.onnx', path.join(models, 'iris_forest.onnx'));
  logArtifact(forest, 'artifacts/notes.txt', Buffer.from('trained on iris\n'));
  logArtifact(forest, 'artifacts/mlflow-model/MLmodel', Buffer.from(onnxMlmodel));
  logArtifact(forest, 'artifacts/mlflow-model/model.onnx', path.join(models, 'iris_forest.onnx'));
  logArtifact(forest, 'artifacts/sk-model/MLmodel', Buffer.from(sklearnMlmodel));
  logArtifact(forest, 'artifacts/sk-model/model.pkl', Buffer.from('not really a pickle'));
  appendEvent(forest, { type: 'end', status: 'FINISHED', timestamp: Date.now() });

  const logreg = writeNativeRun(path.join(root, 'runlens', 'logreg'), { name: 'logreg', params: { C: '1.0' } });
  appendMetrics(logreg, metricLine(0, { accuracy: 0.97 }));
  logArtifact(logreg, 'artifacts/model.onnx', path.join(models, 'breast_cancer_logreg.onnx'));
  appendEvent(logreg, { type: 'end', status: 'FINISHED', timestamp: Date.now() });

  const mlruns = path.join(root, 'mlflow', 'mlruns');
  fs.cpSync(path.join(mlflowProject, 'mlruns'), mlruns, { recursive: true });
  const mlflowRun = path.join(mlruns, '0', mlflowRunId);
  fs.mkdirSync(path.join(mlflowRun, 'artifacts', 'model'), { recursive: true });
  fs.writeFileSync(path.join(mlflowRun, 'artifacts', 'model', 'MLmodel'), onnxMlmodel);
  fs.copyFileSync(path.join(models, 'wine_softmax.onnx'), path.join(mlflowRun, 'artifacts', 'model', 'model.onnx'));
  fs.mkdirSync(path.join(mlflowRun, 'inputs', 'in1'), { recursive: true });
  fs.writeFileSync(path.join(mlflowRun, 'inputs', 'in1', 'meta.yaml'), `destination_id: ${mlflowRunId}\ndestination_type: RUN\nsource_id: ds1\nsource_type: DATASET\ntags:\n  mlflow.data.context: training\n`);
  fs.mkdirSync(path.join(mlruns, '0', 'datasets', 'ds1'), { recursive: true });
  fs.writeFileSync(path.join(mlruns, '0', 'datasets', 'ds1', 'meta.yaml'), `digest: 3a1f9c2e\nname: wine-train\nsource: '{"uri": "data/wine.csv"}'\nsource_type: local\n`);
  return { root, forest, logreg, mlflowRun };
}

/** The Runlens run id of the run read from `folder`. */
export function runIdOf(backend: Backend, folder: string): string {
  const id = backend.db.prepare('SELECT id FROM runs WHERE path = ?').pluck().get(folder) as string | undefined;
  if (!id) throw new Error(`no run read from ${folder}`);
  return id;
}

/** A send that throws the error's code and message. */
export function sender(backend: () => Backend) {
  return {
    async send<K extends RequestName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
      const result = await backend().send(name, args);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    async failure<K extends RequestName>(name: K, args: ArgsOf<K>): Promise<{ code: string; message: string }> {
      const result = await backend().send(name, args);
      if (result.ok) throw new Error(`${name} should have failed`);
      return result.error;
    },
  };
}
