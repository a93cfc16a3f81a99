// Protobuf wire format over a model held in memory: the fields of a message
// with where each begins (so a rewrite can copy untouched fields byte for
// byte), repeated scalars packed or not, and the few encoders a rewrite needs.
// Built on the TensorBoard reader's ProtoReader; malformed input throws its
// DecodeError.
import { DecodeError, ProtoReader, WireType } from '../../sources/tensorboard/protobuf';

export interface WireField {
  field: number;
  wire: number;
  /** Where the field's key begins: [keyStart, end) is the whole field as written. */
  keyStart: number;
  /** A varint field's value (wire type 0), exact up to 2^53. */
  value: number;
  /** A length-delimited field's contents, [start, end). */
  start: number;
  end: number;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The fields of the message buf[start, end), in order. Groups are refused (ONNX has none). */
export function* fieldsIn(buf: Buffer, start: number, end: number): Generator<WireField> {
  const reader = new ProtoReader().reset(buf, start, end);
  while (reader.pos < end) {
    const keyStart = reader.pos;
    const key = reader.uint32();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new DecodeError('field number 0');
    let value = 0;
    let dataStart = reader.pos;
    if (wire === WireType.Varint) value = reader.int64();
    else if (wire === WireType.Bytes) {
      const length = reader.length();
      dataStart = reader.pos;
      reader.pos += length;
    } else if (wire === WireType.Fixed64 || wire === WireType.Fixed32) reader.skip(wire);
    else throw new DecodeError(`unsupported wire type ${wire}`);
    yield { field, wire, keyStart, value, start: dataStart, end: reader.pos };
  }
}

/** A length-delimited field's contents as UTF-8. */
export function textOf(buf: Buffer, f: WireField): string {
  if (f.wire !== WireType.Bytes) throw new DecodeError(`field ${f.field} is not length-delimited`);
  return buf.toString('utf8', f.start, f.end);
}

/** The values of a repeated int64 field: one varint per field, or a packed run of them. */
export function pushInts(buf: Buffer, f: WireField, into: number[]): void {
  if (f.wire === WireType.Varint) {
    into.push(f.value);
    return;
  }
  if (f.wire !== WireType.Bytes) throw new DecodeError(`field ${f.field} is not an integer`);
  const reader = new ProtoReader().reset(buf, f.start, f.end);
  while (reader.pos < f.end) into.push(reader.int64());
}

/** The varint encoding of a non-negative integer below 2^53. */
export function varint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

/** A varint field: key then value. */
export function varintField(field: number, value: number): Buffer {
  return Buffer.concat([varint((field << 3) | WireType.Varint), varint(value)]);
}

/** A length-delimited field: key, length, contents. */
export function bytesField(field: number, contents: Uint8Array | string): Buffer {
  const body = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  return Buffer.concat([varint((field << 3) | WireType.Bytes), varint(body.length), body]);
}
