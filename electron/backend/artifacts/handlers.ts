// `runs/artifact`: a preview of one artifact of a run. The path is checked
// against what the readers recorded and against the run folder
// (artifactFiles.ts) before any byte is read (preview.ts).
import type { Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { locateArtifact } from './artifactFiles';
import { previewArtifact } from './preview';

export function artifactHandlers(db: Db) {
  return {
    'runs/artifact': async ({ runId, path }) => previewArtifact(locateArtifact(db, runId, path)),
  } satisfies Partial<Handlers>;
}
