// The layers under the TensorBoard reader: CRC-32C, varints, and the value
// kinds real writers use but the real fixtures do not all show (DT_HALF,
// DT_BFLOAT16, DT_INT64, packed float_val, negative steps, hparams values of
// every google.protobuf.Value kind).
import { describe, expect, it } from 'vitest';
import { fileVersionEvent, floatTensor, pb, pluginMetadata, summaryEvent } from '../../bench/generate/tensorboard';
import { EventDecoder, bfloat16ToNumber, halfToNumber } from '../../electron/backend/sources/tensorboard/events';
import { readSessionStartHParams } from '../../electron/backend/sources/tensorboard/hparams';
import { ProtoReader } from '../../electron/backend/sources/tensorboard/protobuf';
import { crc32c, maskCrc } from '../../electron/backend/sources/tensorboard/tfrecord';

/** Decodes one event; returns its points as [tag, value] and its params. */
function decode(event: Buffer, scalarTags = new Set<string>()): { step: number; wallTime: number; points: [string, number][]; params: Record<string, string>[] } {
  const decoder = new EventDecoder(scalarTags);
  decoder.decode(event, 0, event.length);
  const points: [string, number][] = [];
  for (let i = 0; i < decoder.count; i++) points.push([decoder.tags[i], decoder.values[i]]);
  return { step: decoder.step, wallTime: decoder.wallTime, points, params: decoder.params };
}

/** A Summary.Value body with a tensor of the given fields, and `scalars` metadata. */
function scalarTensorValue(tag: string, ...tensorFields: Buffer[]): Buffer {
  return Buffer.concat([pb.bytes(1, tag), pb.message(8, ...tensorFields), pluginMetadata('scalars')]);
}

const dim = (size: number) => pb.message(2, pb.varint(1, size));

describe('CRC-32C and masking', () => {
  it('matches the standard check value and TFRecord masking', () => {
    // RFC 3720 (iSCSI) check value for CRC-32C of "123456789".
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    // 32 zero bytes: RFC 3720 B.4 gives 0x8a9136aa.
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(maskCrc(0)).toBe(0xa282ead8);
  });

  it('continues across pieces and offsets as over the whole', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff));
    const whole = crc32c(bytes);
    for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000]) expect(crc32c(bytes, cut, bytes.length, crc32c(bytes, 0, cut))).toBe(whole);
  });
});

describe('wire reader', () => {
  it('reads int64 varints: small, multi-byte, past 2^32 and negative (ten bytes)', () => {
    for (const value of [0, 1, 127, 128, 300, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 35 + 5, 2 ** 52, -1, -2, -(2 ** 40)]) {
      const bytes = pb.varint(1, value).subarray(1);
      const r = new ProtoReader().reset(bytes, 0, bytes.length);
      expect(r.int64(), String(value)).toBe(value);
      expect(r.pos).toBe(bytes.length);
    }
  });

  it('throws on a varint or a field that runs past its message', () => {
    const r = new ProtoReader().reset(Buffer.from([0x80, 0x80]), 0, 2);
    expect(() => r.int64()).toThrow('message ends inside a varint');
    const s = new ProtoReader().reset(Buffer.from([0x05, 1, 2]), 0, 3);
    expect(() => s.length()).toThrow('field longer than its message');
  });
});

describe('event decoding', () => {
  it('reads wall_time, a negative step and a large one', () => {
    const value = Buffer.concat([pb.bytes(1, 'loss'), pb.float(2, 1.5)]);
    expect(decode(summaryEvent(1_700_000_000.25, -1, value))).toMatchObject({ step: -1, wallTime: 1_700_000_000.25, points: [['loss', 1.5]] });
    expect(decode(summaryEvent(1, 2 ** 40, value)).step).toBe(2 ** 40);
    expect(decode(fileVersionEvent(5))).toMatchObject({ step: 0, wallTime: 5, points: [] });
  });

  it('reads one-element tensors of every numeric dtype, in tensor_content or the typed field', () => {
    const content = (bytes: number[]) => pb.bytes(4, Buffer.from(bytes));
    const f64 = Buffer.alloc(8);
    f64.writeDoubleLE(0.1);
    const i64 = Buffer.alloc(8);
    i64.writeBigInt64LE(-(2n ** 40n));
    const packedFloat = Buffer.alloc(4);
    packedFloat.writeFloatLE(0.25);
    const cases: [string, Buffer[], number][] = [
      ['float content', [pb.varint(1, 1), content([0, 0, 0xc0, 0x3f])], 1.5],
      ['float_val packed', [pb.varint(1, 1), pb.bytes(2, Buffer.alloc(0)), pb.bytes(5, packedFloat)], 0.25],
      ['float_val unpacked', [pb.varint(1, 1), pb.float(5, 0.5)], 0.5],
      ['double content', [pb.varint(1, 2), pb.bytes(4, f64)], 0.1],
      ['double_val', [pb.varint(1, 2), pb.bytes(6, f64)], 0.1],
      ['int32 int_val negative', [pb.varint(1, 3), pb.bytes(7, pb.varint(0, -5).subarray(1))], -5],
      ['int64 content', [pb.varint(1, 9), pb.bytes(4, i64)], -(2 ** 40)],
      ['int64 int64_val', [pb.varint(1, 9), pb.bytes(10, pb.varint(0, 2 ** 40).subarray(1))], 2 ** 40],
      ['half half_val', [pb.varint(1, 19), pb.bytes(13, pb.varint(0, 0xc000).subarray(1))], -2],
      ['half content', [pb.varint(1, 19), content([0x00, 0x3c])], 1],
      ['bfloat16 half_val', [pb.varint(1, 14), pb.bytes(13, pb.varint(0, 0x3fc0).subarray(1))], 1.5],
      ['bfloat16 content', [pb.varint(1, 14), content([0x80, 0x3f])], 1],
      ['shape [1, 1]', [pb.varint(1, 1), pb.message(2, dim(1), dim(1)), content([0, 0, 0x80, 0x3f])], 1],
    ];
    for (const [name, fields, expected] of cases) {
      expect(decode(summaryEvent(1, 3, scalarTensorValue('t', ...fields))).points, name).toEqual([['t', expected]]);
    }
  });

  it('does not count tensors that are not one number, or not of the scalars plugin', () => {
    const one = [pb.varint(1, 1), pb.bytes(4, Buffer.from([0, 0, 0x80, 0x3f]))];
    const cases: [string, Buffer][] = [
      ['shape [2]', scalarTensorValue('t', pb.varint(1, 1), pb.message(2, dim(2)), pb.bytes(4, Buffer.alloc(8)))],
      ['shape [0]', scalarTensorValue('t', pb.varint(1, 1), pb.message(2, dim(0)))],
      ['unknown rank', scalarTensorValue('t', pb.varint(1, 1), pb.message(2, pb.varint(3, 1)), ...one.slice(1))],
      ['DT_STRING', scalarTensorValue('t', pb.varint(1, 7), pb.bytes(8, 'hello'))],
      ['DT_BOOL', scalarTensorValue('t', pb.varint(1, 10), pb.bytes(11, Buffer.from([1])))],
      ['float with 8 content bytes', scalarTensorValue('t', pb.varint(1, 1), pb.bytes(4, Buffer.alloc(8)))],
      ['text plugin', Buffer.concat([pb.bytes(1, 't'), pb.message(8, ...one), pluginMetadata('text')])],
      ['no metadata, tag never seen', Buffer.concat([pb.bytes(1, 't'), pb.message(8, ...one)])],
      ['no tag', Buffer.concat([pb.float(2, 1)])],
    ];
    for (const [name, value] of cases) expect(decode(summaryEvent(1, 1, value)).points, name).toEqual([]);
  });

  it('treats data_class DATA_CLASS_SCALAR without a plugin name as scalars, and remembers the tag', () => {
    const tags = new Set<string>();
    const metadata = pb.message(9, pb.varint(4, 1));
    expect(decode(summaryEvent(1, 1, Buffer.concat([pb.bytes(1, 'x'), floatTensor(2), metadata])), tags).points).toEqual([['x', 2]]);
    expect(tags.has('x')).toBe(true);
    expect(decode(summaryEvent(1, 2, Buffer.concat([pb.bytes(1, 'x'), floatTensor(3)])), tags).points).toEqual([['x', 3]]);
  });

  it('does not let an event that fails to decode change what it remembers of tags', () => {
    const tags = new Set<string>();
    const event = summaryEvent(1, 1, Buffer.concat([pb.bytes(1, 'x'), floatTensor(2), pluginMetadata('scalars')]));
    const broken = Buffer.concat([event, Buffer.from([0x2a, 0x05])]);
    expect(() => new EventDecoder(tags).decode(broken, 0, broken.length)).toThrow();
    expect(tags.size).toBe(0);
  });

  it('reads several values of one Summary, with UTF-8 tags that repeat', () => {
    const decoder = new EventDecoder(new Set());
    for (let step = 0; step < 3; step++) {
      const event = summaryEvent(1, step, ...['a/b', 'perte (validation)', 'ü/😀'].map((tag, i) => Buffer.concat([pb.bytes(1, tag), pb.float(2, step + i)])));
      decoder.decode(event, 0, event.length);
      expect(decoder.tags.slice(0, decoder.count)).toEqual(['a/b', 'perte (validation)', 'ü/😀']);
      expect(decoder.values.slice(0, decoder.count)).toEqual([step, step + 1, step + 2]);
      expect(decoder.tagIds.slice(0, decoder.count)).toEqual([0, 1, 2]);
    }
  });

  it('converts half and bfloat16 bits', () => {
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0x0001)).toBe(2 ** -24);
    expect(halfToNumber(0x7c00)).toBe(Infinity);
    expect(halfToNumber(0xfc00)).toBe(-Infinity);
    expect(halfToNumber(0x7e00)).toBeNaN();
    expect(halfToNumber(0x7bff)).toBe(65504);
    expect(bfloat16ToNumber(0xbf80)).toBe(-1);
    expect(bfloat16ToNumber(0x4049)).toBe(3.140625);
  });
});

describe('hparams plugin data', () => {
  /** HParamsPluginData { version: 0, session_start_info: { hparams: {...}, group_name } } */
  function sessionStart(entries: [string, Buffer][]): Buffer {
    const map = entries.map(([name, value]) => pb.message(1, pb.bytes(1, name), pb.bytes(2, value)));
    return pb.message(3, ...map, pb.bytes(4, 'group'));
  }

  it('renders every google.protobuf.Value kind as a string', () => {
    const content = sessionStart([
      ['lr', pb.double(2, 0.001)],
      ['epochs', pb.double(2, 10)],
      ['eps', pb.double(2, 1e-8)],
      ['optimizer', pb.bytes(3, 'adam')],
      ['nesterov', pb.varint(4, 1)],
      ['amsgrad', pb.varint(4, 0)],
      ['scheduler', pb.varint(1, 0)],
      ['layers', pb.message(6, pb.message(1, pb.double(2, 64)), pb.message(1, pb.bytes(3, 'x')))],
      ['extra', pb.message(5, pb.message(1, pb.bytes(1, 'k'), pb.message(2, pb.varint(4, 1))))],
      ['unset', Buffer.alloc(0)],
    ]);
    expect(readSessionStartHParams(content, 0, content.length)).toEqual({
      lr: '0.001',
      epochs: '10',
      eps: '1e-8',
      optimizer: 'adam',
      nesterov: 'true',
      amsgrad: 'false',
      scheduler: 'null',
      layers: '[64,"x"]',
      extra: '{"k":true}',
      unset: '',
    });
  });

  it('keeps a hyperparameter named __proto__ as a plain entry', () => {
    const content = sessionStart([['__proto__', pb.bytes(3, 'x')], ['s', pb.message(5, pb.message(1, pb.bytes(1, '__proto__'), pb.message(2, pb.varint(4, 1))))]]);
    const params = readSessionStartHParams(content, 0, content.length)!;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.entries(params)).toEqual([['__proto__', 'x'], ['s', '{"__proto__":true}']]);
  });

  it('gives null for the experiment and session-end messages', () => {
    const experiment = pb.message(2, pb.bytes(6, 'x'));
    const end = pb.message(4, pb.varint(1, 1));
    expect(readSessionStartHParams(experiment, 0, experiment.length)).toBeNull();
    expect(readSessionStartHParams(end, 0, end.length)).toBeNull();
  });

  it('reads session_start_info from an event, and no points from the hparams tags', () => {
    const content = Buffer.concat([pb.varint(1, 0), sessionStart([['batch_size', pb.double(2, 32)]])]);
    const value = Buffer.concat([pb.bytes(1, '_hparams_/session_start_info'), pb.message(8, pb.varint(1, 7)), pluginMetadata('hparams', content)]);
    expect(decode(summaryEvent(1, 0, value))).toMatchObject({ points: [], params: [{ batch_size: '32' }] });
  });
});
