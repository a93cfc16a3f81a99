// The hparams plugin's data (tensorboard/plugins/hparams/plugin_data.proto):
// a `_hparams_/session_start_info` value's metadata content is an
// HParamsPluginData whose session_start_info holds the run's hyperparameters
// as map<string, google.protobuf.Value>. Hand-written on the wire reader for
// the reason protobuf.ts gives; this path runs once or twice per run.
import { DecodeError, ProtoReader, WireType, key } from './protobuf';

const PluginData = { version: 1, experiment: 2, sessionStartInfo: 3, sessionEndInfo: 4 } as const;
const MapEntry = { key: 1, value: 2 } as const;
/** google.protobuf.Value's kinds (struct.proto). */
const Value = { nullValue: 1, numberValue: 2, stringValue: 3, boolValue: 4, structValue: 5, listValue: 6 } as const;
const maxDepth = 32;

type Json = null | number | string | boolean | Json[] | { [key: string]: Json };

/** out[name] = value, as an own property even for a name like `__proto__` (names come from the file). */
function setOwn<T>(out: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

/** A google.protobuf.Value in r[pos, end) as plain JSON data (undefined when no kind is set). */
function readValue(r: ProtoReader, end: number, depth: number): Json | undefined {
  if (depth > maxDepth) throw new DecodeError('hparams value nested too deeply');
  let value: Json | undefined;
  while (r.pos < end) {
    const k = r.uint32();
    if (k === key(Value.nullValue, WireType.Varint)) {
      r.uint32();
      value = null;
    } else if (k === key(Value.numberValue, WireType.Fixed64)) {
      value = r.double();
    } else if (k === key(Value.stringValue, WireType.Bytes)) {
      const length = r.length();
      value = r.string(r.pos, r.pos + length);
      r.pos += length;
    } else if (k === key(Value.boolValue, WireType.Varint)) {
      value = r.uint32() !== 0;
    } else if (k === key(Value.structValue, WireType.Bytes)) {
      const length = r.length();
      value = readStruct(r, r.pos + length, depth + 1);
    } else if (k === key(Value.listValue, WireType.Bytes)) {
      const length = r.length();
      const listEnd = r.pos + length;
      const list: Json[] = [];
      // ListValue: repeated Value values = 1.
      while (r.pos < listEnd) {
        const lk = r.uint32();
        if (lk !== key(1, WireType.Bytes)) {
          r.skip(lk & 7);
          continue;
        }
        const itemLength = r.length();
        list.push(readValue(r, r.pos + itemLength, depth + 1) ?? null);
      }
      value = list;
    } else {
      r.skip(k & 7);
    }
  }
  return value;
}

/** google.protobuf.Struct: map<string, Value> fields = 1. */
function readStruct(r: ProtoReader, end: number, depth: number): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  readMap(r, end, depth, (name, value) => setOwn(out, name, value ?? null));
  return out;
}

/**
 * The entries of a map<string, Value> field numbered 1 (Struct.fields,
 * SessionStartInfo.hparams) in the message r[pos, end): calls `each` per entry.
 */
function readMap(r: ProtoReader, end: number, depth: number, each: (name: string, value: Json | undefined) => void): void {
  while (r.pos < end) {
    const k = r.uint32();
    if (k !== key(1, WireType.Bytes)) {
      r.skip(k & 7);
      continue;
    }
    const entryEnd = r.sub();
    let name = '';
    let value: Json | undefined;
    while (r.pos < entryEnd) {
      const ek = r.uint32();
      if (ek === key(MapEntry.key, WireType.Bytes)) {
        const length = r.length();
        name = r.string(r.pos, r.pos + length);
        r.pos += length;
      } else if (ek === key(MapEntry.value, WireType.Bytes)) {
        const length = r.length();
        value = readValue(r, r.pos + length, depth + 1);
      } else {
        r.skip(ek & 7);
      }
    }
    if (r.pos !== entryEnd) throw new DecodeError('map entry overruns its length');
    each(name, value);
  }
}

/** How a hyperparameter's value is shown: numbers as JavaScript prints them (32, not 32.0). */
export function hparamText(value: Json | undefined): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The hyperparameters in an HParamsPluginData (the plugin_data content of the
 * hparams plugin), or null when it holds something else (the experiment's
 * definitions, a session's end).
 */
export function readSessionStartHParams(buf: Buffer, start: number, end: number): Record<string, string> | null {
  const r = new ProtoReader().reset(buf, start, end);
  let params: Record<string, string> | null = null;
  while (r.pos < end) {
    const k = r.uint32();
    if (k !== key(PluginData.sessionStartInfo, WireType.Bytes)) {
      r.skip(k & 7);
      continue;
    }
    const infoEnd = r.sub();
    const out: Record<string, string> = (params ??= {});
    // SessionStartInfo's other fields (model_uri, group_name, ...) are skipped by readMap.
    readMap(r, infoEnd, 0, (name, value) => setOwn(out, name, hparamText(value)));
  }
  return params;
}
