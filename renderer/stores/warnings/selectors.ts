// Named pure selectors over the warnings store, and the grouping the warnings panel shows.
import type { IngestWarning } from '../../../shared/domain';
import { baseName } from '../../format/date';
import type { WarningsState } from './store';

export const selectWarnings = (s: WarningsState): IngestWarning[] => s.warnings;
export const selectWarningsStatus = (s: WarningsState): WarningsState['status'] => s.status;
export const selectWarningsError = (s: WarningsState): WarningsState['error'] => s.error;
/** One per problem: a file with 500 malformed lines is one warning that happened 500 times. */
export const selectWarningCount = (s: WarningsState): number => s.warnings.length;

/** "1 warning", "12 warnings". */
export function warningCountLabel(count: number): string {
  return `${count.toLocaleString()} warning${count === 1 ? '' : 's'}`;
}

const isSeparator = (char: string | undefined): boolean => char === '/' || char === '\\';

/** The path below `folder` ('' for the folder itself), or null when it is not inside it. Either separator. */
export function relativeToFolder(path: string, folder: string): string | null {
  const base = folder.replace(/[\\/]+$/, '');
  if (path === base || path === folder) return '';
  if (!path.startsWith(base) || !isSeparator(path[base.length])) return null;
  return path.slice(base.length + 1).replace(/^[\\/]+/, '');
}

export interface PathShown {
  /** What to print: relative to the project folder when inside one. */
  shown: string;
  /** The full path, for the hover title. */
  full: string;
}

/**
 * A warning's path as the panel prints it: relative to the (innermost) project folder
 * that holds it, the folder's own name first when several projects are listed together.
 */
export function pathShown(path: string, folders: string[], withFolderName: boolean): PathShown {
  let best: { folder: string; relative: string } | null = null;
  for (const folder of folders) {
    const relative = relativeToFolder(path, folder);
    if (relative !== null && (!best || folder.length > best.folder.length)) best = { folder, relative };
  }
  if (!best) return { shown: path, full: path };
  const name = baseName(best.folder);
  if (best.relative === '') return { shown: name, full: path };
  return { shown: withFolderName ? `${name}/${best.relative}` : best.relative, full: path };
}

/** A shown path cut before its last segment, to set the file name apart: ['mlruns/0/r1/metrics/', 'loss']. */
export function splitFileName(shown: string): [folder: string, name: string] {
  const cut = Math.max(shown.lastIndexOf('/'), shown.lastIndexOf('\\')) + 1;
  return [shown.slice(0, cut), shown.slice(cut)];
}

export interface WarningGroup extends PathShown {
  /** The file (or folder) the warnings are about, as the backend names it. */
  path: string;
  /** Newest first. */
  warnings: IngestWarning[];
  /** When the newest of them happened. */
  latestAt: number;
}

const newestFirst = (a: IngestWarning, b: IngestWarning): number => b.at - a.at;

/** Warnings by file, the file with the newest problem first; within a file, newest first. */
export function groupWarningsByFile(warnings: IngestWarning[], folders: string[], withFolderName: boolean): WarningGroup[] {
  const byPath = new Map<string, IngestWarning[]>();
  for (const warning of warnings) {
    const list = byPath.get(warning.path);
    if (list) list.push(warning);
    else byPath.set(warning.path, [warning]);
  }
  const groups: WarningGroup[] = [];
  for (const [path, list] of byPath) {
    const sorted = [...list].sort(newestFirst);
    groups.push({ path, ...pathShown(path, folders, withFolderName), warnings: sorted, latestAt: sorted[0].at });
  }
  return groups.sort((a, b) => b.latestAt - a.latestAt || a.shown.localeCompare(b.shown, undefined, { numeric: true }));
}
