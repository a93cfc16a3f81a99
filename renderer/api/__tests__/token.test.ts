import { describe, expect, it } from 'vitest';
import { takeToken, TOKEN_KEY, tokenFromHash } from '../token';

function place(hash: string, stored: string | null = null) {
  const data = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
  const replaced: string[] = [];
  return {
    location: { hash, pathname: '/app/', search: '?x=1' },
    storage: { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) },
    history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
    data,
    replaced,
  };
}

describe('tokenFromHash', () => {
  it('reads #token=...', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#foo=1&token=xyz')).toBe('xyz');
  });

  it('is null without one', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });
});

describe('takeToken', () => {
  it('keeps the hash token in sessionStorage and takes it out of the URL', () => {
    const p = place('#token=s3cret');
    expect(takeToken(p)).toBe('s3cret');
    expect(p.data.get(TOKEN_KEY)).toBe('s3cret');
    expect(p.replaced).toEqual(['/app/?x=1']);
  });

  it('uses the stored token on a reload without hash', () => {
    const p = place('', 'earlier');
    expect(takeToken(p)).toBe('earlier');
    expect(p.replaced).toEqual([]);
  });

  it('prefers a new token in the hash over a stored one', () => {
    const p = place('#token=new', 'old');
    expect(takeToken(p)).toBe('new');
    expect(p.data.get(TOKEN_KEY)).toBe('new');
  });

  it('is null when there is neither', () => {
    expect(takeToken(place(''))).toBeNull();
  });
});
