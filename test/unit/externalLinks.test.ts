import { describe, expect, it } from 'vitest';
import {
  allowedExternalLinks,
  allowedExternalUrl,
  allowedUrl,
  isAllowedExternalUrl,
  parseAllowedLink,
} from '../../electron/externalLinks';

// A sample list: the shipped one is empty, and the matching must be right before anything is added.
const docs = ['https://docs.example.com/runlens/', 'https://example.org/guide'];
const allowed = (url: string): boolean => allowedUrl(url, docs) !== null;

describe('allowedUrl', () => {
  it('allows the listed locations and what lies below them', () => {
    expect(allowed('https://docs.example.com/runlens/')).toBe(true);
    expect(allowed('https://docs.example.com/runlens/formats/mlflow.html')).toBe(true);
    expect(allowed('https://docs.example.com/runlens/page?x=1#section')).toBe(true);
    expect(allowed('https://example.org/guide')).toBe(true);
    expect(allowed('https://example.org/guide/install')).toBe(true);
  });

  it('allows the same URL written differently, and returns its canonical form to open', () => {
    expect(allowedUrl('HTTPS://DOCS.EXAMPLE.COM/runlens/', docs)).toBe('https://docs.example.com/runlens/');
    expect(allowedUrl('https://docs.example.com:443/runlens/a', docs)).toBe('https://docs.example.com/runlens/a');
    // Fullwidth dots are mapped to '.' by IDNA: this is the real host, opened by its ASCII name.
    expect(allowedUrl('https://docs\uff0eexample\uff0ecom/runlens/', docs)).toBe('https://docs.example.com/runlens/');
  });

  it('denies paths outside the prefix, including ones that only share its first characters', () => {
    expect(allowed('https://docs.example.com/')).toBe(false);
    expect(allowed('https://docs.example.com/runlens')).toBe(false);
    expect(allowed('https://docs.example.com/runlens-evil/')).toBe(false);
    expect(allowed('https://example.org/guidebook')).toBe(false);
    expect(allowed('https://example.org/')).toBe(false);
  });

  it('resolves dot segments before comparing paths', () => {
    expect(allowed('https://docs.example.com/runlens/../admin')).toBe(false);
    expect(allowed('https://docs.example.com/runlens/%2e%2e/admin')).toBe(false);
    expect(allowed('https://docs.example.com/runlens/.%2E/admin')).toBe(false);
    expect(allowed('https://example.org/guide/../guidebook')).toBe(false);
    expect(allowedUrl('https://docs.example.com/other/../runlens/x', docs)).toBe('https://docs.example.com/runlens/x');
  });

  it('denies look-alike and neighbouring hosts', () => {
    expect(allowed('https://docs.example.com.evil.com/runlens/')).toBe(false);
    expect(allowed('https://docs.example.com%2eevil.com/runlens/')).toBe(false);
    expect(allowed('https://evil-docs.example.com/runlens/')).toBe(false);
    expect(allowed('https://sub.docs.example.com/runlens/')).toBe(false);
    expect(allowed('https://example.com/runlens/')).toBe(false);
    expect(allowed('https://docs.example.co/runlens/')).toBe(false);
    expect(allowed('https://docs.example.com./runlens/')).toBe(false);
    expect(allowed('https://docs.example.com:8443/runlens/')).toBe(false);
    expect(allowed('https://evil.com\\@docs.example.com/runlens/')).toBe(false);
    expect(allowed('https://evil.com#@docs.example.com/runlens/')).toBe(false);
    expect(allowed('https://evil.com/https://docs.example.com/runlens/')).toBe(false);
  });

  it('denies IDN homographs and punycode spellings of other hosts', () => {
    // Cyrillic 'о' (U+043E) and 'а' (U+0430) in place of Latin letters.
    expect(allowed('https://d\u043ecs.example.com/runlens/')).toBe(false);
    expect(allowed('https://docs.ex\u0430mple.com/runlens/')).toBe(false);
    // The parser turns such a host into punycode, which never equals a listed ASCII host.
    expect(new URL('https://d\u043ecs.example.com/').hostname).toBe('xn--dcs-sed.example.com');
    expect(allowed('https://xn--dcs-sed.example.com/runlens/')).toBe(false);
    expect(allowed('https://docs.example.xn--com-9o0a/runlens/')).toBe(false);
    // A fraction slash (U+2044) that passes for a dot makes one punycode label of 'docs⁄example'.
    expect(allowed('https://docs\u2044example.com/runlens/')).toBe(false);
    // Invalid punycode does not parse at all.
    expect(allowed('https://xn--/runlens/')).toBe(false);
  });

  it('denies credentials in the URL, which only serve to disguise the host', () => {
    expect(allowed('https://user@docs.example.com/runlens/')).toBe(false);
    expect(allowed('https://user:pass@docs.example.com/runlens/')).toBe(false);
    expect(allowed('https://:pass@docs.example.com/runlens/')).toBe(false);
    expect(allowed('https://docs.example.com@evil.com/runlens/')).toBe(false);
    expect(allowed('https://docs.example.com%40evil.com/runlens/')).toBe(false);
    expect(allowed('https://user@host')).toBe(false);
  });

  it('denies every scheme but https', () => {
    for (const url of [
      'http://docs.example.com/runlens/',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)//https://docs.example.com/runlens/',
      'file:///etc/passwd',
      'file://docs.example.com/runlens/',
      'data:text/html,<script>alert(1)</script>',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'blob:https://docs.example.com/0b1e7a5c-2f7c-4c1d-9d47-1a2b3c4d5e6f',
      'ftp://docs.example.com/runlens/',
      'wss://docs.example.com/runlens/',
      'app://runlens/index.html',
      'mailto:someone@docs.example.com',
      'ms-settings:',
      'vscode://file/etc/passwd',
    ]) {
      expect(allowed(url), url).toBe(false);
    }
  });

  it('denies strings that are not absolute URLs', () => {
    for (const url of ['', ' ', 'docs.example.com/runlens/', '/runlens/', '//docs.example.com/runlens/', 'https://', 'https:docs', 'https://[::1']) {
      expect(allowed(url), JSON.stringify(url)).toBe(false);
    }
  });

  it('denies everything when the list is empty', () => {
    expect(allowedUrl('https://docs.example.com/runlens/', [])).toBeNull();
  });
});

describe('parseAllowedLink', () => {
  it('takes a canonical https origin and path', () => {
    expect(parseAllowedLink('https://docs.example.com/runlens/')).toEqual({ origin: 'https://docs.example.com', pathPrefix: '/runlens/' });
  });

  it('rejects entries that are not plain canonical https links', () => {
    for (const entry of [
      'http://docs.example.com/',
      'https://user@docs.example.com/',
      'https://docs.example.com/?q=1',
      'https://docs.example.com/#top',
      'https://DOCS.example.com/',
      'https://docs.example.com',
      'https://d\u043ecs.example.com/',
      'docs.example.com',
    ]) {
      expect(() => parseAllowedLink(entry), entry).toThrow();
    }
  });
});

describe('the shipped list', () => {
  it('holds only well-formed entries', () => {
    for (const entry of allowedExternalLinks) expect(() => parseAllowedLink(entry)).not.toThrow();
  });

  it('allows exactly its own entries and denies the rest', () => {
    for (const entry of allowedExternalLinks) {
      expect(isAllowedExternalUrl(entry)).toBe(true);
      expect(allowedExternalUrl(entry)).toBe(entry);
    }
    for (const url of ['https://example.com/', 'https://docs.example.com.evil.com/', 'http://localhost/', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
      expect(allowedExternalUrl(url)).toBeNull();
    }
  });
});
