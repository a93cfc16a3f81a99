// Reading one DVCLive metric history file incrementally: from where its
// cursor stopped, in batches, telling a replaced or truncated file from one
// that grew, and stepping over a NUL-filled (sparse or preallocated) tail
// without reading it. The rows themselves are parsed in tsvParser.ts.
import fs from 'node:fs';
import { anchorAt, binaryTailWhy, canResume, fileIdentity, readNewLines } from '../lineReader';
import type { FileCursor, RunRecord } from '../records';
import { openRegularFile, readAt } from '../safeFile';
import { emptyTsvState, parseTsvState, TsvParser, type TsvState } from './tsvParser';

/** Unread TSV stretches past this size are probed for a NUL-filled (sparse or preallocated) tail first. */
const tailProbeBytes = 1024 * 1024;
const probeBlockBytes = 64 * 1024;
/** Text before a NUL tail up to this size is read in one go; past it the line reader streams it. */
const maxTextBeforeTailBytes = 64 * 1024 * 1024;
/** Bytes before a TSV cursor kept to recognise the file on the next read. */
const tailCheckBytes = 32;

/** One batch of a TSV: records, the cursor after them (state included), whether the file started over. */
export interface TsvBatch {
  records: RunRecord[];
  cursor: FileCursor;
  restarted: boolean;
  /** Read from the file's first line. */
  fromStart: boolean;
  state: TsvState;
}

function allNul(buffer: Buffer): boolean {
  for (let i = 0; i < buffer.length; i++) if (buffer[i] !== 0) return false;
  return true;
}

/**
 * Where a NUL-filled tail starts in [from, size), or null when the file does
 * not end in NULs. A sparse or preallocated file (a crash, `truncate`) ends
 * in a hole no text writer made; binary search over 64 KB blocks finds its
 * start in ~log2(size / 64 KB) small reads instead of reading the hole.
 * Assumes text then NULs; a NUL block inside text may end the text early,
 * which is reported like the rest of the tail.
 */
export function nulTailStart(fd: number, from: number, size: number): number | null {
  const blocks = Math.ceil((size - from) / probeBlockBytes);
  const blockAt = (k: number) => readAt(fd, from + k * probeBlockBytes, Math.min(probeBlockBytes, size - from - k * probeBlockBytes));
  if (blocks === 0 || !allNul(blockAt(blocks - 1))) return null;
  let lo = 0;
  let hi = blocks - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (allNul(blockAt(mid))) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 0) return from;
  const before = blockAt(lo - 1);
  let end = before.length;
  while (end > 0 && before[end - 1] === 0) end--;
  return from + (lo - 1) * probeBlockBytes + end;
}

/** The first line of a file (the TSV header), to recover columns when a cursor lost its state. */
function readFirstLine(fd: number): string | null {
  const head = readAt(fd, 0, 64 * 1024).toString('utf8');
  const newline = head.indexOf('\n');
  return newline < 0 ? null : head.slice(0, newline).replace(/\r$/, '');
}

/** The last bytes before `offset` (hex): what a cursor checks to know the file it resumes is the file it read. */
function tailAt(fd: number, offset: number): string {
  const from = Math.max(0, offset - tailCheckBytes);
  return readAt(fd, from, offset - from).toString('hex');
}

/**
 * Reads what was appended to one metric TSV since `cursor`, in batches of a
 * few MB: a torn last row waits for its newline, a replaced or truncated file
 * is read again from its first byte (restarted), and a NUL-filled tail is
 * skipped without being read (one warning). A file replaced by one at least
 * as long that reuses the inode (Linux reuses a deleted file's inode at once;
 * DVCLive deletes and rewrites its histories on `Live(resume=False)`) is told
 * apart by the bytes before the cursor, kept in its state. Throws ENOENT if
 * the file vanished.
 */
export function* readTsv(file: string, key: string, label: string, cursor: FileCursor | null): Generator<TsvBatch> {
  // Unchanged since the cursor (the common case on every watcher event): nothing to open.
  const before = fs.statSync(file);
  if (cursor && canResume(cursor, before) && before.size === cursor.byteOffset && before.mtimeMs === cursor.mtimeMs) return;
  // Only a regular file is opened: a FIFO would block (UnreadableFileError, safeFile.ts).
  const { fd, stat } = openRegularFile(file);
  try {
    // The cursor to resume from, or null to read from the first byte.
    let from: FileCursor | null = canResume(cursor, stat) ? cursor : null;
    let state = (from ? parseTsvState(from.state) : null) ?? emptyTsvState();
    if (from && from.byteOffset > 0 && state.tail !== null && tailAt(fd, from.byteOffset) !== state.tail) {
      // Not the file the cursor read: make the line reader start over too.
      cursor = { ...from, inode: `${from.inode} (replaced)` };
      from = null;
      state = emptyTsvState();
    }
    if (from && from.lineNumber > 0 && !state.cols && !state.skip) {
      // The cursor lost its state (an older cursor): take the columns from the header again.
      const first = readFirstLine(fd);
      state = emptyTsvState();
      if (first !== null) new TsvParser(key, label, state).header(first);
    }
    const start = from ? from.byteOffset : 0;
    const startLine = from ? from.lineNumber : 0;
    const parser = new TsvParser(key, label, state);

    const tail = stat.size - start > tailProbeBytes ? nulTailStart(fd, start, stat.size) : null;
    if (tail !== null && tail - start <= maxTextBeforeTailBytes) {
      const text = readAt(fd, start, tail - start).toString('utf8');
      const lastNewline = text.lastIndexOf('\n');
      const lines = lastNewline < 0 ? [] : text.slice(0, lastNewline).split('\n');
      parser.feed(lines, startLine + 1);
      const records = parser.take();
      const torn = lastNewline + 1 < text.length;
      records.push({
        kind: 'warning',
        message: `${label}: ends in ${stat.size - tail} NUL bytes (a sparse or preallocated file); skipped without reading them`,
        count: 1,
        detail: `bytes ${tail} to ${stat.size}${torn ? `; the row before them (line ${startLine + 1 + lines.length}) is cut off` : ''}`,
      });
      // The cursor moves past the NULs: they are never read, now or later.
      state.tail = tailAt(fd, stat.size);
      yield {
        records,
        cursor: { path: file, ...fileIdentity(stat), byteOffset: stat.size, lineNumber: startLine + 1 + lines.length, state: JSON.stringify(state), anchor: anchorAt(fd, stat.size) },
        restarted: !from && cursor !== null,
        fromStart: start === 0,
        state,
      };
      return;
    }

    let first = true;
    for (const chunk of readNewLines(file, cursor)) {
      if (chunk.restarted) {
        // Started over: the columns and the smallest timestamp come from the new content.
        Object.assign(state, emptyTsvState());
      }
      if (chunk.overlongLines) {
        parser.note({ kind: 'warning', message: `${label}: lines longer than 16 MB skipped`, count: chunk.overlongLines, detail: `near line ${chunk.firstLineNumber}` });
      }
      if (chunk.binaryTail) {
        parser.note({ kind: 'warning', message: `${label}: ${binaryTailWhy(chunk.binaryTail)}`, count: 1, detail: `line ${chunk.firstLineNumber}` });
      }
      parser.feed(chunk.lines, chunk.firstLineNumber);
      state.tail = tailAt(fd, chunk.cursor.byteOffset);
      yield {
        records: parser.take(),
        cursor: { ...chunk.cursor, state: JSON.stringify(state) },
        restarted: chunk.restarted,
        fromStart: first && chunk.firstLineNumber === 1,
        state,
      };
      first = false;
    }
  } finally {
    fs.closeSync(fd);
  }
}
