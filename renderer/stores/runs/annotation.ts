// An annotation as it will be once a patch is applied: shown at once, before the backend confirms.
import type { RunAnnotation } from '../../../shared/runQuery';
import type { AnnotationPatch } from './state';

export const emptyAnnotation: RunAnnotation = { starred: false, note: '', color: null, hidden: false, tags: {} };

/** The annotation after a patch (tags: a value sets, null removes). */
export function patchedAnnotation(annotation: RunAnnotation | null, patch: AnnotationPatch): RunAnnotation {
  const base = annotation ?? emptyAnnotation;
  const tags = { ...base.tags };
  for (const [key, value] of Object.entries(patch.tags ?? {})) {
    if (value === null) delete tags[key];
    else tags[key] = value;
  }
  return {
    starred: patch.starred ?? base.starred,
    note: patch.note ?? base.note,
    color: patch.color === undefined ? base.color : patch.color,
    hidden: patch.hidden ?? base.hidden,
    tags,
  };
}

