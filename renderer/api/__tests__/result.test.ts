import { describe, expect, it } from 'vitest';
import { toResult } from '../result';

describe('toResult', () => {
  it('passes a success through', () => {
    expect(toResult({ ok: true, value: [1, 2] })).toEqual({ ok: true, value: [1, 2] });
    expect(toResult({ ok: true, value: null })).toEqual({ ok: true, value: null });
  });

  it('keeps the backend error code and message', () => {
    expect(toResult({ ok: false, error: { code: 'not-found', message: 'No folder /x' } })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No folder /x' },
    });
  });

  it('maps an unknown code to internal but keeps the message', () => {
    expect(toResult({ ok: false, error: { code: 'weird', message: 'm' } })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'm' },
    });
  });

  it('turns anything else into an internal error', () => {
    for (const raw of [null, 'text', { ok: true }, { ok: false }, { value: 1 }]) {
      const result = toResult(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('internal');
    }
  });
});
