// Checks the arguments of a request before any handler sees them: the
// renderer and anything on localhost are untrusted.
export class InvalidArguments extends Error {}

type Shape = Record<string, 'string' | 'number' | 'integer' | 'boolean' | 'string?' | 'number?' | 'integer?' | 'boolean?'>;

const maxStringLength = 4096;

/** Returns `args` typed when it is an object with exactly the fields of `shape`. */
export function checkArgs<T>(args: unknown, shape: Shape): T {
  if (args === undefined || args === null) args = {};
  if (typeof args !== 'object' || Array.isArray(args)) throw new InvalidArguments('arguments must be an object');
  const record = args as Record<string, unknown>;
  // Own properties only: `key in shape` would accept "__proto__", "constructor" or "toString"
  // through Object.prototype, and JSON.parse makes each of them an own field of the arguments.
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(shape, key)) throw new InvalidArguments(`unexpected argument "${key}"`);
  }
  for (const [key, kind] of Object.entries(shape)) {
    const optional = kind.endsWith('?');
    const type = optional ? kind.slice(0, -1) : kind;
    const value = Object.hasOwn(record, key) ? record[key] : undefined;
    if (value === undefined) {
      if (optional) continue;
      throw new InvalidArguments(`missing argument "${key}"`);
    }
    const fits =
      type === 'integer' ? Number.isSafeInteger(value) : type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === type;
    if (!fits) throw new InvalidArguments(`argument "${key}" must be ${type === 'integer' ? 'an integer' : `a ${type}`}`);
    if (typeof value === 'string' && (value.length > maxStringLength || value.includes('\0'))) {
      throw new InvalidArguments(`argument "${key}" is too long or holds a NUL character`);
    }
  }
  return record as T;
}
