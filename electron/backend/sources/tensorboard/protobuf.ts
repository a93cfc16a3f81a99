// A minimal protobuf wire-format reader over a Buffer: varints, fixed32/64,
// length-delimited fields, and skipping. Hand-written rather than a protobuf
// library: from an Event we need about fifteen fields and must skip the rest
// (a 300 KB graph_def, run metadata, images) without copying or allocating;
// a general library would decode every message into objects, and would need
// the TensorFlow .proto files bundled. Malformed input throws DecodeError.

export class DecodeError extends Error {}

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

/** Field key (field number << 3 | wire type) as it appears on the wire for small field numbers. */
export function key(field: number, wire: number): number {
  return (field << 3) | wire;
}

/** A position in a buffer, read forward up to `end`. One instance is reused for every record. */
export class ProtoReader {
  buf: Buffer = Buffer.alloc(0);
  /** The same bytes as buf: DataView reads of floats are compiled inline, Buffer's are calls. */
  view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  pos = 0;
  end = 0;

  reset(buf: Buffer, start: number, end: number): this {
    if (buf !== this.buf) {
      this.buf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    this.pos = start;
    this.end = end;
    return this;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new DecodeError('message ends inside a varint');
    return this.buf[this.pos++];
  }

  /** A varint's low 32 bits as an unsigned number (keys, lengths, enums, bools). */
  uint32(): number {
    const b = this.buf;
    const p = this.pos;
    if (p < this.end && b[p] < 0x80) {
      this.pos = p + 1;
      return b[p];
    }
    if (p + 1 < this.end && b[p + 1] < 0x80) {
      this.pos = p + 2;
      return (b[p] & 0x7f) | (b[p + 1] << 7);
    }
    return this.uint32Slow();
  }

  private uint32Slow(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    // Bits past 32 (a negative int32 is ten bytes long): drop them.
    for (let i = 0; i < 5; i++) if (this.byte() < 0x80) return value >>> 0;
    throw new DecodeError('varint longer than ten bytes');
  }

  /** A varint as a signed 64-bit integer, exact up to 2^53. */
  int64(): number {
    const b = this.buf;
    let p = this.pos;
    // Steps and sizes below 2^28 are one to four bytes: read them without a bounds check per byte.
    if (this.end - p >= 4) {
      let byte = b[p++];
      let value = byte & 0x7f;
      if (byte < 0x80) {
        this.pos = p;
        return value;
      }
      byte = b[p++];
      value |= (byte & 0x7f) << 7;
      if (byte < 0x80) {
        this.pos = p;
        return value;
      }
      byte = b[p++];
      value |= (byte & 0x7f) << 14;
      if (byte < 0x80) {
        this.pos = p;
        return value;
      }
      byte = b[p++];
      value |= (byte & 0x7f) << 21;
      if (byte < 0x80) {
        this.pos = p;
        return value;
      }
    }
    return this.int64Slow();
  }

  private int64Slow(): number {
    let lo = 0;
    let byte = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      byte = this.byte();
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) return lo;
    }
    byte = this.byte();
    lo |= (byte & 0x7f) << 28;
    let hi = (byte & 0x7f) >> 4;
    if (byte < 0x80) return hi * 4294967296 + (lo >>> 0);
    for (let shift = 3; shift < 32; shift += 7) {
      byte = this.byte();
      hi |= (byte & 0x7f) << shift;
      if (byte < 0x80) return (hi | 0) * 4294967296 + (lo >>> 0);
    }
    throw new DecodeError('varint longer than ten bytes');
  }

  /** The length of a length-delimited field, checked to fit the message. */
  length(): number {
    const length = this.uint32();
    if (length > this.end - this.pos) throw new DecodeError('field longer than its message');
    return length;
  }

  /** Reads a length-delimited field's length and returns where the field ends (pos is at its first byte). */
  sub(): number {
    const length = this.length();
    return this.pos + length;
  }

  double(): number {
    if (this.end - this.pos < 8) throw new DecodeError('message ends inside a double');
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  float(): number {
    if (this.end - this.pos < 4) throw new DecodeError('message ends inside a float');
    const value = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  /** Moves past a field's value of the given wire type without reading it. */
  skip(wire: number): void {
    switch (wire) {
      case WireType.Varint:
        while (this.byte() >= 0x80);
        return;
      case WireType.Fixed64:
        if (this.end - this.pos < 8) throw new DecodeError('message ends inside a fixed64');
        this.pos += 8;
        return;
      case WireType.Bytes: {
        const length = this.length();
        this.pos += length;
        return;
      }
      case WireType.Fixed32:
        if (this.end - this.pos < 4) throw new DecodeError('message ends inside a fixed32');
        this.pos += 4;
        return;
      case WireType.StartGroup: {
        // Deprecated groups: skip fields up to the matching end-group key.
        for (;;) {
          const k = this.uint32();
          if ((k & 7) === WireType.EndGroup) return;
          this.skip(k & 7);
        }
      }
      default:
        throw new DecodeError(`unknown wire type ${wire}`);
    }
  }

  /** Reads bytes [start, end) as UTF-8. */
  string(start: number, end: number): string {
    return this.buf.toString('utf8', start, end);
  }
}

/** Whether buf[start, end) holds exactly the bytes of `expected`. */
export function bytesEqual(buf: Buffer, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (buf[start + i] !== expected[i]) return false;
  return true;
}
