// Splits filter or sort text into tokens, each with where it starts and ends,
// so every later error can point at the characters at fault.
import { numberPattern } from './numberText';
import type { FilterSyntaxError } from './types';

export type SymbolOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
  /** Anything unquoted that is not an operator or punctuation: a column, a keyword, a bare word. */
  | { type: 'word'; text: string; position: number; end: number }
  /** Text in single or double quotes, escapes resolved. */
  | { type: 'string'; text: string; quote: "'" | '"'; position: number; end: number }
  /** A column name in backquotes, as in metrics.`val loss`. */
  | { type: 'backquoted'; text: string; position: number; end: number }
  | { type: 'number'; value: number; text: string; position: number; end: number }
  | { type: 'operator'; text: SymbolOperator; position: number; end: number }
  | { type: '(' | ')' | ','; position: number; end: number }
  | { type: 'end'; position: number; end: number };

/**
 * Thrown inside the parser and caught at its entry points, which turn it into
 * an `{ ok: false }` result: parsing stops at the first error, and threading a
 * result through every rule would bury the grammar.
 */
export class FilterSyntaxFailure {
  constructor(readonly error: FilterSyntaxError) {}
}

export function fail(message: string, position: number, length = 1): never {
  throw new FilterSyntaxFailure({ message, position, length: Math.max(1, length) });
}

const quotes = new Set(["'", '"', '`']);

/** Characters that end a word: whitespace, quotes, parentheses, commas and the operator characters. */
function endsWord(text: string, index: number): boolean {
  const char = text[index];
  if (/\s/.test(char) || quotes.has(char) || '(),=<>'.includes(char)) return true;
  return char === '!' && text[index + 1] === '=';
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (/\s/.test(char)) {
      index++;
    } else if (quotes.has(char)) {
      const token = readQuoted(text, index);
      tokens.push(token);
      index = token.end;
    } else if ('(),'.includes(char)) {
      tokens.push({ type: char as '(' | ')' | ',', position: index, end: index + 1 });
      index++;
    } else if ('=<>!'.includes(char) && !(char === '!' && text[index + 1] !== '=')) {
      const token = readOperator(text, index);
      tokens.push(token);
      index = token.end;
    } else {
      const token = readWord(text, index);
      tokens.push(token);
      index = token.end;
    }
  }
  tokens.push({ type: 'end', position: text.length, end: text.length });
  return tokens;
}

function readOperator(text: string, start: number): Token {
  const two = text.slice(start, start + 2);
  if (two === '!=' || two === '<=' || two === '>=') return { type: 'operator', text: two, position: start, end: start + 2 };
  // SQL's spelling of "not equal", which MLflow users may bring along.
  if (two === '<>') return { type: 'operator', text: '!=', position: start, end: start + 2 };
  // `==` as a programmer would type it means the same as `=`.
  if (two === '==') return { type: 'operator', text: '=', position: start, end: start + 2 };
  return { type: 'operator', text: text[start] as SymbolOperator, position: start, end: start + 1 };
}

function readWord(text: string, start: number): Token {
  let end = start + 1;
  while (end < text.length && !endsWord(text, end)) end++;
  const word = text.slice(start, end);
  if (numberPattern.test(word)) {
    const value = Number(word);
    if (!Number.isFinite(value)) fail(`${word} is too large a number`, start, word.length);
    return { type: 'number', value, text: word, position: start, end };
  }
  return { type: 'word', text: word, position: start, end };
}

/**
 * A quoted string or backquoted name. A doubled quote stands for one; so does
 * a backslash before the quote or before another backslash. Any other
 * backslash is kept, so LIKE patterns can say `\%` and `\_` for a literal % or _.
 */
function readQuoted(text: string, start: number): Token {
  const quote = text[start];
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === quote && text[index + 1] === quote) {
      value += quote;
      index += 2;
    } else if (char === quote) {
      const end = index + 1;
      if (quote === '`') return { type: 'backquoted', text: value, position: start, end };
      return { type: 'string', text: value, quote: quote as "'" | '"', position: start, end };
    } else if (char === '\\' && quote !== '`' && (text[index + 1] === quote || text[index + 1] === '\\')) {
      value += text[index + 1];
      index += 2;
    } else {
      value += char;
      index++;
    }
  }
  const what = quote === '`' ? 'backquote' : 'quote';
  return fail(`unterminated string: no closing ${what} for this ${quote}`, start, text.length - start);
}

/** How a token reads in a message: its own text, or what kind of thing it is. */
export function describeToken(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the filter';
    case 'string':
      return `${token.quote}${token.text}${token.quote}`;
    case 'backquoted':
      return `\`${token.text}\``;
    case 'word':
    case 'number':
    case 'operator':
      return `'${token.text}'`;
    default:
      return `'${token.type}'`;
  }
}
