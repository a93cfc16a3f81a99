// Dataset inputs of a run (MLflow 2.4+ file store, FileStore.log_inputs):
//   <run>/inputs/<input id>/meta.yaml      source_type: DATASET, source_id: <dataset id>,
//                                          tags: {mlflow.data.context: train}
//   <experiment>/datasets/<dataset id>/meta.yaml   name, digest, source_type, source, schema, profile
// Both are written once. The batch's cursor is keyed by `<run>/inputs`; its
// identity covers the input files and the experiment's datasets folder (a
// dataset written after its input was first seen still gets read).
import fs from 'node:fs';
import path from 'node:path';
import { wholeFileChanged, type CursorLookup, type FileBatch, type FileCursor, type RunRecord } from '../records';
import { identityOf, isMissing, listKeyFiles, maxDatasetMetaBytes, readMetaYaml, textOf } from './meta';

const inputLimits = { maxFiles: 1000, maxDepth: 2 };

function folderIdentity(folder: string): string {
  try {
    const stat = fs.statSync(folder);
    return `${stat.dev}:${stat.ino}:${stat.mtimeMs}`;
  } catch {
    return 'none';
  }
}

export function* readDatasets(runFolder: string, cursors: CursorLookup): Generator<FileBatch> {
  const inputsFolder = path.join(runFolder, 'inputs');
  const listing = listKeyFiles(inputsFolder, inputLimits);
  if (!listing) return;
  const metas = listing.files.filter((file) => /^[^/]+\/meta\.yaml$/.test(file.key));
  const datasetsFolder = path.join(path.dirname(runFolder), 'datasets');
  const identity = identityOf(metas, `${folderIdentity(datasetsFolder)}\n${listing.problems.join('\n')}`);
  if (!wholeFileChanged(cursors.cursorFor(inputsFolder), identity)) return;
  const records: RunRecord[] = [];
  const warn = (message: string) => records.push({ kind: 'warning', message, count: 1 });
  for (const problem of listing.problems) warn(`inputs/${problem}`);
  for (const meta of metas) {
    const name = `inputs/${meta.key}`;
    let input;
    try {
      input = readMetaYaml(meta.file);
    } catch (error) {
      if (isMissing(error)) continue;
      throw error;
    }
    if (input.note) warn(`${name} ${input.note}`);
    if (!input.data) {
      warn(`${name} ${input.problem}`);
      continue;
    }
    const sourceType = textOf(input.data.source_type);
    if (sourceType !== null && sourceType !== 'DATASET') continue;
    const sourceId = textOf(input.data.source_id);
    if (!sourceId || !/^[\w.-]+$/.test(sourceId) || sourceId === '.' || sourceId === '..') {
      warn(`${name}: no usable source_id`);
      continue;
    }
    const datasetFile = path.join(datasetsFolder, sourceId, 'meta.yaml');
    let dataset;
    try {
      dataset = readMetaYaml(datasetFile, maxDatasetMetaBytes);
    } catch (error) {
      if (!isMissing(error)) throw error;
      warn(`${name}: its dataset ${sourceId} is not in the experiment's datasets folder`);
      continue;
    }
    if (dataset.note) warn(`dataset ${sourceId}: meta.yaml ${dataset.note}`);
    if (!dataset.data) {
      warn(`dataset ${sourceId}: meta.yaml ${dataset.problem}`);
      continue;
    }
    const datasetName = textOf(dataset.data.name);
    if (!datasetName) {
      warn(`dataset ${sourceId}: meta.yaml has no name`);
      continue;
    }
    const tags = input.data.tags;
    const context = tags && typeof tags === 'object' && !Array.isArray(tags) ? textOf((tags as Record<string, unknown>)['mlflow.data.context']) : null;
    records.push({ kind: 'dataset', name: datasetName, digest: textOf(dataset.data.digest), sourceType: textOf(dataset.data.source_type), context });
  }
  const cursor: FileCursor = { path: inputsFolder, ...identity, byteOffset: identity.size, lineNumber: metas.length };
  yield { file: inputsFolder, records, cursor, fromStart: true };
}
