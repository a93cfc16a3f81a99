// `runlens runs`: the runs of the store, filtered and sorted with the same
// parser as the app's filter box (shared/runFilter), as a table or --json.
import { parseRunFilter, parseRunOrder, type FilterSyntaxError } from '../shared/runFilter';
import type { Run } from '../shared/domain';
import type { RunOrder, RunRow } from '../shared/runQuery';
import type { Backend } from './backend/backend';

/** A filter or order that does not parse: the CLI prints it with a caret under the fault and exits 2. */
export class ExpressionError extends Error {}

function pointAt(option: string, text: string, error: FilterSyntaxError): ExpressionError {
  const caret = `${' '.repeat(error.position)}${'^'.repeat(Math.max(1, error.length))}`;
  return new ExpressionError(`${option}: col ${error.position + 1}: ${error.message}\n  ${text}\n  ${caret}`);
}

export interface RunsOptions {
  projectId?: number;
  includeDeleted: boolean;
  filter?: string;
  orderBy?: string;
  limit?: number;
}

export interface ListedRun {
  run: Run;
  sourceRunId: string;
}

/** The runs matching the options, in their order, whole (params, tags, metric summaries). */
export async function listRunsForCli(backend: Backend, options: RunsOptions): Promise<ListedRun[]> {
  if (options.filter !== undefined) {
    const parsed = parseRunFilter(options.filter);
    if (!parsed.ok) throw pointAt('--filter', options.filter, parsed.error);
  }
  let orderBy: RunOrder[] = [];
  if (options.orderBy !== undefined) {
    const parsed = parseRunOrder(options.orderBy);
    if (!parsed.ok) throw pointAt('--order-by', options.orderBy, parsed.error);
    orderBy = parsed.order;
  }
  const scope = { ...(options.projectId === undefined ? {} : { projectId: options.projectId }), includeDeleted: options.includeDeleted };
  const wanted = options.limit ?? Number.POSITIVE_INFINITY;
  const rows: RunRow[] = [];
  for (let offset = 0; rows.length < wanted; ) {
    const limit = Math.min(2000, wanted - rows.length);
    const page = await backend.send('runs/query', { ...scope, filter: options.filter, orderBy, offset, limit, columns: [] });
    if (!page.ok) throw new Error(page.error.message);
    rows.push(...page.value.rows);
    offset += page.value.rows.length;
    if (page.value.rows.length < limit || offset >= page.value.total) break;
  }
  const all = await backend.send('runs/list', scope);
  if (!all.ok) throw new Error(all.error.message);
  const byId = new Map(all.value.map((run) => [run.id, run]));
  return rows.flatMap((row) => {
    const run = byId.get(row.id);
    return run ? [{ run, sourceRunId: row.sourceRunId }] : [];
  });
}
