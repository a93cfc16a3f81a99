import type { CheckedArgsOf, RequestName, ResultOf } from '../../shared/api';

/** The whole API's handlers: each request's, given its arguments once the schema checked them. */
export type Handlers = { [K in RequestName]: (args: CheckedArgsOf<K>) => Promise<ResultOf<K>> };

/** Thrown by handlers for a failure the caller should see as a typed error. */
export class RequestFailed extends Error {
  constructor(
    readonly code: 'not-found' | 'unreadable' | 'bad-request' | 'bad-filter',
    message: string,
  ) {
    super(message);
  }
}
