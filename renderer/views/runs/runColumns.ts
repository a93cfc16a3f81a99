// The table's columns as the view draws them: the two fixed ones (checkbox,
// star), then the layout's, pinned first, each with its offset and test id.
import { columnKey, type RunColumn } from '../../../shared/runQuery';
import { columnLabel, type LayoutColumn } from '../../stores/runs/columnLayout';

export interface TableColumn {
  /** columnKey of the column, or 'select' / 'star' for the fixed ones. */
  key: string;
  column: RunColumn | null;
  label: string;
  /** 'metric', 'param', 'tag' or '' for attributes: drawn dimmed before the label. */
  prefix: string;
  width: number;
  pinned: boolean;
  /** Left edge when pinned (sticky offset). */
  left: number;
  numeric: boolean;
  sortable: boolean;
  /** data-testid of the column's body cells. */
  cellTestId?: string;
}

export const SELECT_WIDTH = 34;
export const STAR_WIDTH = 30;
export const MENU_WIDTH = 26;

const numericAttributes = new Set(['start_time', 'end_time', 'duration', 'last_activity']);

export function cellTestId(column: RunColumn): string | undefined {
  if (column.kind === 'metric') return `metric-cell-${column.name}${column.summary && column.summary !== 'last' ? `.${column.summary}` : ''}`;
  if (column.kind === 'param') return `param-cell-${column.name}`;
  if (column.kind === 'tag') return `tag-cell-${column.name}`;
  return `attribute-cell-${column.name}`;
}

/** Checkbox, star and menu first, pinned; then the layout's columns with pinned ones first. */
export function tableColumns(layout: LayoutColumn[]): { pinned: TableColumn[]; scrolling: TableColumn[]; pinnedWidth: number } {
  const fixed: TableColumn[] = [
    { key: 'select', column: null, label: '', prefix: '', width: SELECT_WIDTH, pinned: true, left: 0, numeric: false, sortable: false },
    { key: 'star', column: { kind: 'attribute', name: 'starred' }, label: '', prefix: '', width: STAR_WIDTH, pinned: true, left: 0, numeric: false, sortable: true },
    // Pinned so the row's menu is always at hand, however wide the table.
    { key: 'menu', column: null, label: '', prefix: '', width: MENU_WIDTH, pinned: true, left: 0, numeric: false, sortable: false },
  ];
  const columns = layout.map((c): TableColumn => ({
    key: columnKey(c.column),
    column: c.column,
    label: columnLabel(c.column),
    prefix: c.column.kind === 'attribute' ? '' : c.column.kind,
    width: c.width,
    pinned: c.pinned,
    left: 0,
    numeric: c.column.kind === 'metric' || (c.column.kind === 'attribute' && numericAttributes.has(c.column.name)),
    sortable: true,
    cellTestId: cellTestId(c.column),
  }));
  const pinned = [...fixed, ...columns.filter((c) => c.pinned)];
  let left = 0;
  for (const column of pinned) {
    column.left = left;
    left += column.width;
  }
  return { pinned, scrolling: columns.filter((c) => !c.pinned), pinnedWidth: left };
}
