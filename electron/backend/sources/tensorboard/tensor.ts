// The value of a one-element numeric TensorProto (tensorboard/compat/proto/
// tensor.proto), as TF2's `tf.summary.scalar` writes scalars: a rank-0
// DT_FLOAT tensor, in tensor_content or in the typed repeated field. Hand-
// written on the wire reader for the reason protobuf.ts gives.
import { type ProtoReader, WireType, key } from './protobuf';

const Tensor = { dtype: 1, shape: 2, content: 4, floatVal: 5, doubleVal: 6, intVal: 7, int64Val: 10, halfVal: 13 } as const;
const TensorShape = { dim: 2, unknownRank: 3 } as const;
const Dim = { size: 1 } as const;
/** types.proto's DataType numbers for the dtypes a scalar may have. */
const DataType = { float: 1, double: 2, int32: 3, int64: 9, bfloat16: 14, half: 19 } as const;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half precision bits to a number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits (the high half of a float32) to a number. */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0];
}

/** The wire type a typed value field has when it is not packed (0 when the field is not one of them). */
function unpackedWire(field: number): number {
  switch (field) {
    case Tensor.floatVal:
      return WireType.Fixed32;
    case Tensor.doubleVal:
      return WireType.Fixed64;
    case Tensor.intVal:
    case Tensor.int64Val:
    case Tensor.halfVal:
      return WireType.Varint;
    default:
      return -1;
  }
}

/** The number of elements of the TensorShapeProto in r[pos, end) (NaN for an unknown rank). */
function shapeElements(r: ProtoReader, end: number): number {
  r.end = end;
  let elements = 1;
  while (r.pos < end) {
    const k = r.uint32();
    if (k === key(TensorShape.dim, WireType.Bytes)) {
      const dimEnd = r.sub();
      let size = 0;
      while (r.pos < dimEnd) {
        const dk = r.uint32();
        if (dk === key(Dim.size, WireType.Varint)) size = r.int64();
        else r.skip(dk & 7);
      }
      elements *= size;
    } else if (k === key(TensorShape.unknownRank, WireType.Varint)) {
      if (r.uint32() !== 0) elements = NaN;
    } else r.skip(k & 7);
  }
  return elements;
}

/**
 * The value of the TensorProto in r.buf[start, end) if it holds exactly one
 * float, double, half, bfloat16, int32 or int64 (rank 0, or every dimension
 * 1); undefined otherwise (strings, histograms, empty or larger tensors).
 */
export function readScalarTensor(r: ProtoReader, start: number, end: number): number | undefined {
  r.pos = start;
  r.end = end;
  let dtype = 0;
  let elements = 1;
  let contentStart = -1;
  let contentEnd = -1;
  // Where the first element of a typed value field is, and which field it is.
  let valuesField = 0;
  let valuesAt = -1;
  while (r.pos < end) {
    const k = r.uint32();
    const field = k >>> 3;
    const wire = k & 7;
    if (k === key(Tensor.dtype, WireType.Varint)) {
      dtype = r.uint32();
    } else if (k === key(Tensor.shape, WireType.Bytes)) {
      const shapeEnd = r.sub();
      elements *= shapeElements(r, shapeEnd);
      r.end = end;
    } else if (k === key(Tensor.content, WireType.Bytes)) {
      const length = r.length();
      contentStart = r.pos;
      contentEnd = r.pos += length;
    } else if (valuesAt < 0 && wire === WireType.Bytes && unpackedWire(field) >= 0) {
      // Packed: the first element starts the field's bytes.
      const length = r.length();
      if (length > 0) {
        valuesField = field;
        valuesAt = r.pos;
      }
      r.pos += length;
    } else if (valuesAt < 0 && wire === unpackedWire(field)) {
      valuesField = field;
      valuesAt = r.pos;
      r.skip(wire);
    } else r.skip(wire);
  }
  if (elements !== 1) return undefined;
  const length = contentEnd - contentStart;
  if (contentStart >= 0 && length > 0) {
    const view = r.view;
    if (dtype === DataType.float && length === 4) return view.getFloat32(contentStart, true);
    if (dtype === DataType.double && length === 8) return view.getFloat64(contentStart, true);
    if (dtype === DataType.int32 && length === 4) return view.getInt32(contentStart, true);
    if (dtype === DataType.int64 && length === 8) return Number(view.getBigInt64(contentStart, true));
    if (dtype === DataType.half && length === 2) return halfToNumber(view.getUint16(contentStart, true));
    if (dtype === DataType.bfloat16 && length === 2) return bfloat16ToNumber(view.getUint16(contentStart, true));
    return undefined;
  }
  if (valuesAt < 0) return undefined;
  r.pos = valuesAt;
  if (dtype === DataType.float && valuesField === Tensor.floatVal) return r.float();
  if (dtype === DataType.double && valuesField === Tensor.doubleVal) return r.double();
  if (dtype === DataType.int32 && valuesField === Tensor.intVal) return r.int64() | 0;
  if (dtype === DataType.int64 && valuesField === Tensor.int64Val) return r.int64();
  if (dtype === DataType.half && valuesField === Tensor.halfVal) return halfToNumber(r.uint32());
  if (dtype === DataType.bfloat16 && valuesField === Tensor.halfVal) return bfloat16ToNumber(r.uint32());
  return undefined;
}
