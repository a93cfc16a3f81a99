import type { RequestName, ResultOf } from '../../shared/api';

/** A domain's share of the API: each request's handler, given unchecked arguments. */
export type Handlers = { [K in RequestName]: (args: unknown) => Promise<ResultOf<K>> };

/** Thrown by handlers for a failure the caller should see as a typed error. */
export class RequestFailed extends Error {
  constructor(
    readonly code: 'not-found' | 'unreadable' | 'bad-request',
    message: string,
  ) {
    super(message);
  }
}
