// Rows of the projects table, and what a project folder looks like right now.
import fs from 'node:fs';
import type { Project } from '../../../shared/domain';
import type { Db } from '../store/database';

export interface ProjectRow {
  id: number;
  path: string;
  added_at: number;
}

export function listProjectRows(db: Db): ProjectRow[] {
  return db.prepare('SELECT id, path, added_at FROM projects ORDER BY path').all() as ProjectRow[];
}

export function projectRow(db: Db, projectId: number): ProjectRow | null {
  return (db.prepare('SELECT id, path, added_at FROM projects WHERE id = ?').get(projectId) as ProjectRow | undefined) ?? null;
}

/** Why a folder cannot be a project right now, or null when it can. */
export function folderProblem(folder: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `Folder not found: ${folder}`;
    if (code === 'EACCES' || code === 'EPERM') return `Permission denied: cannot open ${folder}`;
    return `Cannot open ${folder}: ${(error as Error).message}`;
  }
  if (!stat.isDirectory()) return `Not a folder: ${folder}`;
  try {
    fs.accessSync(folder, fs.constants.R_OK | fs.constants.X_OK);
    fs.readdirSync(folder);
  } catch {
    return `Permission denied: cannot read ${folder}`;
  }
  return null;
}

export function toProject(db: Db, row: ProjectRow, watchMode: Project['watchMode']): Project {
  const { count } = db.prepare('SELECT COUNT(*) AS count FROM runs WHERE project_id = ? AND deleted = 0').get(row.id) as { count: number };
  const problem = folderProblem(row.path);
  return { id: row.id, path: row.path, addedAt: row.added_at, runCount: count, available: problem === null, problem, watchMode };
}
