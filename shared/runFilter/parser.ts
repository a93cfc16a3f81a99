// The filter grammar (MLflow's search syntax, plus OR and parentheses):
//   filter     := or? (empty text is every run)
//   or         := and (OR and)*
//   and        := term (AND? term)*         (terms side by side are ANDed)
//   term       := '(' or ')' | comparison | name search
//   comparison := column operator value | column (NOT)? IN '(' value (',' value)* ')'
// A bare word or quoted text that is not part of a comparison searches run names.
import { columnKey } from '../runQuery';
import { hasColumnPrefix, attributeNamed, readColumn } from './columnName';
import { describeToken, fail, type Token } from './tokenizer';
import type { ComparisonOperator, RunFilter } from './types';
import { checkedValue, type WrittenValue } from './values';

const keywordOperators = ['LIKE', 'ILIKE', 'IN', 'NOT'];

function isKeyword(token: Token, keyword: string): boolean {
  return token.type === 'word' && token.text.toUpperCase() === keyword;
}

function tokenLength(token: Token): number {
  return token.end - token.position;
}

export class FilterParser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): RunFilter {
    if (this.peek().type === 'end') return { kind: 'all' };
    const filter = this.parseOr();
    const token = this.peek();
    if (token.type === ')') fail("unmatched ')': no '(' before it", token.position);
    if (token.type !== 'end') fail(`unexpected ${describeToken(token)} after the end of a comparison`, token.position, tokenLength(token));
    return filter;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private advance(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }

  /** Steps past the current token and gives back what it was read as. */
  private take<T>(meaning: T): T {
    this.advance();
    return meaning;
  }

  /** Steps past an AND or OR and gives its spelling, for the message when nothing follows it. */
  private takeWord(): string {
    const token = this.advance();
    return token.type === 'word' ? token.text : token.type;
  }

  private parseOr(): RunFilter {
    const terms = [this.parseAnd()];
    while (isKeyword(this.peek(), 'OR')) terms.push(this.parseAnd(this.takeWord()));
    return terms.length === 1 ? terms[0] : { kind: 'or', terms };
  }

  private parseAnd(after?: string): RunFilter {
    const terms = [this.parseTerm(after)];
    for (;;) {
      const token = this.peek();
      if (isKeyword(token, 'AND')) terms.push(this.parseTerm(this.takeWord()));
      else if (this.startsTerm(token)) terms.push(this.parseTerm());
      else break;
    }
    return terms.length === 1 ? terms[0] : { kind: 'and', terms };
  }

  private startsTerm(token: Token): boolean {
    if (token.type === 'word') return !isKeyword(token, 'OR');
    return token.type === '(' || token.type === 'string' || token.type === 'number' || token.type === 'backquoted';
  }

  /** One term; `after` is the AND or OR before it, for the message when it is missing. */
  private parseTerm(after?: string): RunFilter {
    const token = this.peek();
    if (token.type === '(') return this.parseParenthesized();
    if (token.type === 'word' && (isKeyword(token, 'AND') || isKeyword(token, 'OR'))) {
      const message = after ? `expected a filter after '${after}', found '${token.text}'` : `expected a filter before '${token.text}'`;
      fail(message, token.position, tokenLength(token));
    }
    if (token.type === 'word' && this.startsComparison(token)) return this.parseComparison();
    if (token.type === 'word' || token.type === 'number' || token.type === 'string') {
      this.advance();
      return { kind: 'nameSearch', text: token.text };
    }
    if (token.type === 'backquoted') fail('a backquoted name needs a prefix, like metrics.`val loss`', token.position, tokenLength(token));
    if (after) fail(`expected a filter after '${after}'`, token.position, tokenLength(token));
    if (token.type === 'operator') fail(`unexpected ${describeToken(token)}: a comparison starts with a column, like metrics.loss > 1`, token.position, tokenLength(token));
    return fail(`unexpected ${describeToken(token)}`, token.position, tokenLength(token));
  }

  /** A prefixed word is always a column; a plain word only when an operator follows it. */
  private startsComparison(token: Token & { type: 'word' }): boolean {
    if (hasColumnPrefix(token.text)) return true;
    const next = this.peek(1);
    if (next.type === 'operator') return true;
    const isOperatorWord = keywordOperators.some((keyword) => isKeyword(next, keyword));
    return isOperatorWord && (token.text.includes('.') || attributeNamed(token.text) !== undefined);
  }

  private parseParenthesized(): RunFilter {
    const open = this.advance();
    if (this.peek().type === ')') fail("empty parentheses: expected a filter inside '()'", open.position, 2);
    const inner = this.parseOr();
    const close = this.peek();
    if (close.type === 'end') fail("unclosed parenthesis: no ')' for this '('", open.position);
    if (close.type !== ')') fail(`expected ')' or AND or OR, found ${describeToken(close)}`, close.position, tokenLength(close));
    this.advance();
    return inner;
  }

  private parseComparison(): RunFilter {
    const reference = readColumn(this.tokens, this.index);
    this.index = reference.next;
    const operatorToken = this.peek();
    const operator = this.readOperator(columnKey(reference.column));
    const operatorAt = { position: operatorToken.position, length: this.peek(-1).end - operatorToken.position };
    const isList = operator === 'IN' || operator === 'NOT IN';
    const written = isList ? this.readList(operator) : [this.readValue(operatorToken)];
    const value = checkedValue(reference.column, operator, operatorAt, written, isList);
    return { kind: 'comparison', column: reference.column, operator, value, position: reference.position };
  }

  private readOperator(columnText: string): ComparisonOperator {
    const token = this.peek();
    if (token.type === 'operator') return this.take(token.text);
    for (const keyword of ['LIKE', 'ILIKE', 'IN'] as const) if (isKeyword(token, keyword)) return this.take(keyword);
    if (isKeyword(token, 'NOT')) {
      this.advance();
      if (isKeyword(this.peek(), 'IN')) return this.take('NOT IN');
      const next = this.peek();
      return fail(`expected IN after NOT, found ${describeToken(next)}`, next.position, tokenLength(next));
    }
    return fail(`expected an operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN) after ${columnText}, found ${describeToken(token)}`, token.position, tokenLength(token));
  }

  private readList(operator: ComparisonOperator): WrittenValue[] {
    const open = this.peek();
    if (open.type !== '(') fail(`expected a list in parentheses after ${operator}, like ${operator} ('a', 'b')`, open.position, tokenLength(open));
    this.advance();
    const values: WrittenValue[] = [];
    for (;;) {
      values.push(this.readValue(this.peek(-1)));
      const token = this.advance();
      if (token.type === ')') return values;
      if (token.type === 'end') fail("unclosed parenthesis: no ')' for this '('", open.position);
      if (token.type !== ',') fail(`expected ',' or ')' in the list, found ${describeToken(token)}`, token.position, tokenLength(token));
    }
  }

  /** A quoted string, a finite number, or true / false; `after` is the token before it, for the message when it is missing. */
  private readValue(after: Token): WrittenValue {
    const token = this.peek();
    const at = { position: token.position, length: tokenLength(token) };
    if (token.type === 'string') return this.take({ kind: 'string', value: token.text, ...at });
    if (token.type === 'number') return this.take({ kind: 'number', value: token.value, ...at });
    if (token.type === 'word' && !isKeyword(token, 'AND') && !isKeyword(token, 'OR')) {
      const lower = token.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return this.take({ kind: 'boolean', value: lower === 'true', ...at });
      if (/^[+-]?(nan|infinity|inf)$/.test(lower)) fail('filters compare with finite numbers only', at.position, at.length);
      fail(`quote text values: '${token.text}'`, at.position, at.length);
    }
    const afterText = after.type === 'operator' || after.type === 'word' ? after.text : after.type;
    return fail(`expected a value after '${afterText}'`, at.position, at.length);
  }
}
