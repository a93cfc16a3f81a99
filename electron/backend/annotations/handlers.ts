// Stars, notes, colors, hidden flags and extra tags on runs: the user's own, in Runlens's tables.
import { RequestFailed, type Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { annotateRuns, readAnnotations } from './queries';

export interface AnnotationEvents {
  /** The annotated runs changed for every client showing them. */
  changed(runIds: string[]): void;
}

export function annotationHandlers(db: Db, events?: AnnotationEvents) {
  return {
    'runs/annotate': async ({ runIds, tags, ...fields }) => {
      const known = db.prepare('SELECT id FROM runs WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(runIds)) as string[];
      const unknown = runIds.filter((id) => !known.includes(id));
      if (unknown.length > 0) throw new RequestFailed('not-found', `No run with id ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}`);
      annotateRuns(db, runIds, { ...fields, tags });
      events?.changed(runIds);
      return { annotations: Object.fromEntries(readAnnotations(db, runIds)) };
    },
  } satisfies Partial<Handlers>;
}
