// Merges the domains' handlers into the one API, checks every request's
// arguments against its schema (shared/api.ts) before a handler sees them,
// and turns every failure into a typed error value: nothing thrown inside
// crosses the boundary.
import { isRequestName, requests } from '../../shared/api';
import { describeIssues, v } from '../../shared/schema';
import { fail, ok, type Result } from '../../shared/errors';
import { RequestFailed, type Handlers } from './handlerTypes';
import { SchemaTooNewError } from './store/database';
import { isStoreBusy } from './store/writeTransaction';

type Intersection<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never;

/**
 * The domains' handlers as one object. Its type is what the parts declare, so
 * assigning it to `Handlers` (backend.ts) fails to compile when a request has
 * no handler or a handler has the wrong type; a request handled twice throws.
 */
export function mergeHandlers<T extends Partial<Handlers>[]>(...parts: T): Intersection<T[number]> {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (Object.hasOwn(merged, name)) throw new Error(`API request "${name}" is registered twice`);
      merged[name] = handler;
    }
  }
  return merged as Intersection<T[number]>;
}

export interface DispatchOptions {
  /** How long a request keeps trying while another process holds the store's write lock (default 30 s). */
  busyRetryMs?: number;
}

/**
 * Runs one request from an untrusted caller. A store locked by another
 * Runlens process (an ingest writing) is waited for, without blocking the
 * event loop: the caller sees store-busy only if the lock outlasts the retries.
 */
export async function dispatch(handlers: Handlers, name: unknown, args: unknown, options: DispatchOptions = {}): Promise<Result<unknown>> {
  if (!isRequestName(name)) return fail('unknown-request', `Unknown request ${JSON.stringify(String(name)).slice(0, 80)}`);
  const checked = v.safeParse(requests[name].args, args ?? {});
  if (!checked.success) return fail('bad-request', `${name}: ${describeIssues(checked.issues)}`);
  const handler = handlers[name] as (args: unknown) => Promise<unknown>;
  const deadline = Date.now() + (options.busyRetryMs ?? 30_000);
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return ok(await handler(checked.output));
    } catch (error) {
      if (error instanceof RequestFailed) return fail(error.code, error.message);
      if (error instanceof SchemaTooNewError) return fail('store-too-new', error.message);
      if (isStoreBusy(error)) {
        if (Date.now() + pause < deadline) {
          await new Promise((resolve) => setTimeout(resolve, pause));
          continue;
        }
        return fail('store-busy', 'The Runlens database is locked by another process; try again in a moment.');
      }
      console.error(`runlens: ${name} failed:`, error);
      return fail('internal', `${name} failed: ${(error as Error).message}`);
    }
  }
}
