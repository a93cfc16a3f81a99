// Turns a parsed runs filter (shared/runFilter) into SQLite over the runs
// table `r`, and knows where each column lives: the sort and the SELECT of the
// runs query read columns through columnValueSql too. Every value, column
// names included, is a bound parameter; no user text is ever part of the SQL.
import { numberFromText, type ComparisonOperator, type FilterValue, type RunFilter } from '../../../shared/runFilter';
import type { MetricSummaryName, RunAttribute, RunColumn } from '../../../shared/runQuery';
import type { Db } from '../store/database';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const attributeSql: Record<RunAttribute, string> = {
  name: 'r.name',
  status: 'r.status',
  source: 'r.source',
  experiment: '(SELECT experiment.name FROM experiments experiment WHERE experiment.id = r.experiment_id)',
  start_time: 'r.start_time',
  end_time: 'r.end_time',
  // NULL while a run has no end (still running, or its end was never written).
  duration: '(r.end_time - r.start_time)',
  // MLflow's meaning: the run's id in its source (MLflow's run id), or Runlens's where the source has none.
  run_id: 'COALESCE(r.source_run_id, r.id)',
  last_activity: 'r.last_activity',
  // A run the user never annotated is not starred.
  starred: 'COALESCE((SELECT annotation.starred FROM run_annotations annotation WHERE annotation.run_id = r.id), 0)',
};

const summaryColumn: Record<MetricSummaryName, string> = { last: 'last_value', min: 'min_value', max: 'max_value' };

/** A scalar SQL expression for one column's value in run `r`; NULL where the run does not have it. */
export function columnValueSql(column: RunColumn): SqlFragment {
  switch (column.kind) {
    case 'attribute':
      return { sql: attributeSql[column.name], params: [] };
    case 'param':
      return { sql: '(SELECT param.value FROM params param WHERE param.run_key = r.key AND param.name = ?)', params: [column.name] };
    case 'tag':
      // A tag added in Runlens wins over the source's tag of the same name.
      return {
        sql:
          'COALESCE((SELECT added.value FROM run_annotation_tags added WHERE added.run_id = r.id AND added.name = ?),' +
          ' (SELECT tag.value FROM tags tag WHERE tag.run_key = r.key AND tag.name = ?))',
        params: [column.name, column.name],
      };
    case 'metric':
      return {
        sql: `(SELECT summary.${summaryColumn[column.summary ?? 'last']} FROM metric_summaries summary WHERE summary.run_key = r.key AND summary.metric_key = ?)`,
        params: [column.name],
      };
  }
}

/** A boolean SQL expression (0 or 1, never NULL) that is 1 for the runs the filter keeps. */
export function compileRunFilter(filter: RunFilter): SqlFragment {
  switch (filter.kind) {
    case 'all':
      return { sql: '1', params: [] };
    case 'and':
    case 'or': {
      const terms = filter.terms.map(compileRunFilter);
      const joiner = filter.kind === 'and' ? ' AND ' : ' OR ';
      return { sql: `(${terms.map((term) => term.sql).join(joiner)})`, params: terms.flatMap((term) => term.params) };
    }
    case 'nameSearch':
      return compileNameSearch(filter.text);
    case 'comparison':
      return compileComparison(filter.column, filter.operator, filter.value);
  }
}

/** Part of the run's name or its experiment's name, in any case; % and _ in the text are literal. */
function compileNameSearch(text: string): SqlFragment {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const name = columnValueSql({ kind: 'attribute', name: 'name' });
  const experiment = columnValueSql({ kind: 'attribute', name: 'experiment' });
  return {
    sql: `(IFNULL(runlens_lower(${name.sql}) LIKE ? ESCAPE '\\', 0) OR IFNULL(runlens_lower(${experiment.sql}) LIKE ? ESCAPE '\\', 0))`,
    params: [...name.params, pattern, ...experiment.params, pattern],
  };
}

/** The comparison's SQL name for the column's value inside compileComparison's one-row subquery. */
const value = 'filter_value';

/**
 * Reads the column's value once into a one-row subquery, so a condition can
 * name it several times without repeating the lookup or its parameters. A run
 * without the column has NULL there, and NULL never matches, for != and NOT IN too.
 */
function compileComparison(column: RunColumn, operator: ComparisonOperator, literal: FilterValue): SqlFragment {
  const isText = column.kind === 'param' || column.kind === 'tag';
  const list = Array.isArray(literal) ? literal : [literal];
  let condition: SqlFragment;
  if (operator === 'IN' || operator === 'NOT IN') {
    const equalities = list.map((item) => atomicCondition(isText, '=', item));
    const anyEqual = `(${equalities.map((equality) => equality.sql).join(' OR ')})`;
    const sql = operator === 'IN' ? anyEqual : `(${value} IS NOT NULL AND NOT ${anyEqual})`;
    condition = { sql, params: equalities.flatMap((equality) => equality.params) };
  } else {
    condition = atomicCondition(isText, operator, list[0]);
  }
  const source = columnValueSql(column);
  // Placeholders number in text order: the condition's come before the value lookup's.
  return { sql: `(SELECT ${condition.sql} FROM (SELECT ${source.sql} AS ${value}))`, params: [...condition.params, ...source.params] };
}

/** One comparison of the value with one literal, 0 or 1. */
function atomicCondition(isText: boolean, operator: Exclude<ComparisonOperator, 'IN' | 'NOT IN'>, literal: string | number): SqlFragment {
  if (operator === 'LIKE') return { sql: `IFNULL(${value} GLOB ?, 0)`, params: [globPattern(String(literal))] };
  if (operator === 'ILIKE') return { sql: `IFNULL(runlens_lower(${value}) GLOB ?, 0)`, params: [globPattern(String(literal).toLowerCase())] };
  if (isText && typeof literal === 'number') {
    // "0.001" and "1e-3" are the same learning rate; "adam" compares as the text it is.
    return {
      sql: `IFNULL(CASE WHEN runlens_number(${value}) IS NOT NULL THEN runlens_number(${value}) ${operator} ? ELSE ${value} ${operator} ? END, 0)`,
      params: [literal, String(literal)],
    };
  }
  return { sql: `IFNULL(${value} ${operator} ?, 0)`, params: [literal] };
}

/**
 * A LIKE pattern as a GLOB pattern, since SQLite's LIKE ignores case and
 * MLflow's LIKE does not: % and _ become * and ?, GLOB's own *, ? and [ are
 * bracketed to stay literal, and \% \_ \\ are a literal %, _ and \.
 */
export function globPattern(like: string): string {
  let glob = '';
  for (let index = 0; index < like.length; index++) {
    let char = like[index];
    if (char === '\\' && '%_\\'.includes(like[index + 1] ?? '')) {
      char = like[++index];
      glob += char;
      continue;
    }
    if (char === '%') glob += '*';
    else if (char === '_') glob += '?';
    else if (char === '*' || char === '?' || char === '[') glob += `[${char}]`;
    else glob += char;
  }
  return glob;
}

const registered = new WeakSet<Db>();

/**
 * Registers the SQL functions filters and sorts use on a connection; safe to call again.
 * runlens_number(text): the finite number a param's or tag's text is, or NULL.
 * runlens_lower(text): lower case beyond ASCII, which SQLite's lower() leaves alone.
 */
export function registerFilterFunctions(db: Db): void {
  if (registered.has(db)) return;
  db.function('runlens_number', { deterministic: true }, (text: unknown) => {
    if (typeof text === 'number') return Number.isFinite(text) ? text : null;
    if (typeof text === 'bigint') return Number(text);
    return typeof text === 'string' ? numberFromText(text) : null;
  });
  db.function('runlens_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
  registered.add(db);
}
