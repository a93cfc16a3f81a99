// Decodes one tensorflow.Event (tensorboard/compat/proto/event.proto) into
// what Runlens keeps: scalar points (simple_value, or a one-element numeric
// tensor of a tag whose plugin is `scalars`) and hyperparameters (the hparams
// plugin's session_start_info). Hand-written on the wire reader for the
// reason protobuf.ts gives: it reads straight from the record's bytes and
// skips everything else (graphs, histograms, images, text) unread.
import { readSessionStartHParams } from './hparams';
import { DecodeError, ProtoReader, WireType, bytesEqual, key } from './protobuf';
import { TagCache } from './tagCache';
import { readScalarTensor } from './tensor';

const Event = { wallTime: 1, step: 2, summary: 5 } as const;
const Summary = { value: 1 } as const;
const SummaryValue = { tag: 1, simpleValue: 2, tensor: 8, metadata: 9 } as const;
const SummaryMetadata = { pluginData: 1, dataClass: 4 } as const;
const PluginData = { pluginName: 1, content: 2 } as const;
const dataClassScalar = 1;

const scalarsPlugin = Buffer.from('scalars');
const hparamsPlugin = Buffer.from('hparams');

/** What a value's metadata says of its tag. */
const enum Plugin {
  None,
  Scalars,
  Hparams,
  Other,
}

/**
 * Decodes events one at a time, reusing its arrays. After `decode`, the
 * event's points are tags[i], values[i] for i < count, at `step` and
 * `wallTime`; `params` holds any hyperparameter sets. Tag-to-plugin memory
 * (`scalarTags`) is updated only when a whole event decodes.
 */
export class EventDecoder {
  wallTime = 0;
  step = 0;
  count = 0;
  readonly tags: string[] = [];
  /** Per point, a small number standing for its tag within this decoder (-1: none; use the string). */
  readonly tagIds: number[] = [];
  readonly values: number[] = [];
  params: Record<string, string>[] = [];

  private readonly r = new ProtoReader();
  private readonly summaryStarts: number[] = [];
  private readonly summaryEnds: number[] = [];
  private pluginCount = 0;
  private readonly pluginTags: string[] = [];
  private readonly pluginScalar: boolean[] = [];
  private readonly tagCache = new TagCache();

  /** Tags whose plugin is `scalars` (metadata comes only with a tag's first value). */
  constructor(readonly scalarTags: Set<string>) {}

  /** Decodes buf[start, end); throws DecodeError (or a RangeError) on a malformed event. */
  decode(buf: Buffer, start: number, end: number): void {
    const r = this.r.reset(buf, start, end);
    this.count = 0;
    this.pluginCount = 0;
    if (this.params.length > 0) this.params = [];
    let wallTime = 0;
    let step = 0;
    let summaries = 0;
    while (r.pos < end) {
      const k = r.uint32();
      if (k === key(Event.wallTime, WireType.Fixed64)) wallTime = r.double();
      else if (k === key(Event.step, WireType.Varint)) step = r.int64();
      else if (k === key(Event.summary, WireType.Bytes)) {
        const length = r.length();
        this.summaryStarts[summaries] = r.pos;
        this.summaryEnds[summaries] = r.pos + length;
        summaries += 1;
        r.pos += length;
      } else r.skip(k & 7);
    }
    this.wallTime = wallTime;
    this.step = step;
    for (let i = 0; i < summaries; i++) this.summary(this.summaryStarts[i], this.summaryEnds[i]);
    for (let i = 0; i < this.pluginCount; i++) {
      if (this.pluginScalar[i]) this.scalarTags.add(this.pluginTags[i]);
      else this.scalarTags.delete(this.pluginTags[i]);
    }
  }

  private summary(start: number, end: number): void {
    const r = this.r;
    r.pos = start;
    r.end = end;
    while (r.pos < end) {
      const k = r.uint32();
      if (k !== key(Summary.value, WireType.Bytes)) {
        r.skip(k & 7);
        continue;
      }
      const valueEnd = r.sub();
      this.value(r.pos, valueEnd);
      r.pos = valueEnd;
      r.end = end;
    }
  }

  private value(start: number, end: number): void {
    const r = this.r;
    r.end = end;
    let tagStart = -1;
    let tagEnd = -1;
    let simple = 0;
    let hasSimple = false;
    let tensorStart = -1;
    let tensorEnd = -1;
    let metadataStart = -1;
    let metadataEnd = -1;
    while (r.pos < end) {
      const k = r.uint32();
      if (k === key(SummaryValue.tag, WireType.Bytes)) {
        const length = r.length();
        tagStart = r.pos;
        tagEnd = r.pos += length;
      } else if (k === key(SummaryValue.simpleValue, WireType.Fixed32)) {
        simple = r.float();
        hasSimple = true;
      } else if (k === key(SummaryValue.tensor, WireType.Bytes)) {
        const length = r.length();
        tensorStart = r.pos;
        tensorEnd = r.pos += length;
      } else if (k === key(SummaryValue.metadata, WireType.Bytes)) {
        const length = r.length();
        metadataStart = r.pos;
        metadataEnd = r.pos += length;
      } else r.skip(k & 7);
    }
    // A value without a tag (the deprecated node_name only) names no series.
    if (tagStart < 0) return;
    const tag = this.tagCache.lookup(r.view, r.buf, tagStart, tagEnd);
    let plugin = Plugin.None;
    if (metadataStart >= 0) plugin = this.metadata(metadataStart, metadataEnd);
    if (plugin !== Plugin.None) {
      this.pluginTags[this.pluginCount] = tag;
      this.pluginScalar[this.pluginCount] = plugin === Plugin.Scalars;
      this.pluginCount += 1;
    }
    if (hasSimple) {
      this.push(tag, simple);
    } else if (tensorStart >= 0 && (plugin === Plugin.Scalars || (plugin === Plugin.None && this.scalarTags.has(tag)))) {
      const value = readScalarTensor(r, tensorStart, tensorEnd);
      if (value !== undefined) this.push(tag, value);
    }
  }

  private push(tag: string, value: number): void {
    this.tags[this.count] = tag;
    this.tagIds[this.count] = this.tagCache.id;
    this.values[this.count] = value;
    this.count += 1;
  }

  /** Which plugin the metadata names; a session's hyperparameters are kept on the way. */
  private metadata(start: number, end: number): Plugin {
    const r = this.r;
    r.pos = start;
    r.end = end;
    let plugin = Plugin.None;
    let dataClass = 0;
    let contentStart = -1;
    let contentEnd = -1;
    while (r.pos < end) {
      const k = r.uint32();
      if (k === key(SummaryMetadata.dataClass, WireType.Varint)) {
        dataClass = r.uint32();
      } else if (k === key(SummaryMetadata.pluginData, WireType.Bytes)) {
        const dataEnd = r.sub();
        while (r.pos < dataEnd) {
          const pk = r.uint32();
          if (pk === key(PluginData.pluginName, WireType.Bytes)) {
            const length = r.length();
            const buf = r.buf;
            if (bytesEqual(buf, r.pos, r.pos + length, scalarsPlugin)) plugin = Plugin.Scalars;
            else if (bytesEqual(buf, r.pos, r.pos + length, hparamsPlugin)) plugin = Plugin.Hparams;
            else if (length > 0) plugin = Plugin.Other;
            r.pos += length;
          } else if (pk === key(PluginData.content, WireType.Bytes)) {
            const length = r.length();
            contentStart = r.pos;
            contentEnd = r.pos += length;
          } else r.skip(pk & 7);
        }
      } else r.skip(k & 7);
    }
    if (plugin === Plugin.None && dataClass === dataClassScalar) plugin = Plugin.Scalars;
    if (plugin === Plugin.Hparams && contentStart >= 0) {
      const params = readSessionStartHParams(r.buf, contentStart, contentEnd);
      if (params) this.params.push(params);
    }
    return plugin;
  }
}

export { DecodeError };
export { bfloat16ToNumber, halfToNumber } from './tensor';
