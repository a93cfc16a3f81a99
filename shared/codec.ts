// The one codec for everything that crosses HTTP and the WebSocket, so that
// numbers arrive exactly as they do over Electron's IPC (structured clone):
// JSON has no NaN, no ±Infinity and no -0, and a diverged loss, a ROC
// threshold or a drift statistic is often one of them.
//
// A non-finite number or -0 is written as an object with one key, `tag`,
// holding its name. A key of the data that starts with the tag's first
// character is escaped with one more of it, so no data can be mistaken for a tag.

const tag = '\u0000n';
const escapeChar = '\u0000';
const specialNames = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 } as const;
type SpecialName = keyof typeof specialNames;

function specialName(value: number): SpecialName | null {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0 && 1 / value < 0) return '-0';
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasEscapedKey(record: Record<string, unknown>): boolean {
  for (const key in record) if (key.charCodeAt(0) === 0) return true;
  return false;
}

function renameKeys(record: Record<string, unknown>, rename: (key: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) Object.defineProperty(out, rename(key), { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Whether `value` holds anything the plain JSON would lose (a non-finite
 * number, -0, a key starting with NUL). A walk is far cheaper than a replacer
 * called on every value: an evaluation's table holds millions of numbers.
 */
function needsTags(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value) || (value === 0 && 1 / value < 0);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsTags(value[i])) return true;
    return false;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return true; // let the slow path see what JSON sees
  for (const key in value as Record<string, unknown>) {
    if (key.charCodeAt(0) === 0 || needsTags((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** JSON text for `value`, keeping NaN, ±Infinity and -0. */
export function encode(value: unknown): string {
  if (!needsTags(value)) return JSON.stringify(value);
  return JSON.stringify(value, function replace(_key, item: unknown) {
    if (typeof item === 'number') {
      const name = specialName(item);
      return name === null ? item : { [tag]: name };
    }
    if (isPlainObject(item) && hasEscapedKey(item)) return renameKeys(item, (key) => (key.charCodeAt(0) === 0 ? escapeChar + key : key));
    return item;
  });
}

/** The value `encode` wrote. Throws SyntaxError on text that is not JSON. */
export function decode(text: string): unknown {
  // JSON writes U+0000 as \u0000: text without it holds no tag and no escaped key.
  if (!text.includes('\\u0000')) return JSON.parse(text);
  return JSON.parse(text, function revive(_key, item: unknown) {
    if (!isPlainObject(item) || !hasEscapedKey(item)) return item;
    const keys = Object.keys(item);
    if (keys.length === 1 && keys[0] === tag && typeof item[tag] === 'string' && Object.hasOwn(specialNames, item[tag])) return specialNames[item[tag] as SpecialName];
    return renameKeys(item, (key) => (key.charCodeAt(0) === 0 ? key.slice(1) : key));
  });
}

/**
 * For the CLI's --json: JSON for people and scripts, where a non-finite number
 * is the string "NaN", "Infinity" or "-Infinity" (as Python's json module
 * reads with parse_constant, and as README.md says) and -0 is 0.
 */
export function toPlainJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? (Number.isNaN(item) ? 'NaN' : item > 0 ? 'Infinity' : '-Infinity') : item),
    indent,
  );
}
