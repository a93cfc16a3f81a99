// The runs query as plain data, and the pure arithmetic of its row windows:
// which filter text is sent, which pages cover what is in view, which to drop.
import type { RunSource } from '../../../shared/domain';
import { columnKey, type RunColumn, type RunOrder } from '../../../shared/runQuery';
import type { RunsQueryArgs } from '../../api/runsClient';

/** Rows per request (~65 KB with a dozen columns): one or two cover a screen with its margin. */
export const PAGE_SIZE = 100;
/** Rows fetched beyond what is in view, above and below, so scrolling rarely waits. */
export const ROW_MARGIN = 40;
/** Pages farther than this from the ones in view are dropped: memory stays flat. */
export const KEEP_PAGES_AROUND = 3;
/** The backend's largest window (ids only when selecting every match). */
export const MAX_LIMIT = 2000;
/** "Select all" stops here and says so. */
export const MAX_SELECT_ALL = 10_000;
/** Filter text waits this long after the last keystroke before it becomes the query. */
export const FILTER_DEBOUNCE_MS = 150;

export interface RunsQuery {
  /** The project shown; null for all projects. */
  projectId: number | null;
  includeDeleted: boolean;
  includeHidden: boolean;
  /** The filter as sent: the user's text and the source filter, combined. */
  filter: string;
  orderBy: RunOrder[];
  /** The columns whose values the rows carry (attributes come with every row). */
  columns: RunColumn[];
  groupBy: RunColumn | null;
  /** Metric keys each group carries the mean, min and max of. */
  aggregateMetrics: string[];
}

export const defaultOrder: RunOrder[] = [{ column: { kind: 'attribute', name: 'start_time' }, descending: true }];

export function initialQuery(): RunsQuery {
  return {
    projectId: null,
    includeDeleted: false,
    includeHidden: false,
    filter: '',
    orderBy: defaultOrder,
    columns: [],
    groupBy: null,
    aggregateMetrics: [],
  };
}

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The filter sent: `attributes.source = 'x'` ANDed with the user's text (in parentheses); '' for neither. */
export function combinedFilter(userText: string, source: RunSource | null): string {
  const text = userText.trim();
  if (source === null) return text;
  const bySource = `attributes.source = ${quote(source)}`;
  return text === '' ? bySource : `${bySource} and (${text})`;
}

/** A position in the combined filter minus this is the position in the user's text. */
export function userTextOffset(userText: string, source: RunSource | null): number {
  if (source === null) return -(userText.length - userText.trimStart().length);
  return `attributes.source = ${quote(source)} and (`.length - (userText.length - userText.trimStart().length);
}

/** The request for one window of rows. */
export function queryArgs(query: RunsQuery, offset: number, limit: number, columns: RunColumn[] = query.columns): RunsQueryArgs {
  return {
    ...(query.projectId === null ? {} : { projectId: query.projectId }),
    ...(query.includeDeleted ? { includeDeleted: true } : {}),
    ...(query.includeHidden ? { includeHidden: true } : {}),
    ...(query.filter === '' ? {} : { filter: query.filter }),
    orderBy: query.orderBy,
    offset,
    limit,
    columns,
    ...(query.groupBy === null ? {} : { groupBy: query.groupBy, aggregateMetrics: query.aggregateMetrics }),
  };
}

/** The pages (by index) that hold rows [first, last] with the margin, within `total` rows when known. */
export function pagesFor(first: number, last: number, total: number | null, margin = ROW_MARGIN, pageSize = PAGE_SIZE): number[] {
  const lastRow = total === null ? last + margin : Math.min(last + margin, total - 1);
  const firstRow = Math.max(0, first - margin);
  if (lastRow < firstRow) return total === 0 ? [] : [0];
  const pages: number[] = [];
  for (let page = Math.floor(firstRow / pageSize); page <= Math.floor(lastRow / pageSize); page += 1) pages.push(page);
  return pages;
}

/** The pages kept while `wanted` are in view: those within KEEP_PAGES_AROUND of any wanted page. */
export function pagesToKeep(held: number[], wanted: number[], around = KEEP_PAGES_AROUND): Set<number> {
  const lo = Math.min(...wanted);
  const hi = Math.max(...wanted);
  return new Set(held.filter((page) => wanted.length > 0 && page >= lo - around && page <= hi + around));
}

/** Reads the position out of a backend `bad-filter` message ("col 12: …", 1-based). */
export function badFilterPosition(message: string): { position: number; message: string } | null {
  const match = /^col (\d+):\s*(.*)$/s.exec(message);
  if (!match) return null;
  return { position: Math.max(0, Number(match[1]) - 1), message: match[2] };
}

export const sameColumn = (a: RunColumn, b: RunColumn): boolean => columnKey(a) === columnKey(b);

/** Clicking a header: ascending, then descending, then off; `additive` (shift) keeps the other keys. */
export function nextOrder(order: RunOrder[], column: RunColumn, additive: boolean): RunOrder[] {
  const index = order.findIndex((o) => sameColumn(o.column, column));
  const current = index === -1 ? null : order[index];
  const next: RunOrder | null = current === null ? { column, descending: false } : current.descending ? null : { column, descending: true };
  if (!additive) return next === null ? [] : [next];
  if (index === -1) return next === null ? order : [...order, next].slice(0, 8);
  return next === null ? order.filter((_, i) => i !== index) : order.map((o, i) => (i === index ? next : o));
}
