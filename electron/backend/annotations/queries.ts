// What the user added to runs in Runlens (owned tables: no re-read touches them).
import type { RunAnnotation } from '../../../shared/runQuery';
import type { Db } from '../store/database';

export interface AnnotationChange {
  starred?: boolean;
  note?: string;
  color?: string | null;
  hidden?: boolean;
  /** A value sets the tag, null removes it. */
  tags?: Record<string, string | null>;
}

interface AnnotationRow {
  run_id: string;
  starred: number;
  note: string;
  color: string | null;
  hidden: number;
}

/** The annotations of these runs, by run id; a run without any is left out. */
export function readAnnotations(db: Db, runIds: readonly string[]): Map<string, RunAnnotation> {
  const found = new Map<string, RunAnnotation>();
  if (runIds.length === 0) return found;
  const ids = JSON.stringify(runIds);
  const rows = db
    .prepare('SELECT run_id, starred, note, color, hidden FROM run_annotations WHERE run_id IN (SELECT value FROM json_each(?))')
    .all(ids) as AnnotationRow[];
  for (const row of rows) {
    found.set(row.run_id, { starred: row.starred === 1, note: row.note, color: row.color, hidden: row.hidden === 1, tags: {} });
  }
  const tags = db
    .prepare('SELECT run_id, name, value FROM run_annotation_tags WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY name')
    .all(ids) as { run_id: string; name: string; value: string }[];
  for (const tag of tags) {
    let annotation = found.get(tag.run_id);
    if (!annotation) found.set(tag.run_id, (annotation = { starred: false, note: '', color: null, hidden: false, tags: {} }));
    annotation.tags[tag.name] = tag.value;
  }
  return found;
}

/** Applies one change to many runs in one transaction; fields left out are kept. */
export function annotateRuns(db: Db, runIds: readonly string[], change: AnnotationChange, now = Date.now()): void {
  const ensure = db.prepare('INSERT INTO run_annotations (run_id, updated_at) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET updated_at = excluded.updated_at');
  const setField = {
    starred: db.prepare('UPDATE run_annotations SET starred = ? WHERE run_id = ?'),
    note: db.prepare('UPDATE run_annotations SET note = ? WHERE run_id = ?'),
    color: db.prepare('UPDATE run_annotations SET color = ? WHERE run_id = ?'),
    hidden: db.prepare('UPDATE run_annotations SET hidden = ? WHERE run_id = ?'),
  };
  const setTag = db.prepare('INSERT INTO run_annotation_tags (run_id, name, value) VALUES (?, ?, ?) ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value');
  const removeTag = db.prepare('DELETE FROM run_annotation_tags WHERE run_id = ? AND name = ?');
  db.transaction(() => {
    for (const runId of runIds) {
      ensure.run(runId, now);
      if (change.starred !== undefined) setField.starred.run(change.starred ? 1 : 0, runId);
      if (change.note !== undefined) setField.note.run(change.note, runId);
      if (change.color !== undefined) setField.color.run(change.color, runId);
      if (change.hidden !== undefined) setField.hidden.run(change.hidden ? 1 : 0, runId);
      for (const [name, value] of Object.entries(change.tags ?? {})) {
        if (value === null) removeTag.run(runId, name);
        else setTag.run(runId, name, value);
      }
    }
  }).immediate();
}
