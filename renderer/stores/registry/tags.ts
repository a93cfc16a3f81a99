// Tags as the forms take them: one `key=value` a chip (a bare `key` has an
// empty value), and back. Pure.

/**
 * The tags a list of `key=value` entries names. The first `=` splits, so a
 * value may hold more; keys and values are trimmed; an entry with no key is
 * dropped; a later entry for the same key wins. Example:
 * parseTags(['team=fraud', 'reviewed']) → { team: 'fraud', reviewed: '' }.
 */
export function parseTags(entries: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const key = (at < 0 ? entry : entry.slice(0, at)).trim();
    if (!key) continue;
    tags[key] = at < 0 ? '' : entry.slice(at + 1).trim();
  }
  return tags;
}

/** The entries a tag map shows as, in key order. */
export function tagEntries(tags: Record<string, string>): string[] {
  return Object.keys(tags)
    .sort((a, b) => a.localeCompare(b))
    .map((key) => (tags[key] === '' ? key : `${key}=${tags[key]}`));
}
