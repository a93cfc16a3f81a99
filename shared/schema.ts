// The building blocks of request schemas (shared/api.ts), on valibot: a
// well-kept, tree-shaken schema library (a few KB of it reach the renderer),
// used for what it does well: strict objects, types inferred from schemas,
// issue paths. These add the limits every argument from an untrusted caller
// needs (no NUL, bounded lengths, finite numbers) and one way to say what is wrong.
import * as v from 'valibot';

export { v };

/** No string argument is longer: a path, an id, a filter expression. */
export const maxTextLength = 4096;

/** A string of at most `max` characters, with no NUL (paths and SQL must never see one). */
export function text(max = maxTextLength) {
  return v.pipe(
    v.string('must be a string'),
    v.maxLength(max, `must be at most ${max} characters long`),
    v.check((value: string) => !value.includes('\0'), 'must not hold a NUL character'),
  );
}

/** A finite number within [min, max] (NaN and ±Infinity are refused). */
export function number(min = -Number.MAX_VALUE, max = Number.MAX_VALUE) {
  return v.pipe(
    v.number('must be a number'),
    v.finite('must be a finite number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
}

/** A whole number within [min, max]. */
export function integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  return v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
}

export function boolean() {
  return v.boolean('must be true or false');
}

/** One of the given words. */
export function oneOf<const T extends readonly [string, ...string[]]>(options: T) {
  return v.picklist(options, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
}

/** A list of at most `max` items. */
export function list<T extends v.GenericSchema>(item: T, max: number) {
  return v.pipe(v.array(item, 'must be a list'), v.maxLength(max, `must hold at most ${max} items`));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An object with exactly these fields (optional ones may be left out); any
 * other field is refused, and so is a list (valibot's objects take one).
 */
export function fields<T extends v.ObjectEntries>(entries: T) {
  return v.pipe(v.custom<Record<string, unknown>>(isRecord, 'must be an object'), v.strictObject(entries, 'must be an object'));
}

export const optional = v.optional;

/** Requests without arguments take an empty object. */
export const noArgs = fields({});

/** A project's id. */
export const projectId = integer(1);
/** A run's public id (runWriter.ts makes them 16 hex digits; any short text is looked up). */
export const runId = text(128);

function describe(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  // A field the object does not have: valibot reports the key as expected to be `never`.
  if (issue.kind === 'schema' && issue.expected === 'never') return `unexpected argument "${path ?? issue.input}"`;
  if (issue.received === 'undefined' && path) return `missing argument "${path}"`;
  return path ? `argument "${path}" ${issue.message}` : `arguments ${issue.message}`;
}

/** One line naming each field that is wrong and what was expected. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return [...new Set(issues.map(describe))].slice(0, 5).join('; ');
}
