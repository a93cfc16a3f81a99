// Errors cross the contract as values, never as thrown exceptions.

export type ApiErrorCode =
  | 'bad-request' // an argument failed validation
  | 'bad-filter' // a runs filter or order that does not parse; the message gives the position
  | 'not-found'
  | 'unreadable' // a folder or file cannot be read
  | 'store-busy' // the SQLite file is locked by another process
  | 'store-too-new' // the database was written by a newer Runlens
  | 'unknown-request'
  | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ApiErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
