// Opening and reading the files other tools wrote, safely: every reader opens
// files through here. A run folder is anyone's to fill, and a FIFO where a file
// is expected blocks open() and read() forever, a symlink to /dev/zero reads
// without end, and a file may be any size. So: open with O_NONBLOCK (opening a
// FIFO then returns at once), fstat the descriptor and refuse anything that is
// not a regular file, and read whole files only up to a cap, never allocating
// more than it. Problems are typed errors whose `reason` a reader can put in a
// warning; a file that is really gone keeps Node's ENOENT/ENOTDIR.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Whether `error` says the file is gone (ENOENT, ENOTDIR): normal, as runs get
 * deleted and writers replace files; readers treat it as absent, never as an
 * error. A dangling link or a loop (UnreadableFileError) is not gone.
 */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** O_NONBLOCK where the platform has it (not Windows, which has no FIFOs to block on). */
const openFlags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

export type UnreadableCode =
  /** A FIFO, socket, device or folder where a file is expected. */
  | 'ENOTREG'
  /** A symbolic link that leads back to itself. */
  | 'ELOOP'
  /** A symbolic link whose target does not exist. */
  | 'EDANGLING'
  /** Larger than the caller's cap. */
  | 'ETOOLARGE';

/** A file that is there but must not or cannot be read; `reason` says why without its name. */
export class UnreadableFileError extends Error {
  constructor(
    readonly code: UnreadableCode,
    readonly path: string,
    /** e.g. "is not a regular file (a FIFO): not read". */
    readonly reason: string,
  ) {
    super(`${path} ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

/** What a file that is not a regular file is, for messages ("a FIFO"). */
export function kindOf(stat: fs.Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export function notRegular(file: string, stat: fs.Stats): UnreadableFileError {
  return new UnreadableFileError('ENOTREG', file, `is not a regular file (${kindOf(stat)}): not read`);
}

export function tooLarge(file: string, maxBytes: number): UnreadableFileError {
  return new UnreadableFileError('ETOOLARGE', file, `is larger than ${maxBytes} bytes: not read`);
}

/** What an error opening `file` means: ELOOP and a dangling link become UnreadableFileError, the rest stays. */
export function describeOpenError(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ELOOP') return new UnreadableFileError('ELOOP', file, 'is a symbolic link loop: not read');
  if (code === 'EISDIR') return new UnreadableFileError('ENOTREG', file, 'is not a regular file (a folder): not read');
  if (code === 'ENOENT') {
    // The name is there but what it points to is not: not "gone", a broken link.
    let target: string | null = null;
    try {
      if (fs.lstatSync(file).isSymbolicLink()) target = fs.readlinkSync(file);
    } catch {
      // really gone
    }
    if (target !== null) return new UnreadableFileError('EDANGLING', file, `is a dangling symbolic link (to ${JSON.stringify(target)}): not read`);
  }
  return error;
}

/**
 * Opens a regular file for reading; the caller closes the descriptor. Throws
 * UnreadableFileError (ENOTREG, ELOOP, EDANGLING) or what fs throws (ENOENT
 * when it is gone, EACCES, ...).
 */
export function openRegularFile(file: string): { fd: number; stat: fs.Stats } {
  let fd: number;
  try {
    fd = fs.openSync(file, openFlags);
  } catch (error) {
    throw describeOpenError(file, error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw notRegular(file, stat);
    return { fd, stat };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/** Runs `read` on the open regular file, closing it after. Throws as openRegularFile does. */
export function withRegularFile<T>(file: string, read: (fd: number, stat: fs.Stats) => T): T {
  const { fd, stat } = openRegularFile(file);
  try {
    return read(fd, stat);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads up to `length` bytes at `position` into a new buffer; fewer if the file ends first. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(Math.max(0, length));
  let got = 0;
  while (got < buffer.length) {
    const n = fs.readSync(fd, buffer, got, buffer.length - got, position + got);
    if (n <= 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

export interface CappedRead {
  data: Buffer;
  /** The file's stats through the descriptor read (identity and text agree). */
  stat: fs.Stats;
  /** The file is larger than the cap and only its first `maxBytes` were read (with `cut`). */
  cut: boolean;
}

/**
 * Reads a regular file whole, never allocating more than `maxBytes`. Past the
 * cap it throws UnreadableFileError ETOOLARGE ("is larger than N bytes"), or
 * with `cut` returns the first `maxBytes` bytes. Otherwise throws as
 * openRegularFile does.
 */
export function readFileCapped(file: string, maxBytes: number, options: { cut?: boolean } = {}): CappedRead {
  return withRegularFile(file, (fd, stat) => {
    if (stat.size > maxBytes && !options.cut) throw tooLarge(file, maxBytes);
    // The size when opened: a file that grows meanwhile is read as it was then (its new mtime brings a re-read).
    return { data: readAt(fd, 0, Math.min(stat.size, maxBytes)), stat, cut: stat.size > maxBytes };
  });
}

export interface CappedText extends CappedRead {
  text: string;
  /** The bytes were not valid UTF-8: invalid sequences read as U+FFFD. */
  invalidUtf8: boolean;
}

/** readFileCapped as UTF-8 text. A cut may end inside a character: that alone is not invalid UTF-8. */
export function readTextCapped(file: string, maxBytes: number, options: { cut?: boolean } = {}): CappedText {
  const read = readFileCapped(file, maxBytes, options);
  let data = read.data;
  if (read.cut) data = data.subarray(0, utf8Boundary(data));
  return { ...read, text: data.toString('utf8'), invalidUtf8: !isUtf8(data) };
}

/** The length of `data` without a character cut off at its end. */
function utf8Boundary(data: Buffer): number {
  let end = data.length;
  // Up to three continuation bytes, then the lead byte of the cut character.
  for (let back = 0; back < 4 && end > 0; back++) {
    const byte = data[end - 1];
    if ((byte & 0xc0) === 0x80) {
      end -= 1;
      continue;
    }
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return data.length - (end - 1) >= need ? data.length : end - 1;
    }
    return data.length;
  }
  return data.length;
}

/**
 * What went wrong reading a file, without its name, for a warning:
 * "is not a regular file (a FIFO): not read", "cannot be read (EACCES: permission denied)".
 */
export function problemOf(error: unknown): string {
  if (error instanceof UnreadableFileError) return error.reason;
  const e = error as NodeJS.ErrnoException | null;
  const message = String(e?.message ?? error)
    // Node's "EACCES: permission denied, open '/a/b'": the file is named by the warning already.
    .replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, '');
  return `cannot be read (${message})`;
}

/**
 * The file's stats (following symlinks), or null when it is gone; a dangling
 * link or a loop is an UnreadableFileError; other errors (permissions) are thrown.
 */
export function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (error) {
    const described = describeOpenError(file, error);
    if (isMissing(described)) return null;
    throw described;
  }
}

/** `file` relative to `folder` with '/' separators, for messages. */
export function labelIn(folder: string, file: string): string {
  return path.relative(folder, file).split(path.sep).join('/');
}
