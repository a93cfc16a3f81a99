// The MLflow file-store reader on real stores (test/fixtures/real/mlflow-filestore,
// copied unchanged from ../shared/fixtures/real; SOURCES.md there says where each
// came from) and on the benchmark generator's output.
//
// Where the expected values come from: run names, status codes, start and end
// times were read by hand from each run's meta.yaml (`cat`); params and tags
// counted with `find <run>/params -type f | wc -l`; metric point counts with
// `wc -l < <run>/metrics/<key>` and last values with `tail -1` (2nd field).
// Nothing below was copied from the reader's own output.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchMetricKeys, benchMetricValue, benchRunId, benchTimestamp, generateMlflowFileStore, pythonFloatRepr } from '../../bench/generate/mlflowFileStore';
import { isMlflowModelsFolder, readMlflowFileRegistry } from '../../electron/backend/sources/mlflow/fileRegistry';
import { mlflowFileStoreFormat } from '../../electron/backend/sources/mlflow/fileStore';
import type { FileBatch, RunRecord } from '../../electron/backend/sources/records';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

const fixtures = path.join(__dirname, '..', 'fixtures', 'real', 'mlflow-filestore');

type Of<K extends RunRecord['kind']> = Extract<RunRecord, { kind: K }>;

interface RunView {
  header: Of<'header'>;
  status: Of<'status'> | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Map<string, { steps: number[]; timestamps: number[]; values: number[] }>;
  artifacts: Of<'artifact'>[];
  warnings: Of<'warning'>[];
  batches: FileBatch[];
}

/** Reads a run from nothing (no cursors) and folds its records. */
function readRun(runFolder: string): RunView {
  const batches = [...mlflowFileStoreFormat.readRun(runFolder, { cursorFor: () => null })];
  const view = { status: null, params: {}, tags: {}, metrics: new Map(), artifacts: [], warnings: [], batches } as unknown as RunView;
  for (const record of batches.flatMap((batch) => batch.records)) {
    if (record.kind === 'header') view.header = record;
    else if (record.kind === 'status') view.status = record;
    else if (record.kind === 'params') Object.assign(view.params, record.values);
    else if (record.kind === 'tags') Object.assign(view.tags, record.values);
    else if (record.kind === 'metrics') for (const [key, series] of record.points) view.metrics.set(key, series);
    else if (record.kind === 'artifact') view.artifacts.push(record);
    else if (record.kind === 'warning') view.warnings.push(record);
  }
  return view;
}

/** Every folder below `root` that the format claims, as the scan would find them. */
function findRuns(root: string): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    const names = new Set(fs.readdirSync(folder));
    if (mlflowFileStoreFormat.isRunFolder(folder, names)) {
      found.push(folder);
      return;
    }
    for (const name of names) if (fs.statSync(path.join(folder, name)).isDirectory()) visit(path.join(folder, name));
  };
  visit(root);
  return found.sort();
}

/** [key, points, last value] per metric. */
function metricSummary(view: RunView): [string, number, number][] {
  return [...view.metrics].map(([key, s]) => [key, s.values.length, s.values[s.values.length - 1]] as [string, number, number]).sort();
}

interface Expected {
  id: string;
  name: string | null;
  status: string;
  start: number;
  end: number | null;
  params: number;
  tags: number;
  metrics?: [string, number, number][];
}

function checkStore(fixture: string, experiment: string, runs: Expected[]) {
  const root = path.join(fixtures, fixture, 'mlruns');
  const found = findRuns(root);
  expect(found.map((f) => path.basename(f))).toEqual(runs.map((r) => r.id).sort());
  for (const expected of runs) {
    const view = readRun(found.find((f) => path.basename(f) === expected.id)!);
    expect(view.header).toMatchObject({ kind: 'header', sourceRunId: expected.id, name: expected.name, experiment, startTime: expected.start, deleted: false });
    expect(view.status).toEqual({ kind: 'status', status: expected.status, endTime: expected.end, reason: null });
    expect(Object.keys(view.params)).toHaveLength(expected.params);
    expect(Object.keys(view.tags)).toHaveLength(expected.tags);
    expect(metricSummary(view)).toEqual((expected.metrics ?? []).sort());
    expect(view.warnings).toEqual([]);
    // Every batch carries the cursor of the file it names.
    for (const batch of view.batches) expect(batch.cursor.path).toBe(batch.file);
  }
}

describe('MLflow file store: real stores', () => {
  it('mlflow1-unfinished-run: a run left RUNNING stays RUNNING, Windows artifact_uri does no harm', () => {
    checkStore('mlflow1-unfinished-run', 'Default', [
      // meta.yaml: status 1, end_time null, name '' and no run_name or mlflow.runName tag.
      { id: 'cb0096518b0e4c66a94428555f05420b', name: null, status: 'RUNNING', start: 1664364007025, end: null, params: 8, tags: 4,
        metrics: [['accuracy', 1, 0.7858095765113831], ['loss', 1, 3.2727866172790527]] },
    ]);
    const view = readRun(path.join(fixtures, 'mlflow1-unfinished-run/mlruns/0/cb0096518b0e4c66a94428555f05420b'));
    // params/IMAGE_SIZE holds `[224, 224, 3]`; tags/mlflow.source.name a Windows path with backslashes.
    expect(view.params.IMAGE_SIZE).toBe('[224, 224, 3]');
    expect(view.tags['mlflow.source.name']).toBe('e:\\Ineuron\\Project\\Deep Learning Project\\DeepCNNClassifier\\DEEPCNNCLASSIFIER\\env\\lib\\site-packages\\ipykernel_launcher.py');
    expect(view.artifacts).toEqual([]);
  });

  it('mlflow1-projects-failed-runs: 1.x runs without names, two FAILED, values with spaces, quotes and =', () => {
    checkStore('mlflow1-projects-failed-runs', 'Default', [
      { id: '000ffb108fda4c8b923cc3a6f7f4b197', name: null, status: 'FINISHED', start: 1628958269414, end: 1628958287305, params: 6, tags: 9 },
      { id: '010647db72354cf8b42cc9c005c79f42', name: null, status: 'FINISHED', start: 1628960090866, end: 1628960132034, params: 6, tags: 9 },
      { id: '03b31aa61a824e958c49ae671a6df20e', name: null, status: 'FINISHED', start: 1629054471681, end: 1629054628713, params: 1, tags: 9 },
      { id: '17b20d6622224dff8c49c9f37984937c', name: null, status: 'FINISHED', start: 1628958511799, end: 1628958524255, params: 4, tags: 9 },
      { id: '1e6427f10766444fad27da568ca0d6bb', name: null, status: 'FINISHED', start: 1629054475657, end: 1629054495347, params: 4, tags: 9 },
      { id: '2187eb8a0b4c43ad8de610b73609ed19', name: null, status: 'FINISHED', start: 1628958328044, end: 1628958347554, params: 2, tags: 9 },
      { id: '2cffcb3ad91448c083df381125e19daa', name: null, status: 'FAILED', start: 1628955135947, end: 1628955139108, params: 1, tags: 9 },
      { id: '30bdc7a700744ee3ad38c0afea112519', name: null, status: 'FAILED', start: 1628955823547, end: 1628955826717, params: 1, tags: 9 },
      { id: 'ad54658c60934c5fa14e1897eb06dfc7', name: null, status: 'FINISHED', start: 1628958683229, end: 1628958697527, params: 3, tags: 9 },
    ]);
    const view = readRun(path.join(fixtures, 'mlflow1-projects-failed-runs/mlruns/0/03b31aa61a824e958c49ae671a6df20e'));
    // `cat params/hydra_options`: the whole file is the value.
    expect(view.params.hydra_options).toBe('main.project_name=genre_classification_prod');
    expect(view.tags['mlflow.source.type']).toBe('PROJECT');
  });

  it('mlflow2-registry-stages: 2.x run names, FAILED and RUNNING runs, metric-free runs', () => {
    checkStore('mlflow2-registry-stages', 'Default', [
      { id: '042ad632d1f24877ba6cd9efcbaaab6c', name: 'indecisive-fish-828', status: 'FINISHED', start: 1685343039110, end: 1685343039134, params: 1, tags: 4, metrics: [['accuracy', 1, 0.9]] },
      { id: '05f5631b485447628f229f6fdb5106b1', name: 'smiling-hound-742', status: 'FINISHED', start: 1685429499883, end: 1685429501597, params: 17, tags: 7,
        metrics: [
          ['training_mean_absolute_error', 1, 29.291639444788643], ['training_mean_squared_error', 1, 1251.5976560092674],
          ['training_r2_score', 1, 0.7850953350903961], ['training_root_mean_squared_error', 1, 35.37792611232698],
          ['training_score', 1, 0.7850953350903961],
        ] },
      { id: '1a3c30a3fc464ce783540a93b69f941a', name: 'fortunate-shrew-385', status: 'FINISHED', start: 1685526794468, end: 1685526795955, params: 2, tags: 5, metrics: [['mse', 1, 356.6847104398046]] },
      { id: '1ac0790f05c6490287f7faf09c9e3d26', name: 'caring-goat-666', status: 'FAILED', start: 1685523829951, end: 1685523829971, params: 0, tags: 4 },
      { id: '47fa8030c68442a0a6827d36006b61cb', name: 'salty-snake-155', status: 'FINISHED', start: 1685526346895, end: 1685526348303, params: 2, tags: 5, metrics: [['mse', 1, 356.6847104398046]] },
      { id: '7e32eb2086eb405798f997fb5610f725', name: 'classy-wasp-154', status: 'FINISHED', start: 1685526609236, end: 1685526610657, params: 2, tags: 5, metrics: [['mse', 1, 356.6847104398046]] },
      { id: '823752a37b844f01880ec088776a549b', name: 'name', status: 'FINISHED', start: 1685524623637, end: 1685524623682, params: 0, tags: 4 },
      { id: 'c4b7d5318199432d9605dbf01b376dc6', name: 'adventurous-bass-875', status: 'FAILED', start: 1685526546840, end: 1685526548331, params: 2, tags: 5, metrics: [['mse', 1, 356.6847104398046]] },
      { id: 'e83483c180f14f3eb1334f9838bdbb0f', name: 'fortunate-ant-645', status: 'FINISHED', start: 1685342445199, end: 1685342446733, params: 2, tags: 5,
        metrics: [['mae', 1, 0.6271946374319586], ['r2', 1, 0.10862644997792614], ['rmse', 1, 0.7931640229276851]] },
      { id: 'eebbc3f749c44c88b2bb8ed2f55572ea', name: 'chill-shrew-675', status: 'RUNNING', start: 1685344175479, end: null, params: 1, tags: 4, metrics: [['accuracy', 1, 0.9]] },
    ]);
  });

  it('mlflow2-ultralytics-nested-keys: nested metric keys, an experiment named /Shared/YOLOv8', () => {
    const nested = (mAP5095: number, mAP50: number, precision: number, recall: number, losses: number[]): [string, number, number][] => [
      // lr/* and train|val/* have 5 lines; metrics/* 6 (the last step, 4, is logged twice).
      ['lr/pg0', 5, 0.00406], ['lr/pg1', 5, 0.00406], ['lr/pg2', 5, 0.00406],
      ['metrics/mAP50-95B', 6, mAP5095], ['metrics/mAP50B', 6, mAP50], ['metrics/precisionB', 6, precision], ['metrics/recallB', 6, recall],
      ['train/box_loss', 5, losses[0]], ['train/cls_loss', 5, losses[1]], ['train/dfl_loss', 5, losses[2]],
      ['val/box_loss', 5, losses[3]], ['val/cls_loss', 5, losses[4]], ['val/dfl_loss', 5, losses[5]],
    ];
    checkStore('mlflow2-ultralytics-nested-keys', '/Shared/YOLOv8', [
      { id: '36fef05cff0a4981b71e1f6e4be0a212', name: 'adamaxtest', status: 'FINISHED', start: 1707675503307, end: 1707675841815, params: 105, tags: 5,
        metrics: nested(0.2669110624613866, 0.5605136796324824, 0.7046075075884762, 0.5090993372902187, [1.66399, 1.79248, 1.79983, 1.80788, 1.69561, 2.01948]) },
      { id: '3b1e8a01ecd5414194addb64dc7e701a', name: 'adamtest', status: 'FINISHED', start: 1707675114254, end: 1707675438543, params: 105, tags: 5,
        metrics: nested(0.19885370318176995, 0.45725679079184306, 0.5662241836956382, 0.4393468002810492, [1.77041, 2.0634, 1.87308, 1.93268, 2.08338, 2.11936]) },
    ]);
    const view = readRun(path.join(fixtures, 'mlflow2-ultralytics-nested-keys/mlruns/596793538227028894/36fef05cff0a4981b71e1f6e4be0a212'));
    // `cat metrics/metrics/mAP50B`: steps 0..4 with 4 twice, timestamps from the first column.
    expect(view.metrics.get('metrics/mAP50B')).toEqual({
      steps: [0, 1, 2, 3, 4, 4],
      timestamps: [1707675579062, 1707675644856, 1707675707050, 1707675768768, 1707675828282, 1707675841273],
      values: [0.28505, 0.3936, 0.43492, 0.53716, 0.5602, 0.5605136796324824],
    });
    // params/classes holds the string None (Python's None, written as text).
    expect(view.params.classes).toBe('None');
  });

  it('does not take experiment folders, registry folders or run subfolders for runs', () => {
    const root = path.join(fixtures, 'mlflow2-registry-stages', 'mlruns');
    const names = (folder: string) => new Set(fs.readdirSync(folder));
    for (const folder of [root, path.join(root, '0'), path.join(root, 'models'), path.join(root, 'models', 'test_r_m'), path.join(root, 'models', 'test_r_m', 'version-1'),
      path.join(root, '0', '05f5631b485447628f229f6fdb5106b1', 'tags')]) {
      expect(mlflowFileStoreFormat.isRunFolder(folder, names(folder))).toBe(false);
    }
  });
});

describe('MLflow file store: registry', () => {
  it('reads models, versions and stages; two versions of one model are in Production', () => {
    const models = path.join(fixtures, 'mlflow2-registry-stages', 'mlruns', 'models');
    expect(isMlflowModelsFolder(models, new Set(fs.readdirSync(models)))).toBe(true);
    const { models: read, warnings } = readMlflowFileRegistry(models);
    expect(warnings).toEqual([]);
    // From models/*/meta.yaml and models/*/version-*/meta.yaml, read by hand (`cat`).
    const summary = read.map((m) => [m.name, m.versions.map((v) => `${v.version}:${v.stage}:${v.sourceRunId}`)]);
    expect(summary).toEqual([
      ['ElasticnetWineModel', ['1:None:e83483c180f14f3eb1334f9838bdbb0f']],
      ['sk-learn-random-forest-reg', ['1:None:7e32eb2086eb405798f997fb5610f725', '2:None:1a3c30a3fc464ce783540a93b69f941a']],
      ['sk-learn-random-forest-reg-model', [
        '1:None:47fa8030c68442a0a6827d36006b61cb', '2:None:c4b7d5318199432d9605dbf01b376dc6',
        '3:Production:7e32eb2086eb405798f997fb5610f725', '4:Production:1a3c30a3fc464ce783540a93b69f941a',
      ]],
      ['test_r_m', ['1:Archived:823752a37b844f01880ec088776a549b']],
    ]);
    const elastic = read[0];
    expect(elastic).toMatchObject({ description: '- add xxx funtion', createdTime: 1685342446720, updatedTime: 1686903662560, tags: {}, aliases: {} });
    expect(elastic.versions[0]).toMatchObject({
      status: 'READY', sourceUri: 'mlflow-artifacts:/0/e83483c180f14f3eb1334f9838bdbb0f/artifacts/model',
      description: null, createdTime: 1685342446730, updatedTime: 1685342446730, tags: {},
    });
    // Version 2 of sk-learn-random-forest-reg-model comes from run c4b7…, whose meta.yaml says status 4 (FAILED).
    expect(read[2].versions[1].sourceRunId).toBe('c4b7d5318199432d9605dbf01b376dc6');
  });

  it('reads aliases, tags, leaves out deleted versions and warns about what is broken', () => {
    const models = path.join(tempDir(), 'mlruns', 'models');
    fs.mkdirSync(path.join(models, '..', '0'), { recursive: true });
    fs.writeFileSync(path.join(models, '..', '0', 'meta.yaml'), 'name: Default\n');
    const model = path.join(models, 'churn');
    for (const v of [1, 2, 3]) fs.mkdirSync(path.join(model, `version-${v}`, 'tags'), { recursive: true });
    fs.mkdirSync(path.join(model, 'aliases'));
    fs.mkdirSync(path.join(model, 'tags', 'team'), { recursive: true });
    fs.writeFileSync(path.join(model, 'meta.yaml'), 'name: churn\ndescription: null\ncreation_timestamp: 10\nlast_updated_timestamp: 20\nfuture_field: {a: 1}\n');
    fs.writeFileSync(path.join(model, 'tags', 'team', 'owner'), 'ml-platform');
    fs.writeFileSync(path.join(model, 'aliases', 'champion'), '2');
    fs.writeFileSync(path.join(model, 'aliases', 'broken'), 'two');
    fs.writeFileSync(path.join(model, 'version-1', 'meta.yaml'), 'version: 1\ncurrent_stage: Staging\nsource: runs:/abc/model\nrun_id: abc\nstatus: READY\n');
    fs.writeFileSync(path.join(model, 'version-1', 'tags', 'validated'), 'true');
    fs.writeFileSync(path.join(model, 'version-2', 'meta.yaml'), "version: '2'\ncurrent_stage: Production\nrun_id: null\n");
    fs.writeFileSync(path.join(model, 'version-3', 'meta.yaml'), 'version: 3\ncurrent_stage: Deleted_Internal\n');
    fs.mkdirSync(path.join(models, 'half-written'));
    fs.mkdirSync(path.join(models, 'garbled'));
    fs.writeFileSync(path.join(models, 'garbled', 'meta.yaml'), 'name: [unclosed\n');

    const { models: read, warnings } = readMlflowFileRegistry(models);
    expect(read.map((m) => m.name)).toEqual(['churn', 'garbled']);
    expect(read[0]).toMatchObject({ description: null, createdTime: 10, updatedTime: 20, tags: { 'team/owner': 'ml-platform' }, aliases: { champion: 2 } });
    expect(read[0].versions.map((v) => [v.version, v.stage, v.sourceRunId, v.tags])).toEqual([
      [1, 'Staging', 'abc', { validated: 'true' }],
      [2, 'Production', null, {}],
    ]);
    const messages = warnings.map((w) => `${path.relative(models, w.path)}: ${w.message}`);
    expect(messages).toContain('churn/aliases/broken: alias "broken" does not hold a version number');
    expect(messages).toContain('half-written: no meta.yaml: not a registered model');
    expect(messages.some((m) => m.startsWith('garbled/meta.yaml: meta.yaml is not valid YAML'))).toBe(true);
  });

  it('is not fooled by a models folder of saved models or MLflow 3 logged models', () => {
    const project = tempDir();
    fs.mkdirSync(path.join(project, 'models', 'resnet'), { recursive: true });
    expect(isMlflowModelsFolder(path.join(project, 'models'), new Set(['resnet']))).toBe(false);
    const experiment = path.join(project, 'mlruns', '1');
    fs.mkdirSync(path.join(experiment, 'models', 'm-123'), { recursive: true });
    fs.writeFileSync(path.join(experiment, 'meta.yaml'), 'name: x\n');
    expect(isMlflowModelsFolder(path.join(experiment, 'models'), new Set(['m-123']))).toBe(false);
  });
});

describe('MLflow file store: the benchmark generator', () => {
  it('writes 2 runs x 3 metrics x 50 steps that read back exactly', () => {
    const { points, root } = generateMlflowFileStore(tempDir(), { runs: 2, metrics: 3, steps: 50 });
    expect(points).toBe(300);
    const runs = findRuns(root);
    expect(runs.map((r) => path.basename(r)).sort()).toEqual([benchRunId(0), benchRunId(1)].sort());
    const keys = benchMetricKeys(3);
    expect(keys).toContain('train/loss');
    let total = 0;
    for (let run = 0; run < 2; run++) {
      const view = readRun(path.join(root, '0', benchRunId(run)));
      expect(view.warnings).toEqual([]);
      expect(view.header).toMatchObject({ sourceRunId: benchRunId(run), name: `bench-run-${run}`, experiment: 'Default' });
      expect(view.status).toMatchObject({ status: 'FINISHED', endTime: benchTimestamp(run, 50) });
      expect(view.params).toMatchObject({ optimizer: 'adamw', seed: String(run) });
      expect(view.tags['mlflow.runName']).toBe(`bench-run-${run}`);
      expect([...view.metrics.keys()].sort()).toEqual([...keys].sort());
      keys.forEach((key, m) => {
        const series = view.metrics.get(key)!;
        const steps = Array.from({ length: 50 }, (_, s) => s);
        expect(series.steps).toEqual(steps);
        expect(series.timestamps).toEqual(steps.map((s) => benchTimestamp(run, s)));
        expect(series.values).toEqual(steps.map((s) => benchMetricValue(run, m, s, 50)));
        total += series.values.length;
      });
    }
    expect(total).toBe(points);
  });

  it('spells floats as Python repr() does', () => {
    expect([1, 0.5, 1e-5, 1.5e-7, 1e16, 123456789.125, -0, NaN, Infinity, -Infinity, 0.0001].map(pythonFloatRepr)).toEqual([
      '1.0', '0.5', '1e-05', '1.5e-07', '1e+16', '123456789.125', '-0.0', 'nan', 'inf', '-inf', '0.0001',
    ]);
  });
});
