// Where a monitor's reference, current data and model are on disk: a file
// the user named, or a version of Runlens's registry (its training dataset,
// its model file checked against the SHA-256 recorded at registration, else
// the copy Runlens kept). Checked when a monitor is added and at every run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MonitorCurrent, MonitorModel, MonitorReference } from '../../../shared/drift/monitor';
import type { ModelVersionRecord } from '../../../shared/registry/types';
import { RequestFailed } from '../handlerTypes';
import { requireModel, requireVersion } from '../registry/queries';
import { inspectModelSource } from '../scoring/modelSource';
import { maxModelBytes } from '../scoring/onnx/session';
import { readFileCapped } from '../sources/safeFile';
import type { Db } from '../store/database';
import { fileSignature } from './batches';
import type { ModelJob } from './batchCompute';

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function existingFile(requested: string, what: string): string {
  const file = path.resolve(requested);
  if (!fs.existsSync(file)) throw new RequestFailed('not-found', `The ${what} ${file} does not exist`);
  if (!isFile(file)) throw new RequestFailed('bad-request', `The ${what} ${file} is not a file`);
  return file;
}

function versionOf(db: Db, model: string, version: number): ModelVersionRecord {
  return requireVersion(db, requireModel(db, model), version);
}

/** A dataset's recorded source as a local path, or null (a URI of another scheme, a relative path). */
function localPath(source: string | null): string | null {
  if (!source) return null;
  if (source.startsWith('file://')) {
    try {
      return fileURLToPath(source);
    } catch {
      return null;
    }
  }
  return path.isAbsolute(source) ? source : null;
}

/** The reference file: the one named, or the version's training dataset (else its first local, readable one). */
export function referencePathOf(db: Db, reference: MonitorReference): string {
  if (reference.kind === 'file') return existingFile(reference.path, 'reference');
  const version = versionOf(db, reference.model, reference.version);
  const local = version.datasets.map((d) => ({ d, file: localPath(d.source) })).filter((x) => x.file !== null && isFile(x.file));
  const chosen = local.find((x) => x.d.context === 'training') ?? local[0];
  if (!chosen) {
    const named = version.datasets.map((d) => `${d.name}${d.context ? ` (${d.context})` : ''}: ${d.source ?? 'no source'}`).join('; ');
    throw new RequestFailed('bad-request', `Version ${version.version} of "${version.model}" records no dataset with a local file to use as the reference (${named || 'it records no datasets'}): name a reference file instead`);
  }
  return chosen.file!;
}

/** The current data exists: the folder, or every listed file. */
export function checkCurrent(current: MonitorCurrent): void {
  if (current.kind === 'folder') {
    const folder = path.resolve(current.path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(folder);
    } catch {
      throw new RequestFailed('not-found', `The folder ${folder} does not exist`);
    }
    if (!stat.isDirectory()) throw new RequestFailed('bad-request', `${folder} is not a folder: give a folder of CSV files, or the files`);
    return;
  }
  if (current.paths.length === 0) throw new RequestFailed('bad-request', 'Give at least one current file');
  for (const file of current.paths) existingFile(file, 'current file');
}

const sha256Of = (file: string) => createHash('sha256').update(readFileCapped(file, maxModelBytes).data).digest('hex');

/** The version's file when it is still the one registered, else the kept copy; a changed file is never scored in its name. */
function versionModelFile(version: ModelVersionRecord): string {
  const problems: string[] = [];
  for (const [where, candidate] of [['registered file', version.filePath], ['kept copy', version.copyPath]] as const) {
    if (candidate === null) continue;
    if (!isFile(candidate)) {
      problems.push(`the ${where} ${candidate} is missing`);
      continue;
    }
    if (sha256Of(candidate) === version.sha256) return candidate;
    problems.push(`the ${where} ${candidate} changed since registration`);
  }
  throw new RequestFailed('bad-request', `Version ${version.version} of "${version.model}" cannot be scored: ${problems.join('; ') || 'it has no file'}`);
}

/** The model's file, its feature order and what batches depend on; throws RequestFailed for a model that cannot be scored. */
export function modelJobOf(db: Db, model: MonitorModel | null): (ModelJob & { signature: string }) | null {
  if (model === null) return null;
  let file: string;
  let signature: string;
  if (model.kind === 'file') {
    file = path.resolve(model.path);
    if (!fs.existsSync(file)) throw new RequestFailed('not-found', `The model ${file} does not exist`);
    signature = `file:${fileSignature(file)}`;
  } else {
    const version = versionOf(db, model.model, model.version);
    file = versionModelFile(version);
    signature = `sha256:${version.sha256}`;
  }
  const inspection = inspectModelSource(db, { kind: 'file', path: file });
  if (!inspection.file || !inspection.info || inspection.unscorable) throw new RequestFailed('bad-request', inspection.unscorable ?? `${path.basename(file)} cannot be scored`);
  const layout = inspection.info.inputLayout;
  if (layout?.kind === 'matrix' && !inspection.featureOrder) {
    throw new RequestFailed('bad-request', `The model's input "${layout.input}" names no feature order: confirm its columns' order once in the Scoring area`);
  }
  return { file: inspection.file, featureOrder: inspection.featureOrder?.features ?? null, signature };
}
