// Maps changed files to the run folders they belong to: the nearest known run
// folder above the file, or, for a run that is new, the nearest folder above
// it that some format recognises as a run.
import fs from 'node:fs';
import path from 'node:path';
import { formatOf } from '../sources/formats';

/** How far above a changed file a new run folder may be (MLflow: run/metrics/a/b/key). */
const maxLevelsAboveFile = 6;

export function locateRunFolders(projectRoot: string, files: Iterable<string>, knownRuns: ReadonlySet<string>): Set<string> {
  const folders = new Set<string>();
  const looked = new Map<string, boolean>();
  const isRun = (folder: string): boolean => {
    let answer = looked.get(folder);
    if (answer === undefined) {
      try {
        answer = formatOf(folder, new Set(fs.readdirSync(folder))) !== null;
      } catch {
        answer = false;
      }
      looked.set(folder, answer);
    }
    return answer;
  };
  for (const file of files) {
    let folder = path.dirname(file);
    let found: string | null = null;
    for (let level = 0; level < maxLevelsAboveFile && folder.startsWith(projectRoot) && !found; level++) {
      if (knownRuns.has(folder)) found = folder;
      folder = path.dirname(folder);
    }
    if (!found) {
      folder = path.dirname(file);
      for (let level = 0; level < maxLevelsAboveFile && folder.startsWith(projectRoot) && !found; level++) {
        if (isRun(folder)) found = folder;
        folder = path.dirname(folder);
      }
    }
    if (found) folders.add(found);
  }
  return folders;
}
