// A file of a run that cannot be read now (a FIFO in its place, no
// permission, a symlink loop, too large): the reader says so once, in a
// warning batch whose cursor remembers the problem, and keeps reading the
// rest of the run. The cursor matches no file, so each read looks again (a
// cheap open and fstat, never the content) and a file that becomes readable
// is read from its first byte; the same problem again yields nothing.
import type { FileBatch, FileCursor, RunRecord } from './records';
import { isMissing } from './safeFile';

/**
 * A cursor for a file not read: it resumes nothing and keeps the problem
 * (`message`) in its state. `byteOffset` is how far the file had been read
 * before (0: it fed nothing), so a reader can tell whether what it fed must
 * be voided once the file is read again.
 */
export function problemCursor(file: string, message: string, byteOffset = 0): FileCursor {
  return { path: file, size: -1, mtimeMs: 0, inode: '', byteOffset, lineNumber: 0, state: JSON.stringify({ err: message }) };
}

/** The problem a cursor made by problemCursor (or any cursor whose state has `err`) remembers, else null. */
export function problemIn(cursor: FileCursor | null): string | null {
  if (!cursor?.state || !cursor.state.includes('"err"')) return null;
  try {
    const state = JSON.parse(cursor.state) as { err?: unknown } | null;
    return state && typeof state.err === 'string' ? state.err : null;
  } catch {
    return null;
  }
}

export function warning(message: string, detail?: string): RunRecord {
  return detail === undefined ? { kind: 'warning', message, count: 1 } : { kind: 'warning', message, count: 1, detail };
}

/**
 * The batch that reports `message` about `file` (the warning's text), or null
 * when `before`, the file's cursor, already reports exactly that. Read from
 * the start: the file's earlier warnings no longer hold.
 */
export function problemBatch(file: string, message: string, before: FileCursor | null): FileBatch | null {
  if (problemIn(before) === message) return null;
  return { file, records: [warning(message)], cursor: problemCursor(file, message, before?.byteOffset ?? 0), fromStart: true };
}

/**
 * What a line file's read yields when reading it threw: after some batches
 * (`last`, the cursor stored last), a warning that keeps what was read; for a
 * file gone before it was opened, nothing (or, if a problem was said about
 * it, a batch saying no more); otherwise the problem's batch.
 */
export function batchAfterFailure(file: string, message: string, error: unknown, cursor: FileCursor | null, last: FileCursor | null): FileBatch | null {
  // Failed part-way: what was read stands, the next read resumes after it.
  if (last) return { file, records: [warning(message)], cursor: last, fromStart: false };
  if (isMissing(error)) {
    // Gone: nothing to read. A problem reported about it before no longer holds.
    return problemIn(cursor) !== null ? { file, records: [], cursor: { ...problemCursor(file, '', cursor?.byteOffset ?? 0), state: null }, fromStart: true } : null;
  }
  return problemBatch(file, message, cursor);
}
