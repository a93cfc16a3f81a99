// The codec of HTTP and the WebSocket (shared/codec.ts) keeps every number as
// Electron's IPC does (structured clone): NaN, ±Infinity and -0 included.
import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { decode, encode, toPlainJson } from '../../shared/codec';

/** What Electron's IPC does to a value: the structured clone algorithm (V8's serializer). */
const overIpc = (value: unknown) => deserialize(serialize(value));

/** JSON that spells out what JSON would lose, to compare two values exactly. */
const spell = (value: unknown) =>
  JSON.stringify(value, (_key, x: unknown) => (typeof x === 'number' && (Object.is(x, -0) || !Number.isFinite(x)) ? `number ${Object.is(x, -0) ? '-0' : String(x)}` : x));

const specials = [NaN, Infinity, -Infinity, -0, 0, 1.5, -2e-308, Number.MAX_VALUE, Number.MIN_VALUE];

describe('the HTTP and WebSocket codec', () => {
  it.each(specials.map((n) => [String(Object.is(n, -0) ? '-0' : n), n]))('keeps %s exactly, as IPC does', (_label, n) => {
    for (const value of [n, [n], { last: n }, { nested: { list: [1, n, { x: n }] } }]) {
      const decoded = decode(encode(value));
      expect(decoded).toEqual(value);
      expect(spell(decoded)).toBe(spell(overIpc(value)));
      expect(spell(decoded)).toBe(spell(value));
    }
    expect(Object.is(decode(encode(n)), n)).toBe(true);
    expect(Object.is(overIpc(n), n)).toBe(true);
  });

  it('never mistakes data for an encoded number: keys like the tag survive', () => {
    const tricky = { '\u0000n': 'NaN', '\u0000\u0000n': 'Infinity', '\u0000': 1, ordinary: { '\u0000n': NaN }, list: [{ '\u0000n': '-0' }] };
    expect(decode(encode(tricky))).toEqual(tricky);
    const back = decode(encode(tricky)) as typeof tricky;
    expect(back['\u0000n']).toBe('NaN');
    expect(Number.isNaN(back.ordinary['\u0000n'])).toBe(true);
  });

  it('keeps strings that spell numbers as strings', () => {
    const value = { a: 'NaN', b: 'Infinity', c: '-0', d: null, e: true };
    expect(decode(encode(value))).toEqual(value);
  });

  it('keeps a __proto__ key as data, never as a prototype', () => {
    const decoded = decode('{"__proto__": {"polluted": 1}, "x": NaN}'.replace('NaN', '1')) as Record<string, unknown>;
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses text that is not JSON with a SyntaxError', () => {
    expect(() => decode('{nope')).toThrow(SyntaxError);
  });
});

describe("the CLI's --json", () => {
  it('writes non-finite numbers as the strings README.md names, and -0 as 0', () => {
    expect(JSON.parse(toPlainJson({ a: NaN, b: Infinity, c: -Infinity, d: -0, e: 1.5 }))).toEqual({ a: 'NaN', b: 'Infinity', c: '-Infinity', d: 0, e: 1.5 });
  });
});
