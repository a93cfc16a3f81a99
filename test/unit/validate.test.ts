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
});
