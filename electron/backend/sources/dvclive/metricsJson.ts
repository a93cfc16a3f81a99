// DVCLive's metrics.json: the latest value of every metric, nested by the
// `/` in its name, written by Python's json module. Hand-written around
// JSON.parse because JSON.parse refuses the bare NaN, Infinity and -Infinity
// json.dumps writes for non-finite floats: one pass that skips strings quotes
// them, and the reviver turns them back into numbers.
import { nonFiniteFloat } from '../numbers';

const maxNesting = 32;
/** Metrics taken from one metrics.json: DVCLive runs log tens; past this the rest are not read. */
export const maxSummaryKeys = 10_000;

const sentinel = '\u0000runlens:';
const sentinelValues: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Quotes bare NaN, Infinity and -Infinity outside strings so JSON.parse accepts them. */
function quoteBareSpecials(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, honouring backslash escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if (c !== 0x4e && c !== 0x49 && c !== 0x2d) continue; // N, I, -
    const token = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('-Infinity', i) ? '-Infinity' : null;
    if (!token) continue;
    parts.push(text.slice(from, i), `"\\u0000runlens:${token}"`);
    i += token.length - 1;
    from = i + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** JSON.parse that also accepts the bare NaN, Infinity and -Infinity Python's json module writes. */
export function parseJsonTolerant(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  return JSON.parse(quoteBareSpecials(text), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(sentinel) ? sentinelValues[value.slice(sentinel.length)] : value,
  );
}

/**
 * The numeric leaves of metrics.json under DVCLive's metric names: nested
 * objects joined with `/` (DVCLive splits `train/loss` into {"train": {"loss"}}),
 * without the top-level `step`. Strings that spell a number ("nan", "inf":
 * DVCLive 3.x stores non-finite values as str(val)) count; other values do not.
 * At most maxSummaryKeys of them (`truncated` past it).
 */
export function summaryValues(summary: Record<string, unknown>): { summary: Map<string, number>; truncated: boolean } {
  const out = new Map<string, number>();
  let truncated = false;
  const walk = (value: unknown, key: string, depth: number) => {
    if (truncated) return;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (depth >= maxNesting) return;
      for (const [name, item] of Object.entries(value)) {
        if (depth === 0 && name === 'step') continue;
        walk(item, key ? `${key}/${name}` : name, depth + 1);
        if (truncated) return;
      }
      return;
    }
    const n = typeof value === 'number' ? value : typeof value === 'string' ? nonFiniteFloat(value.trim()) : undefined;
    if (n === undefined || !key) return;
    if (out.size >= maxSummaryKeys && !out.has(key)) {
      truncated = true;
      return;
    }
    out.set(key, n);
  };
  walk(summary, '', 0);
  return { summary: out, truncated };
}
