// The ids behind a selection: from the rows held, or asked of the backend without columns.
import type { Result } from '../../../shared/errors';
import type { RunRow } from '../../../shared/runQuery';
import type { RunsClient } from '../../api/runsClient';
import { MAX_LIMIT, PAGE_SIZE, queryArgs, type RunsQuery } from './query';

/** The ids at offsets [first, last] when every one of those rows is held; null when one is not. */
export function heldRunIds(pages: Record<number, RunRow[]>, first: number, last: number): string[] | null {
  const ids: string[] = [];
  for (let offset = first; offset <= last; offset += 1) {
    const row = pages[Math.floor(offset / PAGE_SIZE)]?.[offset % PAGE_SIZE];
    if (!row) return null;
    ids.push(row.id);
  }
  return ids;
}

/** The ids at offsets [first, last] of the query's order, MAX_LIMIT per request. */
export async function fetchRunIds(client: Pick<RunsClient, 'query'>, query: RunsQuery, first: number, last: number): Promise<Result<string[]>> {
  const ids: string[] = [];
  for (let offset = first; offset <= last; offset += MAX_LIMIT) {
    const limit = Math.min(MAX_LIMIT, last - offset + 1);
    const result = await client.query(queryArgs(query, offset, limit, []));
    if (!result.ok) return result;
    ids.push(...result.value.rows.map((row) => row.id));
    if (result.value.rows.length < limit) break;
  }
  return { ok: true, value: ids };
}
