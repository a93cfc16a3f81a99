// Reads a column as MLflow spells it (`metrics.loss`, `params.lr`,
// tags.`my tag`, attributes.status) into a RunColumn; the filter and the sort
// parsers both read columns through here, so they accept the same spellings.
import { runAttributes, type RunAttribute, type RunColumn } from '../runQuery';
import { describeToken, fail, type Token } from './tokenizer';

type ColumnKind = RunColumn['kind'];

/** MLflow's prefixes, with the singular and `run.` spellings its search also takes. */
const prefixKinds: Record<string, ColumnKind> = {
  metrics: 'metric',
  metric: 'metric',
  params: 'param',
  param: 'param',
  parameters: 'param',
  tags: 'tag',
  tag: 'tag',
  attributes: 'attribute',
  attribute: 'attribute',
  attr: 'attribute',
  run: 'attribute',
};

/** MLflow's attribute words for the attributes Runlens names otherwise. */
const attributeAliases: Record<string, RunAttribute> = {
  run_name: 'name',
  experiment_name: 'experiment',
  created: 'start_time',
  id: 'run_id',
};

/** What a name after a prefix may hold unquoted; anything else goes in backquotes. */
const plainName = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

export interface ColumnReference {
  column: RunColumn;
  position: number;
  /** The index of the first token after the column. */
  next: number;
}

/** The attribute a word names (`run_name`, `STATUS`), if it names one. */
export function attributeNamed(word: string): RunAttribute | undefined {
  const lower = word.toLowerCase();
  if ((runAttributes as readonly string[]).includes(lower)) return lower as RunAttribute;
  return attributeAliases[lower];
}

/** Whether a word starts with one of the column prefixes, so it can only be a column. */
export function hasColumnPrefix(word: string): boolean {
  const dot = word.indexOf('.');
  return dot > 0 && prefixKinds[word.slice(0, dot).toLowerCase()] !== undefined;
}

/** Reads the column at tokens[index]; the caller has decided a column must be there. */
export function readColumn(tokens: Token[], index: number): ColumnReference {
  const token = tokens[index];
  if (token.type !== 'word') {
    return fail(`expected a column like metrics.loss, params.lr, tags.x or attributes.status, found ${describeToken(token)}`, token.position, token.end - token.position);
  }
  const dot = token.text.indexOf('.');
  if (dot < 0) {
    const attribute = attributeNamed(token.text);
    if (!attribute) return fail(`unknown column '${token.text}': start it with metrics., params., tags. or attributes.`, token.position, token.text.length);
    return { column: { kind: 'attribute', name: attribute }, position: token.position, next: index + 1 };
  }
  const prefix = token.text.slice(0, dot);
  const kind = prefixKinds[prefix.toLowerCase()];
  if (!kind) return fail(`unknown prefix '${prefix}': use metrics., params., tags. or attributes.`, token.position, Math.max(1, prefix.length));
  const { name, namePosition, next } = readName(tokens, index, dot);
  return { column: makeColumn(kind, name, namePosition), position: token.position, next };
}

/** The name after `prefix.`: the rest of the word, or a backquoted or double-quoted name right after the dot. */
function readName(tokens: Token[], index: number, dot: number): { name: string; namePosition: number; next: number } {
  const token = tokens[index] as Token & { type: 'word' };
  const rest = token.text.slice(dot + 1);
  const namePosition = token.position + dot + 1;
  if (rest !== '') {
    if (!plainName.test(rest)) {
      return fail(`put a name with other characters in backquotes: ${token.text.slice(0, dot + 1)}\`${rest}\``, namePosition, rest.length);
    }
    return { name: rest, namePosition, next: index + 1 };
  }
  const quoted = tokens[index + 1];
  const adjacent = quoted.position === token.end;
  if (adjacent && (quoted.type === 'backquoted' || (quoted.type === 'string' && quoted.quote === '"')) && quoted.text !== '') {
    return { name: quoted.text, namePosition: quoted.position, next: index + 2 };
  }
  return fail(`expected a name after '${token.text}'`, token.end, adjacent ? quoted.end - quoted.position : 1);
}

function makeColumn(kind: ColumnKind, name: string, namePosition: number): RunColumn {
  if (kind !== 'attribute') return { kind, name };
  const attribute = attributeNamed(name);
  if (!attribute) return fail(`unknown attribute '${name}': known attributes are ${runAttributes.join(', ')}`, namePosition, name.length);
  return { kind, name: attribute };
}
