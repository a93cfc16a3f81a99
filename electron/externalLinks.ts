// The external links Runlens may open in the user's browser, declared once.
// Pure (no Electron import) so unit tests can check the matching directly.

/**
 * Each entry is an https origin plus a path prefix. A URL is allowed when its
 * origin is exactly the entry's and its path is the prefix or lies below it.
 * The renderer shows no external links today, and README.md points only at
 * documentation inside the repository, so nothing is allowed yet.
 */
export const allowedExternalLinks: readonly string[] = [];

interface AllowedLink {
  origin: string;
  pathPrefix: string;
}

/** Parses an allow-list entry; a bad entry is a programming error and throws. */
export function parseAllowedLink(entry: string): AllowedLink {
  const url = new URL(entry);
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new Error(`Not a plain https link: ${entry}`);
  }
  if (url.href !== entry) throw new Error(`Write the link in canonical form (${url.href}): ${entry}`);
  return { origin: url.origin, pathPrefix: url.pathname };
}

/**
 * The canonical form of `raw` when it is allowed by `allowed`, else null. The
 * comparison is on the parsed URL (WHATWG parsing: IDN hosts become punycode,
 * dot segments are resolved), never on the raw string.
 */
export function allowedUrl(raw: string, allowed: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // Credentials in a link only serve to disguise the real host (https://docs.example.com@evil.com).
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return null;
  const match = allowed.map(parseAllowedLink).some(({ origin, pathPrefix }) => {
    if (url.origin !== origin) return false;
    if (pathPrefix.endsWith('/')) return url.pathname.startsWith(pathPrefix);
    return url.pathname === pathPrefix || url.pathname.startsWith(`${pathPrefix}/`);
  });
  return match ? url.href : null;
}

// A malformed entry fails when main starts (and in the unit tests), not at the first click.
for (const entry of allowedExternalLinks) parseAllowedLink(entry);

/** Whether the renderer may have `url` opened in the user's browser. */
export function isAllowedExternalUrl(url: string): boolean {
  return allowedUrl(url, allowedExternalLinks) !== null;
}

/** The canonical form to hand to the OS for an allowed `url`, else null. */
export function allowedExternalUrl(url: string): string | null {
  return allowedUrl(url, allowedExternalLinks);
}
