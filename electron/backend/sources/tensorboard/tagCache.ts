// Tag strings without making a string per point. A run's tags repeat every
// step, and decoding the same bytes to a new string (then hashing it again in
// a Map) was the costliest part of reading a point; here the bytes are
// compared with tags met before, and the same string object is returned.

interface TagEntry {
  /** Small and dense: 0, 1, 2, … in the order tags are first met. */
  id: number;
  tag: string;
  bytes: Buffer;
  /** The bytes as little-endian 32-bit words (a tail shorter than four is compared bytewise). */
  words: Int32Array;
  /** Another tag with the same hash. */
  next: TagEntry | null;
  /** The tag that came after this one last time. */
  after: TagEntry | null;
}

/** Past this many distinct tags, new ones are decoded each time (a file of unique tags must not fill memory). */
const maxCachedTags = 10_000;

/** Whether buf[start, end) holds the entry's bytes, four at a time. */
function sameBytes(view: DataView, buf: Buffer, start: number, end: number, entry: TagEntry): boolean {
  const bytes = entry.bytes;
  if (end - start !== bytes.length) return false;
  const words = entry.words;
  for (let i = 0; i < words.length; i++) if (view.getInt32(start + i * 4, true) !== words[i]) return false;
  for (let i = words.length * 4; i < bytes.length; i++) if (buf[start + i] !== bytes[i]) return false;
  return true;
}

export class TagCache {
  /** The id of the tag `lookup` returned last, or -1 when it was not cached. */
  id = -1;
  private readonly byHash = new Map<number, TagEntry>();
  private size = 0;
  private last: TagEntry | null = null;

  /**
   * The UTF-8 tag in buf[start, end) (`view` covers the same bytes). Writers
   * cycle through their tags in one order every step, so the tag that came
   * after the previous one last time is tried first, before hashing.
   */
  lookup(view: DataView, buf: Buffer, start: number, end: number): string {
    const previous = this.last;
    const guess = previous ? previous.after : null;
    if (guess && sameBytes(view, buf, start, end, guess)) {
      this.last = guess;
      this.id = guess.id;
      return guess.tag;
    }
    let hash = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    // Small-integer keys (30 bits): larger numbers would be boxed on every lookup.
    hash &= 0x3fffffff;
    const first = this.byHash.get(hash) ?? null;
    let found: TagEntry | null = null;
    for (let entry = first; entry; entry = entry.next) {
      if (sameBytes(view, buf, start, end, entry)) {
        found = entry;
        break;
      }
    }
    if (!found) {
      const tag = buf.toString('utf8', start, end);
      if (this.size >= maxCachedTags) {
        this.id = -1;
        this.last = null;
        return tag;
      }
      const bytes = Buffer.from(buf.subarray(start, end));
      const words = new Int32Array(bytes.length >> 2);
      for (let i = 0; i < words.length; i++) words[i] = bytes.readInt32LE(i * 4);
      found = { id: this.size, tag, bytes, words, next: first, after: null };
      this.byHash.set(hash, found);
      this.size += 1;
    }
    if (previous) previous.after = found;
    this.last = found;
    this.id = found.id;
    return found.tag;
  }
}
