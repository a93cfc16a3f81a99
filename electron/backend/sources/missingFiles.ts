// A file that vanished between listing and reading is normal (runs get deleted,
// writers replace files): readers treat it as absent, never as an error.
import fs from 'node:fs';

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The file's stats, or null when it is not there; other errors (permissions) are thrown. */
export function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}
