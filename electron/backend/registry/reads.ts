// A model and its versions as the user sees them: each version's file checked
// on read (fileState 'ok', 'changed' or 'missing'), never hidden.
import type { ModelVersionRecord, RegistryModelDetail } from '../../../shared/registry/types';
import type { Db } from '../store/database';
import { fileStateOf } from './files';
import { modelDetail, recordedFiles, requireModel, type ModelRow } from './queries';

/** The versions with their files checked now. */
export async function withFileStates(db: Db, modelId: number, versions: ModelVersionRecord[]): Promise<ModelVersionRecord[]> {
  const files = new Map(recordedFiles(db, modelId).map((file) => [file.version, file]));
  const out: ModelVersionRecord[] = [];
  for (const version of versions) {
    const recorded = files.get(version.version);
    out.push(recorded ? { ...version, fileState: await fileStateOf(recorded) } : version);
  }
  return out;
}

/** The model named `name` with every version and its file state; not-found when there is none. */
export async function checkedModel(db: Db, name: string): Promise<{ row: ModelRow; detail: RegistryModelDetail }> {
  const row = requireModel(db, name);
  const detail = modelDetail(db, name)!;
  return { row, detail: { ...detail, versions: await withFileStates(db, row.id, detail.versions) } };
}
