// Every request's arguments are checked against its schema at the boundary
// (electron/backend/api.ts): wrong types, missing and unknown fields,
// oversized strings and lists, NUL bytes and prototype-named keys are each
// answered bad-request naming the field, and no handler ever sees them.
import { describe, expect, it } from 'vitest';
import { requestNames, requests, type RequestName } from '../../shared/api';
import { v } from '../../shared/schema';
import { dispatch } from '../../electron/backend/api';
import type { Handlers } from '../../electron/backend/handlerTypes';

type Entry = v.GenericSchema & {
  type: string;
  wrapped?: Entry;
  pipe?: { type: string; requirement?: unknown; entries?: Record<string, Entry> }[];
  options?: readonly (string | Entry)[];
  item?: Entry;
  entries?: Record<string, Entry>;
  literal?: unknown;
};

/** An object with a valid value for each of its required fields. */
const validObject = (entries: Record<string, Entry>) =>
  Object.fromEntries(Object.entries(entries).filter(([, e]) => e.type !== 'optional').map(([field, e]) => [field, validValue(e)]));

const called: { name: string; args: unknown }[] = [];
const handlers = Object.fromEntries(
  requestNames.map((name) => [name, async (args: unknown) => void called.push({ name, args })]),
) as unknown as Handlers;

/** The strict object at the end of the request's pipe: its fields. */
function entriesOf(name: RequestName): Record<string, Entry> {
  const schema = requests[name].args as unknown as { pipe: { entries?: Record<string, Entry> }[] };
  return schema.pipe.at(-1)!.entries!;
}

const unwrap = (entry: Entry): { schema: Entry; optional: boolean } =>
  entry.type === 'optional' ? { schema: entry.wrapped!, optional: true } : { schema: entry, optional: false };

const requirement = (schema: Entry, type: string) => schema.pipe?.find((step) => step.type === type)?.requirement as number | undefined;

/** A value the field accepts. */
function validValue(schema: Entry): unknown {
  switch (schema.type) {
    case 'string':
      return 'ok';
    case 'number':
      return Math.max(requirement(schema, 'min_value') ?? 1, 1);
    case 'boolean':
      return true;
    case 'picklist':
      return schema.options![0];
    case 'array':
      return [validValue(schema.item!)];
    case 'literal':
      return schema.literal;
    case 'nullable':
      return null;
    case 'record':
      return {};
    case 'strict_object':
      return validObject(schema.entries!);
    case 'variant':
      return validValue(schema.options![0] as Entry);
    case 'custom': {
      // fields(): a record check, then the strict object.
      const object = schema.pipe?.at(-1);
      if (object?.entries) return validObject(object.entries);
      throw new Error('no sample for a custom field');
    }
    default:
      throw new Error(`no sample for a ${schema.type} field`);
  }
}

/** Values of the field's type it must still refuse, with what the message must say. */
function invalidValues(schema: Entry): [unknown, RegExp][] {
  const wrongType: [unknown, RegExp] = [schema.type === 'string' ? 7 : 'text', /must be/];
  switch (schema.type) {
    case 'string':
      return [wrongType, ['x'.repeat((requirement(schema, 'max_length') ?? 4096) + 1), /at most \d+ characters/], ['a\0b', /NUL/], [null, /must be a string/]];
    case 'number': {
      const out: [unknown, RegExp][] = [wrongType, [NaN, /must be/], [Infinity, /finite|at most|whole/], [-Infinity, /finite|at least|whole/]];
      const min = requirement(schema, 'min_value');
      const max = requirement(schema, 'max_value');
      if (schema.pipe?.some((step) => step.type === 'safe_integer')) out.push([1.5, /whole number/]);
      if (max !== undefined && max < Number.MAX_SAFE_INTEGER) out.push([max + 1, /at most/]);
      if (min !== undefined && min > Number.MIN_SAFE_INTEGER) out.push([min - 1, /at least/]);
      return out;
    }
    case 'boolean':
      return [wrongType, [1, /true or false/]];
    case 'nullable': {
      // What the wrapped schema refuses, but null (which this one takes).
      const wrapped = (schema as Entry & { wrapped?: Entry }).wrapped;
      return wrapped ? invalidValues(wrapped).filter(([value]) => value !== null) : [wrongType];
    }
    case 'array':
      return [wrongType, [Array.from({ length: (requirement(schema, 'max_length') ?? 1000) + 1 }, () => validValue(schema.item!)), /at most \d+ items/]];
    default:
      return [wrongType];
  }
}

function validArgs(name: RequestName): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entriesOf(name)).map(([field, entry]) => [field, validValue(unwrap(entry).schema)]));
}

async function expectRefused(name: RequestName, args: unknown, message: RegExp | string): Promise<void> {
  called.length = 0;
  const result = await dispatch(handlers, name, args);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('bad-request');
  expect(result.error.message).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(result.error.message.startsWith(`${name}: `)).toBe(true);
  expect(called).toEqual([]);
}

describe.each(requestNames)('arguments of %s', (name) => {
  const fields = Object.entries(entriesOf(name));

  it('are passed on when they fit the schema, with optional fields left out', async () => {
    called.length = 0;
    const full = await dispatch(handlers, name, validArgs(name));
    expect(full.ok).toBe(true);
    const required = Object.fromEntries(fields.filter(([, entry]) => !unwrap(entry).optional).map(([field, entry]) => [field, validValue(unwrap(entry).schema)]));
    expect((await dispatch(handlers, name, required)).ok).toBe(true);
    expect(called.map((c) => c.args)).toEqual([validArgs(name), required]);
  });

  it('are refused when they are not an object', async () => {
    for (const args of [[], 'x', 7, true]) await expectRefused(name, args, /arguments must be an object/);
  });

  it.each(['unknown', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('are refused with an extra field named %s', async (extra) => {
    // JSON.parse makes each of these an own property, as the HTTP server receives it.
    const args = JSON.parse(JSON.stringify(validArgs(name)).replace(/^\{/, `{${JSON.stringify(extra)}:{"a":1}${fields.length ? ',' : ''}`));
    await expectRefused(name, args, `unexpected argument "${extra}"`);
  });

  for (const [field, entry] of fields) {
    const { schema, optional } = unwrap(entry);
    if (!optional) {
      it(`are refused without ${field}`, async () => {
        const args = validArgs(name);
        delete args[field];
        await expectRefused(name, args, `missing argument "${field}"`);
      });
    }
    it.each(invalidValues(schema).map(([value, message]) => [String(value).slice(0, 20), value, message] as const))(
      `are refused when ${field} is %s`,
      async (_label, value, message) => {
        await expectRefused(name, { ...validArgs(name), [field]: value }, message);
        await expectRefused(name, { ...validArgs(name), [field]: value }, `"${field}"`);
      },
    );
  }
});

describe('the request name', () => {
  it.each(['nope', '__proto__', 'constructor', 'toString', '', 'runs/list/x'])('%j is an unknown request, not a crash', async (name) => {
    const result = await dispatch(handlers, name, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
  });
});
