// Incremental reader of append-only line files (JSON lines, TSV, MLflow
// metric files). It resumes at a byte offset, stops before a torn last line
// (the writer is mid-line), and starts over when the file was replaced or
// truncated. Hand-written rather than readline: we need exact byte offsets.
import fs from 'node:fs';
import type { FileCursor } from './records';

export interface LineChunk {
  lines: string[];
  /** Lines dropped for being longer than `maxLineBytes` (garbage, or a binary file). */
  overlongLines: number;
  /** Line number (1-based) of lines[0]. */
  firstLineNumber: number;
  cursor: FileCursor;
  restarted: boolean;
}

const chunkBytes = 4 * 1024 * 1024;
/** No metric line is this long; past it a file is garbage, and holding it would exhaust memory. */
export const maxLineBytes = 16 * 1024 * 1024;

export function fileIdentity(stat: fs.Stats): { size: number; mtimeMs: number; inode: string } {
  return { size: stat.size, mtimeMs: stat.mtimeMs, inode: `${stat.dev}:${stat.ino}` };
}

/** Whether the cursor can resume on this file, or the file must be read from zero. */
export function canResume(cursor: FileCursor | null, stat: fs.Stats): cursor is FileCursor {
  if (!cursor) return false;
  const now = fileIdentity(stat);
  return now.inode === cursor.inode && now.size >= cursor.byteOffset;
}

/**
 * Yields complete lines appended since `cursor`, a few MB at a time.
 * Throws ENOENT if the file vanished before it could be opened.
 */
export function* readNewLines(file: string, cursor: FileCursor | null): Generator<LineChunk> {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const resume = canResume(cursor, stat);
    let offset = resume ? cursor.byteOffset : 0;
    let lineNumber = resume ? cursor.lineNumber : 0;
    let restarted = !resume && cursor !== null;
    const identity = fileIdentity(stat);
    // Nothing new: still report the cursor so a changed mtime is recorded.
    if (offset >= stat.size) {
      if (restarted || !cursor || cursor.mtimeMs !== identity.mtimeMs) {
        yield { lines: [], overlongLines: 0, firstLineNumber: lineNumber + 1, cursor: { path: file, ...identity, byteOffset: offset, lineNumber }, restarted };
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
            yield { lines: [], overlongLines, firstLineNumber: lineNumber + 1, cursor: { path: file, ...identity, byteOffset: offset, lineNumber }, restarted };
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
            yield { lines: [], overlongLines, firstLineNumber: lineNumber + 1, cursor: { path: file, ...identity, byteOffset: offset, lineNumber }, restarted };
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
      yield {
        lines,
        overlongLines,
        firstLineNumber,
        cursor: { path: file, ...identity, byteOffset, lineNumber },
        restarted,
      };
      restarted = false;
      overlongLines = 0;
    }
  } finally {
    fs.closeSync(fd);
  }
}
