// TFRecord framing as TensorBoard event files use it: u64 little-endian
// length, u32 masked CRC-32C of the length bytes, the data, u32 masked CRC-32C
// of the data. Hand-written: Node has no CRC-32C (zlib.crc32 is the other
// polynomial, and only from Node 22), and we need to walk a file in bounded
// memory, stopping exactly before a torn last record, with byte offsets the
// cursor can resume from.
import fs from 'node:fs';

// ---------------------------------------------------------------- CRC-32C

/** Slicing-by-8 tables for CRC-32C (Castagnoli, reflected polynomial 0x82F63B78). */
const table = new Int32Array(8 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  table[n] = c;
}
for (let n = 0; n < 256; n++) {
  let c = table[n];
  for (let t = 1; t < 8; t++) {
    c = table[c & 0xff] ^ (c >>> 8);
    table[t * 256 + n] = c;
  }
}

/**
 * CRC-32C of buf[start, end), continuing from `crc` (the value a previous call
 * returned, 0 to begin). Eight bytes per step; crc32c("123456789") = 0xe3069283.
 */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length, crc = 0): number {
  let c = ~crc;
  let i = start;
  const t = table;
  for (const last = end - 8; i <= last; i += 8) {
    const a = c ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
    c =
      t[1792 + (a & 0xff)] ^ t[1536 + ((a >>> 8) & 0xff)] ^ t[1280 + ((a >>> 16) & 0xff)] ^ t[1024 + (a >>> 24)] ^
      t[768 + buf[i + 4]] ^ t[512 + buf[i + 5]] ^ t[256 + buf[i + 6]] ^ t[buf[i + 7]];
  }
  for (; i < end; i++) c = t[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 and add a constant (mod 2^32). */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

// ---------------------------------------------------------------- records

export enum RecordStatus {
  /** A whole record with good CRCs: its data is buf[dataStart, dataEnd). */
  Ok,
  /** The file ends exactly here. */
  End,
  /** The file ends inside this record (the writer is mid-record): normal while training runs. */
  Torn,
  BadLengthCrc,
  BadDataCrc,
  /** A record larger than `maxHeldRecordBytes` (its length CRC is good): skipped unread. */
  TooLarge,
  /**
   * A record whose length (its CRC good) claims more than `maxHeldRecordBytes`
   * and more than the file holds: nothing is allocated for it, and the file is
   * not read past it (once the file holds all of it, it is skipped as TooLarge).
   */
  ClaimsTooMuch,
}

const headerBytes = 12;
const footerBytes = 4;
export const defaultChunkBytes = 4 * 1024 * 1024;
/** Scalar events are tens of bytes; images and graphs reach a few MB. Past this, a record is skipped unread. */
export const maxHeldRecordBytes = 64 * 1024 * 1024;

/**
 * Walks the records of an open file from `start` up to `size` (the size when
 * it was opened), reading `chunkBytes` at a time into one reused buffer. No
 * allocation per record: `next()` leaves the record's place in fields.
 */
export class RecordReader {
  buf: Buffer;
  private view: DataView;
  /** File offset of buf[0]. */
  private bufOffset: number;
  /** Bytes of buf holding file data. */
  private bufFill = 0;
  /** Index in buf of the next record. */
  private pos = 0;
  /** The last record: where it starts in the file, its length and its data in buf. */
  recordOffset = 0;
  recordLength = 0;
  dataStart = 0;
  dataEnd = 0;

  constructor(
    private readonly fd: number,
    private readonly size: number,
    start: number,
    chunkBytes = defaultChunkBytes,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(64, Math.min(chunkBytes, size - start)));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.bufOffset = start;
  }

  /** File offset just past the last record returned (where a cursor resumes). */
  get offset(): number {
    return this.bufOffset + this.pos;
  }

  next(): RecordStatus {
    const at = this.bufOffset + this.pos;
    this.recordOffset = at;
    const left = this.size - at;
    if (left <= 0) return RecordStatus.End;
    if (left < headerBytes + footerBytes) return RecordStatus.Torn;
    if (!this.ensure(headerBytes)) return RecordStatus.Torn;
    const p = this.pos;
    const view = this.view;
    const length = view.getUint32(p, true) + view.getUint32(p + 4, true) * 4294967296;
    if (maskCrc(crc32c(this.buf, p, p + 8, 0)) !== view.getUint32(p + 8, true)) return RecordStatus.BadLengthCrc;
    this.recordLength = length;
    const total = headerBytes + length + footerBytes;
    if (length > maxHeldRecordBytes) return total > left ? RecordStatus.ClaimsTooMuch : this.skipLarge(length);
    if (total > left) return RecordStatus.Torn;
    if (!this.ensure(total)) return RecordStatus.Torn;
    const data = this.pos + headerBytes;
    if (maskCrc(crc32c(this.buf, data, data + length, 0)) !== this.view.getUint32(data + length, true)) return RecordStatus.BadDataCrc;
    this.dataStart = data;
    this.dataEnd = data + length;
    this.pos += total;
    return RecordStatus.Ok;
  }

  /** Makes buf[pos, pos + bytes) hold file data; false if the file gave fewer bytes (it shrank). */
  private ensure(bytes: number): boolean {
    if (this.pos + bytes <= this.bufFill) return true;
    const kept = this.bufFill - this.pos;
    if (bytes > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(bytes, this.buf.length * 2), maxHeldRecordBytes + headerBytes + footerBytes));
      this.buf.copy(grown, 0, this.pos, this.bufFill);
      this.buf = grown;
      this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    } else if (kept > 0) {
      this.buf.copyWithin(0, this.pos, this.bufFill);
    }
    this.bufOffset += this.pos;
    this.pos = 0;
    this.bufFill = kept;
    while (this.bufFill < bytes) {
      const want = Math.min(this.buf.length - this.bufFill, this.size - (this.bufOffset + this.bufFill));
      if (want <= 0) return false;
      const got = fs.readSync(this.fd, this.buf, this.bufFill, want, this.bufOffset + this.bufFill);
      if (got <= 0) return false;
      this.bufFill += got;
    }
    return true;
  }

  /**
   * Moves past a record too large to hold. Its length passed its CRC, so the
   * framing after it is sound; its data is not read (nor checked), since
   * nothing Runlens keeps comes in records this large.
   */
  private skipLarge(length: number): RecordStatus {
    this.bufOffset = this.bufOffset + this.pos + headerBytes + length + footerBytes;
    this.pos = 0;
    this.bufFill = 0;
    return RecordStatus.TooLarge;
  }
}
