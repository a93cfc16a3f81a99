// Reader of the model registry in MLflow's file store, learnt from MLflow's
// mlflow/store/model_registry/file_store.py:
//
//   mlruns/models/<name>/meta.yaml            name, description, creation_timestamp, last_updated_timestamp
//   mlruns/models/<name>/tags/<key>           one file per tag
//   mlruns/models/<name>/aliases/<alias>      the file holds the version number (MLflow 2.3+)
//   mlruns/models/<name>/version-<N>/meta.yaml  version, current_stage, status, source, run_id, description, times
//   mlruns/models/<name>/version-<N>/tags/<key>
//
// A deleted version stays on disk with current_stage "Deleted_Internal" and is
// left out, as MLflow leaves it out. The folder name is the model's name (the
// registry finds models by it). Registries are small: read whole each time.
import fs from 'node:fs';
import path from 'node:path';
import type { RegistryModel, RegistryModelVersion } from '../records';
import { intOf, isMissing, listKeyFiles, nonEmptyText, readKeyValues, readMetaYaml, textOf, type MetaResult, type YamlMapping } from './meta';

export interface RegistryWarning {
  path: string;
  message: string;
}

const versionFolder = /^version-(\d+)$/;
const deletedStage = 'Deleted_Internal';

/**
 * Whether `folder` is the registry of an MLflow file store: a `models` folder
 * beside experiment folders (or the trash), or whose model folders hold
 * version-N folders. MLflow 3 keeps logged models in `<experiment>/models/`:
 * not a registry.
 */
export function isMlflowModelsFolder(folder: string, names: ReadonlySet<string>): boolean {
  if (path.basename(folder) !== 'models') return false;
  const root = path.dirname(folder);
  if (fs.existsSync(path.join(root, 'meta.yaml'))) return false;
  if (fs.existsSync(path.join(root, '.trash')) || fs.existsSync(path.join(root, '0', 'meta.yaml'))) return true;
  let looked = 0;
  for (const name of names) {
    if (looked++ >= 20) break;
    try {
      const inside = fs.readdirSync(path.join(folder, name));
      if (inside.includes('meta.yaml') && inside.some((entry) => versionFolder.test(entry))) return true;
    } catch {
      // not a folder
    }
  }
  return false;
}

function readMeta(file: string, warnings: RegistryWarning[]): MetaResult | null {
  try {
    const result = readMetaYaml(file);
    if (result.problem) warnings.push({ path: file, message: `meta.yaml ${result.problem}` });
    if (result.note) warnings.push({ path: file, message: `meta.yaml ${result.note}` });
    return result;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function readValues(folder: string, what: string, warnings: RegistryWarning[]): Record<string, string> {
  const listing = listKeyFiles(folder);
  if (!listing) return {};
  for (const problem of listing.problems) warnings.push({ path: folder, message: problem });
  const { values, problems } = readKeyValues(listing.files, what);
  for (const problem of problems) warnings.push({ path: folder, message: problem });
  return values;
}

function subfolders(folder: string, warnings: RegistryWarning[]): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (!isMissing(error)) warnings.push({ path: folder, message: `cannot list (${(error as Error).message})` });
    return [];
  }
}

function readVersion(folder: string, number: number, warnings: RegistryWarning[]): RegistryModelVersion | null {
  const file = path.join(folder, 'meta.yaml');
  const result = readMeta(file, warnings);
  if (!result) {
    warnings.push({ path: folder, message: 'no meta.yaml: not a model version' });
    return null;
  }
  const meta: YamlMapping = result.data ?? {};
  const stage = textOf(meta.current_stage);
  if (stage === deletedStage) return null;
  const stated = intOf(meta.version);
  if (stated !== null && stated !== number) {
    warnings.push({ path: file, message: `version ${stated} in meta.yaml, but the folder is version-${number}: the folder's number is used` });
  }
  return {
    version: number,
    stage,
    status: textOf(meta.status),
    sourceUri: nonEmptyText(meta.source),
    sourceRunId: nonEmptyText(meta.run_id),
    description: nonEmptyText(meta.description),
    createdTime: intOf(meta.creation_timestamp),
    updatedTime: intOf(meta.last_updated_timestamp),
    tags: readValues(path.join(folder, 'tags'), 'tag', warnings),
  };
}

function readModel(folder: string, warnings: RegistryWarning[]): RegistryModel | null {
  const name = path.basename(folder);
  const result = readMeta(path.join(folder, 'meta.yaml'), warnings);
  if (!result) {
    warnings.push({ path: folder, message: 'no meta.yaml: not a registered model' });
    return null;
  }
  const meta: YamlMapping = result.data ?? {};
  const stated = textOf(meta.name);
  if (stated !== null && stated !== name) {
    warnings.push({ path: path.join(folder, 'meta.yaml'), message: `name "${stated}" in meta.yaml, but the folder is "${name}": the folder's name is used` });
  }
  const versions: RegistryModelVersion[] = [];
  for (const entry of subfolders(folder, warnings)) {
    const match = versionFolder.exec(entry);
    if (!match) continue;
    const version = readVersion(path.join(folder, entry), Number(match[1]), warnings);
    if (version) versions.push(version);
  }
  versions.sort((a, b) => a.version - b.version);
  const aliases: Record<string, number> = {};
  const aliasFolder = path.join(folder, 'aliases');
  for (const [alias, text] of Object.entries(readValues(aliasFolder, 'alias', warnings))) {
    const version = intOf(text);
    if (version === null) {
      warnings.push({ path: path.join(aliasFolder, alias), message: `alias "${alias}" does not hold a version number` });
      continue;
    }
    if (!versions.some((v) => v.version === version)) {
      warnings.push({ path: path.join(aliasFolder, alias), message: `alias "${alias}" points to version ${version}, which does not exist` });
    }
    aliases[alias] = version;
  }
  return {
    name,
    description: nonEmptyText(meta.description),
    createdTime: intOf(meta.creation_timestamp),
    updatedTime: intOf(meta.last_updated_timestamp),
    tags: readValues(path.join(folder, 'tags'), 'tag', warnings),
    aliases,
    versions,
  };
}

/** Every registered model under `modelsFolder` with its live versions; problems as warnings, never thrown. */
export function readMlflowFileRegistry(modelsFolder: string): { models: RegistryModel[]; warnings: RegistryWarning[] } {
  const warnings: RegistryWarning[] = [];
  const models: RegistryModel[] = [];
  for (const entry of subfolders(modelsFolder, warnings)) {
    const model = readModel(path.join(modelsFolder, entry), warnings);
    if (model) models.push(model);
  }
  return { models, warnings };
}
