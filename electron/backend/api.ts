// Merges the domains' handlers into the one API and turns every failure into
// a typed error value: nothing thrown inside crosses the boundary.
import { requestNames, type RequestName } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/errors';
import { RequestFailed, type Handlers } from './handlerTypes';
import { SchemaTooNewError } from './store/database';
import { InvalidArguments } from './validate';

export function mergeHandlers(...parts: Partial<Handlers>[]): Handlers {
  const merged: Partial<Handlers> = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in merged) throw new Error(`API request "${name}" is registered twice`);
      (merged as Record<string, unknown>)[name] = handler;
    }
  }
  const missing = requestNames.filter((name) => !(name in merged));
  if (missing.length) throw new Error(`API requests without a handler: ${missing.join(', ')}`);
  return merged as Handlers;
}

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && (requestNames as readonly string[]).includes(name);
}

/** Runs one request from an untrusted caller. */
export async function dispatch(handlers: Handlers, name: unknown, args: unknown): Promise<Result<unknown>> {
  if (!isRequestName(name)) return fail('unknown-request', `Unknown request ${JSON.stringify(String(name)).slice(0, 80)}`);
  try {
    return ok(await handlers[name](args));
  } catch (error) {
    if (error instanceof InvalidArguments) return fail('bad-request', `${name}: ${error.message}`);
    if (error instanceof RequestFailed) return fail(error.code, error.message);
    if (error instanceof SchemaTooNewError) return fail('store-too-new', error.message);
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      return fail('store-busy', 'The Runlens database is locked by another process; try again in a moment.');
    }
    console.error(`runlens: ${name} failed:`, error);
    return fail('internal', `${name} failed: ${(error as Error).message}`);
  }
}
