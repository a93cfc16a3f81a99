// Which values and operators each column takes, checked at parse time so a
// filter that reaches the backend always means something: metrics compare with
// numbers, LIKE needs a pattern, a status is one MLflow knows.
import { runStatuses } from '../domain';
import { columnKey, type RunAttribute, type RunColumn } from '../runQuery';
import { fail } from './tokenizer';
import type { ComparisonOperator, FilterValue } from './types';

/** One value as written, before the column decides what it means. */
export interface WrittenValue {
  kind: 'string' | 'number' | 'boolean';
  value: string | number | boolean;
  position: number;
  length: number;
}

const orderOperators: readonly ComparisonOperator[] = ['=', '!=', '<', '<=', '>', '>='];
const numericAttributes: readonly RunAttribute[] = ['start_time', 'end_time', 'duration', 'last_activity'];

type ValueRule = 'number' | 'text' | 'status' | 'starred';

function ruleFor(column: RunColumn): ValueRule {
  if (column.kind === 'metric') return 'number';
  if (column.kind !== 'attribute') return 'text';
  if (numericAttributes.includes(column.name)) return 'number';
  if (column.name === 'status') return 'status';
  if (column.name === 'starred') return 'starred';
  return 'text';
}

/** The value a comparison keeps, or a syntax error at the operator or the value at fault. */
export function checkedValue(column: RunColumn, operator: ComparisonOperator, operatorAt: { position: number; length: number }, written: WrittenValue[], isList: boolean): FilterValue {
  const rule = ruleFor(column);
  checkOperator(column, rule, operator, operatorAt);
  const values = written.map((value) => checkOne(column, rule, operator, value));
  return isList ? values : values[0];
}

function checkOperator(column: RunColumn, rule: ValueRule, operator: ComparisonOperator, at: { position: number; length: number }): void {
  const what = column.kind === 'metric' ? 'metrics compare' : `${columnKey(column)} compares`;
  if (rule === 'number' && !orderOperators.includes(operator)) fail(`${what} with =, !=, <, <=, > or >=`, at.position, at.length);
  if (rule === 'starred' && operator !== '=' && operator !== '!=') fail(`${what} with = or != and true or false`, at.position, at.length);
}

function checkOne(column: RunColumn, rule: ValueRule, operator: ComparisonOperator, value: WrittenValue): string | number {
  const { position, length } = value;
  const isPattern = operator === 'LIKE' || operator === 'ILIKE';
  if (isPattern && value.kind !== 'string') fail(`${operator} needs a quoted pattern, like '%loss%'`, position, length);
  switch (rule) {
    case 'number':
      if (value.kind !== 'number') fail(column.kind === 'metric' ? 'metrics compare with numbers' : `${columnKey(column)} compares with numbers (milliseconds)`, position, length);
      return value.value as number;
    case 'starred':
      return starredValue(value);
    case 'status':
      return statusValue(value, isPattern);
    case 'text':
      if (value.kind === 'boolean') fail(`quote text values: '${value.value}'`, position, length);
      if (column.kind === 'attribute' && value.kind !== 'string') fail(`${columnKey(column)} compares with quoted text`, position, length);
      return value.value as string | number;
  }
}

function starredValue(value: WrittenValue): number {
  const text = String(value.value).toLowerCase();
  if (text === 'true' || text === '1') return 1;
  if (text === 'false' || text === '0') return 0;
  return fail('attributes.starred compares with true or false', value.position, value.length);
}

/** A status in any case, as the store spells it (upper case); a LIKE pattern is left as written. */
function statusValue(value: WrittenValue, isPattern: boolean): string {
  if (value.kind !== 'string') return fail(`attributes.status compares with quoted text, one of ${runStatuses.join(', ')}`, value.position, value.length);
  const text = value.value as string;
  if (isPattern) return text;
  const status = runStatuses.find((known) => known === text.toUpperCase());
  if (!status) return fail(`unknown status '${text}': use one of ${runStatuses.join(', ')}`, value.position, value.length);
  return status;
}
