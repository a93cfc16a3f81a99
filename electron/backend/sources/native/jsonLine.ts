// Python's json module writes bare NaN, Infinity and -Infinity, which JSON.parse
// refuses: they are quoted in one linear pass, then parsed. Hand-written, for
// the pass must stay linear on any line (a regex with \s* lookbehind took 27 s
// on one malformed 300 KB line).
const enum Char {
  Tab = 0x09,
  Newline = 0x0a,
  Return = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Comma = 0x2c,
  Minus = 0x2d,
  Colon = 0x3a,
  I = 0x49,
  N = 0x4e,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  CloseBrace = 0x7d,
}

function isJsonSpace(c: number): boolean {
  return c === Char.Space || c === Char.Tab || c === Char.Newline || c === Char.Return;
}

/** The length of the bare NaN, Infinity or -Infinity token at line[i], or 0. */
function nonFiniteTokenAt(line: string, i: number, c: number): number {
  if (c === Char.N) return line.startsWith('NaN', i) ? 3 : 0;
  if (c === Char.I) return line.startsWith('Infinity', i) ? 8 : 0;
  if (c === Char.Minus) return line.startsWith('-Infinity', i) ? 9 : 0;
  return 0;
}

/**
 * `line` with each bare NaN, Infinity and -Infinity outside JSON strings
 * quoted, where it stands as a value: after `:`, `,` or `[` and before `,`,
 * `}` or `]` (blanks between), the places the regex this replaces quoted. One
 * pass: string state and backslash escapes are tracked, the character before
 * a token is remembered and the blanks after one are crossed once, so the
 * work is linear in the line (at most two steps a character). `work.steps`,
 * when given, counts the steps (for tests).
 */
export function quoteBareNonFinite(line: string, work?: { steps: number }): string {
  const n = line.length;
  let parts: string[] | null = null;
  let from = 0;
  let inString = false;
  /** The last character outside strings that is not a blank (-1: none yet). */
  let previous = -1;
  let steps = 0;
  for (let i = 0; i < n; i++) {
    steps += 1;
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === Char.Backslash) i += 1;
      else if (c === Char.Quote) {
        inString = false;
        previous = c;
      }
      continue;
    }
    if (c === Char.Quote) {
      inString = true;
      continue;
    }
    if (isJsonSpace(c)) continue;
    if (previous === Char.Colon || previous === Char.Comma || previous === Char.OpenBracket) {
      const length = nonFiniteTokenAt(line, i, c);
      if (length > 0) {
        let j = i + length;
        while (j < n && isJsonSpace(line.charCodeAt(j))) {
          j += 1;
          steps += 1;
        }
        const next = j < n ? line.charCodeAt(j) : -1;
        if (next === Char.Comma || next === Char.CloseBrace || next === Char.CloseBracket) {
          (parts ??= []).push(line.slice(from, i), '"', line.slice(i, i + length), '"');
          from = i + length;
        }
        // The token's last letter is what precedes what follows it.
        i += length - 1;
        previous = line.charCodeAt(i);
        continue;
      }
    }
    previous = c;
  }
  if (work) work.steps += steps;
  if (!parts) return line;
  parts.push(line.slice(from));
  return parts.join('');
}

/**
 * JSON.parse of one line, also accepting the bare NaN/Infinity/-Infinity
 * Python's json module writes (read as the strings "NaN", "Infinity",
 * "-Infinity", which toNumber turns into numbers: the same as the quoted
 * spellings FORMAT.md gives). Linear in the line, whatever it holds.
 */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    if (!line.includes('NaN') && !line.includes('Infinity')) throw error;
    const quoted = quoteBareNonFinite(line);
    if (quoted === line) throw error;
    return JSON.parse(quoted);
  }
}

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return null;
}
