// An editor's draft of a saved list (gates, hooks): edited freely, compared
// with what is saved, and replaced by a newer saved value only while it holds
// no unsaved edits (another window's save must not wipe what is being typed).
import { useEffect, useState } from 'react';

/** JSON is exact here: drafts hold text, booleans, finite numbers and null. */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function useDraft<T>(saved: T): { draft: T; setDraft(next: T): void; dirty: boolean; reset(): void } {
  const [draft, setDraft] = useState<T>(saved);
  const [base, setBase] = useState<T>(saved);
  useEffect(() => {
    if (same(saved, base)) return;
    setBase(saved);
    setDraft((current) => (same(current, base) ? saved : current));
  }, [saved, base]);
  return { draft, setDraft, dirty: !same(draft, saved), reset: () => setDraft(saved) };
}
