// Incremental reader of append-only line files (JSON lines, TSV, MLflow
// metric files). It resumes at a byte offset, stops before a torn last line
// (the writer is mid-line), and starts over when the file was replaced,
// truncated or rewritten in place (the bytes before the cursor changed).
// Hand-written rather than readline: we need exact byte offsets.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FileCursor } from './records';
import { openRegularFile, readAt } from './safeFile';

export interface LineChunk {
  lines: string[];
  /** Lines dropped for being longer than `maxLineBytes` (garbage, or a binary file). */
  overlongLines: number;
  /** Line number (1-based) of lines[0]. */
  firstLineNumber: number;
  cursor: FileCursor;
  restarted: boolean;
  /** Why the file is read from zero again (with `restarted`). */
  restartReason?: string;
  /** Lines holding bytes that are not UTF-8 (read as U+FFFD): how many, and the first one's number. */
  invalidUtf8?: { lines: number; first: number };
  /**
   * The file ends, after its last line break, in this many bytes that hold
   * control bytes no text line has (binary data, random bytes): not a line
   * being written, yet not read either (the cursor stays before them, so a
   * line completed later is still read). Said once per change of the file.
   */
  binaryTail?: number;
}

const chunkBytes = 4 * 1024 * 1024;
/** No metric line is this long; past it a file is garbage, and holding it would exhaust memory. */
export const maxLineBytes = 16 * 1024 * 1024;
/** Bytes before a cursor that its anchor covers. */
export const anchorBytes = 256;

export function fileIdentity(stat: fs.Stats): { size: number; mtimeMs: number; inode: string } {
  return { size: stat.size, mtimeMs: stat.mtimeMs, inode: `${stat.dev}:${stat.ino}` };
}

/** Whether the cursor can resume on this file by its identity (same inode, not shorter), or the file must be read from zero. */
export function canResume(cursor: FileCursor | null, stat: fs.Stats): cursor is FileCursor {
  if (!cursor) return false;
  const now = fileIdentity(stat);
  return now.inode === cursor.inode && now.size >= cursor.byteOffset;
}

/** A short hash of the up to `anchorBytes` bytes before `offset` in the open file; null at offset 0. */
export function anchorAt(fd: number, offset: number): string | null {
  if (offset <= 0) return null;
  const from = Math.max(0, offset - anchorBytes);
  return createHash('sha1').update(readAt(fd, from, offset - from)).digest('hex').slice(0, 16);
}

/**
 * Why `cursor` cannot resume on the open file, or null when it can. Besides
 * identity (a new inode, a shorter file), a cursor with an anchor checks the
 * bytes before its offset: a file rewritten in place keeps its inode.
 */
export function resumeProblem(fd: number, cursor: FileCursor, stat: fs.Stats): string | null {
  const now = fileIdentity(stat);
  if (now.inode !== cursor.inode) return 'the file was replaced (a new inode)';
  if (now.size < cursor.byteOffset) return 'the file is shorter than what was read (truncated)';
  if (cursor.byteOffset > 0 && typeof cursor.anchor === 'string' && anchorAt(fd, cursor.byteOffset) !== cursor.anchor) {
    return 'the bytes before the cursor changed (rewritten in place)';
  }
  return null;
}

/** Why a binary last line (LineChunk.binaryTail) is not read, for a reader's warning. */
export function binaryTailWhy(bytes: number): string {
  return `the last ${bytes} byte(s), after the last line break, hold binary data (not a line being written): not read`;
}

/** Whether `bytes` hold a control byte no line of text has (all but tab, CR and ESC below 0x20, and DEL). */
function holdsBinary(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x1b) || b === 0x7f) return true;
  }
  return false;
}

/** Lines in `lines` that hold U+FFFD, when `bytes` are not valid UTF-8 (a valid U+FFFD alone is not counted). */
function invalidUtf8Lines(bytes: Buffer, lines: string[], firstLineNumber: number): LineChunk['invalidUtf8'] {
  if (isUtf8(bytes)) return undefined;
  let count = 0;
  let first = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes('\uFFFD')) {
      if (count === 0) first = firstLineNumber + i;
      count += 1;
    }
  }
  return count > 0 ? { lines: count, first } : undefined;
}

/**
 * Yields complete lines appended since `cursor`, a few MB at a time; every
 * cursor it yields carries its anchor. Throws ENOENT if the file vanished
 * before it could be opened, UnreadableFileError (safeFile.ts) when it is not
 * a regular file (a FIFO, a device, a dangling link or a loop).
 */
export function* readNewLines(file: string, cursor: FileCursor | null): Generator<LineChunk> {
  const { fd, stat } = openRegularFile(file);
  try {
    const restartReason = cursor ? resumeProblem(fd, cursor, stat) : null;
    const resume = cursor !== null && restartReason === null;
    let offset = resume ? cursor.byteOffset : 0;
    let lineNumber = resume ? cursor.lineNumber : 0;
    let restarted = cursor !== null && !resume;
    const identity = fileIdentity(stat);
    const reason = () => (restarted && restartReason ? { restartReason } : {});
    const cursorAt = (byteOffset: number, line: number): FileCursor => ({ path: file, ...identity, byteOffset, lineNumber: line, anchor: anchorAt(fd, byteOffset) });
    // Nothing new: still report the cursor so a changed mtime is recorded.
    if (offset >= stat.size) {
      if (restarted || !cursor || cursor.mtimeMs !== identity.mtimeMs) {
        yield { lines: [], overlongLines: 0, firstLineNumber: lineNumber + 1, cursor: cursorAt(offset, lineNumber), restarted, ...reason() };
      }
      return;
    }
    // Most metric files are small: no need for a 4 MB buffer each.
    const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(stat.size - offset, 1)));
    let carry: Buffer | null = null;
    // Inside an overlong line: drop bytes until its newline instead of holding them.
    let skipping = false;
    let overlongLines = 0;
    while (offset < stat.size) {
      const want = Math.min(buffer.length, stat.size - offset);
      const got = fs.readSync(fd, buffer, 0, want, offset);
      if (got <= 0) break;
      let data = buffer.subarray(0, got);
      if (skipping) {
        const newline = data.indexOf(0x0a);
        offset += newline < 0 ? got : newline + 1;
        lineNumber += newline < 0 ? 0 : 1;
        if (newline < 0) {
          if (offset >= stat.size) {
            // The file ends inside the overlong line: report it and move past it.
            yield { lines: [], overlongLines, firstLineNumber: lineNumber + 1, cursor: cursorAt(offset, lineNumber), restarted, ...reason() };
            return;
          }
          continue;
        }
        skipping = false;
        continue;
      }
      if (carry) data = Buffer.concat([carry, data]);
      const lastNewline = data.lastIndexOf(0x0a);
      const consumedStart = offset - (carry ? carry.length : 0);
      if (lastNewline < 0) {
        if (data.length > maxLineBytes) {
          overlongLines += 1;
          skipping = true;
          carry = null;
          offset += got;
          if (offset >= stat.size) {
            yield { lines: [], overlongLines, firstLineNumber: lineNumber + 1, cursor: cursorAt(offset, lineNumber), restarted, ...reason() };
            return;
          }
          continue;
        }
        // No complete line yet; a line longer than a chunk keeps growing here.
        carry = Buffer.from(data);
        offset += got;
        continue;
      }
      const complete = data.subarray(0, lastNewline);
      carry = lastNewline + 1 < data.length ? Buffer.from(data.subarray(lastNewline + 1)) : null;
      const text = complete.toString('utf8');
      const lines = text.split('\n');
      const firstLineNumber = lineNumber + 1;
      lineNumber += lines.length;
      offset += got;
      const byteOffset = consumedStart + lastNewline + 1;
      const invalidUtf8 = invalidUtf8Lines(complete, lines, firstLineNumber);
      yield {
        lines,
        overlongLines,
        firstLineNumber,
        cursor: cursorAt(byteOffset, lineNumber),
        restarted,
        ...reason(),
        ...(invalidUtf8 ? { invalidUtf8 } : {}),
      };
      restarted = false;
      overlongLines = 0;
    }
    // A torn last line is normally the writer mid-line; one of binary bytes is damage, said when the file changed.
    const changed = !cursor || restarted || cursor.inode !== identity.inode || cursor.size !== identity.size || cursor.mtimeMs !== identity.mtimeMs;
    if (carry && changed && holdsBinary(carry)) {
      yield {
        lines: [],
        overlongLines,
        firstLineNumber: lineNumber + 1,
        cursor: cursorAt(offset - carry.length, lineNumber),
        restarted,
        ...reason(),
        binaryTail: carry.length,
      };
    }
  } finally {
    fs.closeSync(fd);
  }
}
