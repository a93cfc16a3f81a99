// How an alias event's `from` and `to` name an alias and the version it
// points at: `champion@3` (an alias cannot hold "@"). Declared once for the
// backend that writes them and the views that read them.

export function aliasEventValue(alias: string, version: number): string {
  return `${alias}@${version}`;
}

/** `champion@3` → {alias: 'champion', version: 3}; null for anything else. */
export function parseAliasEventValue(value: string | null): { alias: string; version: number } | null {
  const match = value === null ? null : /^(.+)@(\d+)$/.exec(value);
  return match ? { alias: match[1], version: Number(match[2]) } : null;
}
