// The sort text: columns separated by commas, each optionally followed by ASC
// or DESC (ASC when left out), as MLflow's order_by takes them.
// `metrics.loss.min` is the metric named `loss.min`, as in MLflow.
import type { RunOrder } from '../runQuery';
import { readColumn } from './columnName';
import { describeToken, fail, type Token } from './tokenizer';

function direction(token: Token): 'ASC' | 'DESC' | undefined {
  if (token.type !== 'word') return undefined;
  const upper = token.text.toUpperCase();
  return upper === 'ASC' || upper === 'DESC' ? upper : undefined;
}

/** Reads the sort columns in order; throws FilterSyntaxFailure at the first token that does not fit. */
export function readRunOrder(tokens: Token[]): RunOrder[] {
  const order: RunOrder[] = [];
  if (tokens[0].type === 'end') return order;
  let index = 0;
  for (;;) {
    const reference = readColumn(tokens, index);
    index = reference.next;
    const written = direction(tokens[index]);
    if (written) index++;
    order.push({ column: reference.column, descending: written === 'DESC' });
    const token = tokens[index];
    if (token.type === 'end') return order;
    if (token.type !== ',') fail(`expected ',' or the end after a sort column, found ${describeToken(token)}`, token.position, token.end - token.position);
    index++;
    if (tokens[index].type === 'end') fail("expected a column after ','", tokens[index].position);
  }
}
