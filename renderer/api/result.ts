// Turns whatever crossed the transport into a Result, so callers never see a throw.
import type { ApiError, ApiErrorCode, Result } from '../../shared/errors';

const errorCodes: Record<ApiErrorCode, true> = {
  'bad-request': true,
  'bad-filter': true,
  'not-found': true,
  unreadable: true,
  'store-busy': true,
  'store-too-new': true,
  'unknown-request': true,
  internal: true,
};

export function internalError(message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: 'internal', message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toApiError(raw: unknown): ApiError | null {
  if (!isRecord(raw) || typeof raw.message !== 'string') return null;
  const code = typeof raw.code === 'string' && raw.code in errorCodes ? raw.code : 'internal';
  return { code: code as ApiErrorCode, message: raw.message };
}

/** Checks the envelope; the value inside is trusted to be the contract's type. */
export function toResult<T>(raw: unknown): Result<T> {
  if (isRecord(raw) && raw.ok === true && 'value' in raw) {
    return { ok: true, value: raw.value as T };
  }
  if (isRecord(raw) && raw.ok === false) {
    const error = toApiError(raw.error);
    if (error) return { ok: false, error };
  }
  return internalError('The backend sent an answer Runlens does not understand.');
}

export function describeFailure(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
