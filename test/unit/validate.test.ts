import { describe, expect, it } from 'vitest';
import { checkArgs, InvalidArguments } from '../../electron/backend/validate';

describe('checkArgs', () => {
  const shape = { path: 'string', projectId: 'integer?' } as const;

  it('accepts matching arguments', () => {
    expect(checkArgs({ path: '/a', projectId: 3 }, shape)).toEqual({ path: '/a', projectId: 3 });
    expect(checkArgs({ path: '/a' }, shape)).toEqual({ path: '/a' });
  });

  it.each([
    [null, /missing argument "path"/],
    [[], /must be an object/],
    ['x', /must be an object/],
    [{ path: 1 }, /"path" must be a string/],
    [{ path: '/a', projectId: 1.5 }, /"projectId" must be an integer/],
    [{ path: '/a', extra: true }, /unexpected argument "extra"/],
    [{ path: 'a\0b' }, /NUL/],
    [{ path: 'x'.repeat(5000) }, /too long/],
  ])('refuses %j', (args, message) => {
    expect(() => checkArgs(args, shape)).toThrow(InvalidArguments);
    expect(() => checkArgs(args, shape)).toThrow(message);
  });

  // JSON.parse makes each of these an own property; `key in shape` would find them on Object.prototype.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('refuses an extra field named %s', (key) => {
    const args = JSON.parse(`{"path":"/a",${JSON.stringify(key)}:{"a":1}}`);
    expect(Object.hasOwn(args, key)).toBe(true);
    expect(() => checkArgs(args, shape)).toThrow(InvalidArguments);
    expect(() => checkArgs(args, shape)).toThrow(`unexpected argument "${key}"`);
  });

  it('reads only own fields: an inherited value does not count as an argument', () => {
    expect(() => checkArgs(Object.create({ path: '/a' }), shape)).toThrow('missing argument "path"');
  });

  it('accepts an object without a prototype', () => {
    expect(checkArgs(Object.assign(Object.create(null), { path: '/a' }), shape)).toEqual({ path: '/a' });
  });
});
