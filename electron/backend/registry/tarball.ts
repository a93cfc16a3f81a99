// The container of a registry archive: a gzip-compressed POSIX ustar file, so
// a colleague can look inside with `tar tzf` and no Runlens. Written and read
// here, with zlib, rather than with a tar library: Runlens writes a handful of
// entries under names it chooses (manifest.json, model.json, files/<sha256>)
// and reads back only those, into memory or into a file it names itself, so
// nothing of a general extractor (paths from the archive, links, modes — the
// source of tar libraries' path-traversal advisories) is wanted.
//
// ustar header (512 bytes, POSIX.1-1988): name[100] mode[8] uid[8] gid[8]
// size[12] mtime[12] chksum[8] typeflag[1] linkname[100] magic "ustar\0"
// version "00" uname[32] gname[32] devmajor[8] devminor[8] prefix[155];
// numbers in octal; the checksum sums the header's bytes with its own field
// read as spaces. Contents are padded to 512 bytes; two zero blocks end it.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const block = 512;
/** ustar's size field holds 11 octal digits. */
export const maxEntryBytes = 8 ** 11 - 1;

/** The archive is not one this module wrote, or is damaged: the message says which. */
export class DamagedArchiveError extends Error {}

export type TarEntrySource =
  | { name: string; data: Buffer }
  /** Streamed from `file`; `check` sees every chunk and may throw to abort the whole archive. */
  | { name: string; file: string; size: number; check?: (chunk: Buffer) => void; done?: () => void };

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** A long name split at a '/' into ustar's prefix (155 bytes) and name (100 bytes). */
function splitName(name: string): { prefix: string; rest: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', rest: name };
  for (let cut = name.indexOf('/'); cut > 0; cut = name.indexOf('/', cut + 1)) {
    const prefix = name.slice(0, cut);
    const rest = name.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '') return { prefix, rest };
  }
  throw new Error(`The path ${name} is too long for an archive entry (at most 255 bytes)`);
}

function header(name: string, size: number, mtime: number): Buffer {
  const bytes = Buffer.alloc(block);
  if (size > maxEntryBytes) throw new Error(`${name} is larger than ${maxEntryBytes} bytes, the most an archive entry holds`);
  const { prefix, rest } = splitName(name);
  bytes.write(rest, 0, 100, 'utf8');
  bytes.write(prefix, 345, 155, 'utf8');
  bytes.write(octal(0o644, 8), 100, 'ascii');
  bytes.write(octal(0, 8), 108, 'ascii');
  bytes.write(octal(0, 8), 116, 'ascii');
  bytes.write(octal(size, 12), 124, 'ascii');
  bytes.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  bytes.write('        ', 148, 'ascii');
  bytes.write('0', 156, 'ascii');
  bytes.write('ustar\0', 257, 'ascii');
  bytes.write('00', 263, 'ascii');
  bytes.write('runlens', 265, 'ascii');
  bytes.write('runlens', 297, 'ascii');
  let sum = 0;
  for (const byte of bytes) sum += byte;
  bytes.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return bytes;
}

const padding = (size: number) => Buffer.alloc((block - (size % block)) % block);

async function* tarBytes(entries: TarEntrySource[], mtime: number): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    if ('data' in entry) {
      yield header(entry.name, entry.data.length, mtime);
      yield entry.data;
      yield padding(entry.data.length);
      continue;
    }
    yield header(entry.name, entry.size, mtime);
    let seen = 0;
    for await (const chunk of fs.createReadStream(entry.file) as AsyncIterable<Buffer>) {
      seen += chunk.length;
      // A file that grows while it is read would write past its header's size.
      if (seen > entry.size) throw new Error(`${entry.file} changed while it was read`);
      entry.check?.(chunk);
      yield chunk;
    }
    if (seen !== entry.size) throw new Error(`${entry.file} changed while it was read`);
    entry.done?.();
    yield padding(entry.size);
  }
  yield Buffer.alloc(2 * block);
}

/** Writes the entries, in order, as a .tar.gz to `file` (created: it must not exist). */
export async function writeTarGz(file: string, entries: TarEntrySource[], mtime = Date.now()): Promise<void> {
  await pipeline(Readable.from(tarBytes(entries, mtime)), zlib.createGzip(), fs.createWriteStream(file, { flags: 'wx' }));
}

/** Reads exact byte counts from the decompressed stream; the end of the stream inside an entry is damage. */
class ByteSource {
  private pending: Buffer[] = [];
  private buffered = 0;
  private done = false;
  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** Up to `max` bytes (at least one), or null at the end of the stream. */
  async next(max: number): Promise<Buffer | null> {
    if (this.buffered === 0) {
      if (this.done) return null;
      const { value, done } = await this.chunks.next();
      if (done) {
        this.done = true;
        return null;
      }
      this.pending.push(value);
      this.buffered += value.length;
    }
    const first = this.pending[0];
    const taken = first.length <= max ? first : first.subarray(0, max);
    if (taken === first) this.pending.shift();
    else this.pending[0] = first.subarray(max);
    this.buffered -= taken.length;
    return taken;
  }

  /** Exactly `n` bytes; null when the stream ends before the first; damage when it ends inside. */
  async exact(n: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const part = await this.next(n - have);
      if (part === null) {
        if (have === 0) return null;
        throw new DamagedArchiveError('The archive is incomplete: it ends in the middle of an entry');
      }
      parts.push(part);
      have += part.length;
    }
    return Buffer.concat(parts, n);
  }
}

function readOctal(bytes: Buffer, start: number, width: number): number {
  const text = bytes.toString('ascii', start, start + width).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]+$/.test(text)) throw new DamagedArchiveError('The archive is damaged: an entry header has a malformed number');
  return parseInt(text, 8);
}

function parseHeader(bytes: Buffer): { name: string; size: number; type: string } | null {
  if (bytes.every((byte) => byte === 0)) return null;
  if (bytes.toString('ascii', 257, 262) !== 'ustar') throw new DamagedArchiveError('This is not a Runlens registry archive (not a tar archive inside the gzip)');
  const stored = readOctal(bytes, 148, 8);
  let sum = 0;
  for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 32 : bytes[i];
  if (sum !== stored) throw new DamagedArchiveError('The archive is damaged: an entry header fails its checksum');
  const name = bytes.toString('utf8', 0, 100).replace(/\0.*$/s, '');
  const prefix = bytes.toString('utf8', 345, 500).replace(/\0.*$/s, '');
  return { name: prefix ? `${prefix}/${name}` : name, size: readOctal(bytes, 124, 12), type: bytes.toString('ascii', 156, 157) };
}

export interface TarEntry {
  name: string;
  size: number;
  /** The contents in chunks; read them (or call skip) before asking for the next entry. */
  chunks(): AsyncGenerator<Buffer>;
}

function describeZlibError(error: unknown): Error {
  if (error instanceof DamagedArchiveError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test((error as Error).message)) return new DamagedArchiveError('The archive is incomplete: it ends early (was it copied whole?)');
  if (code.startsWith('Z_')) return new DamagedArchiveError(`This is not a Runlens registry archive, or it is damaged (${(error as Error).message})`);
  return error as Error;
}

/**
 * The regular-file entries of a .tar.gz, in order. Throws DamagedArchiveError
 * for anything that is not a whole archive of this kind: not gzip, not tar, a
 * bad header, an end inside an entry or before the end blocks.
 */
export async function* readTarGz(file: string): AsyncGenerator<TarEntry> {
  const gunzip = fs.createReadStream(file).pipe(zlib.createGunzip());
  // A read error (the file, or the gzip) reaches the iterator; keep it from being unhandled meanwhile.
  const source = new ByteSource(gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  try {
    for (;;) {
      const bytes = await source.exact(block);
      if (bytes === null) throw new DamagedArchiveError('The archive is incomplete: it has no end marker');
      const parsed = parseHeader(bytes);
      if (parsed === null) return;
      let left = parsed.size;
      // Read by the caller, outside this generator's try: its errors are described here too.
      async function* chunks(): AsyncGenerator<Buffer> {
        while (left > 0) {
          let part: Buffer | null;
          try {
            part = await source.next(Math.min(left, 1 << 20));
          } catch (error) {
            throw describeZlibError(error);
          }
          if (part === null) throw new DamagedArchiveError('The archive is incomplete: it ends in the middle of an entry');
          left -= part.length;
          yield part;
        }
      }
      // Only plain files ('0', or NUL in old tars) are entries; anything else is skipped unread.
      if (parsed.type === '0' || parsed.type === '\0') yield { name: parsed.name, size: parsed.size, chunks };
      for await (const _ of chunks()) void _;
      const pad = (block - (parsed.size % block)) % block;
      if (pad > 0 && (await source.exact(pad)) === null) throw new DamagedArchiveError('The archive is incomplete: it ends in the middle of an entry');
    }
  } catch (error) {
    throw describeZlibError(error);
  } finally {
    gunzip.destroy();
  }
}

/** An entry's contents in memory, refused past `max` bytes (a manifest is small; a huge one is not ours). */
export async function entryBytes(entry: TarEntry, max: number): Promise<Buffer> {
  if (entry.size > max) throw new DamagedArchiveError(`The archive's ${entry.name} is ${entry.size} bytes, more than a registry archive holds (${max})`);
  const parts: Buffer[] = [];
  for await (const part of entry.chunks()) parts.push(part);
  return Buffer.concat(parts);
}
