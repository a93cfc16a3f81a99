// The runs table: a window over the query's rows, virtualized on both axes
// (rows, and the columns that scroll sideways), with pinned columns and a
// sticky header. Clicks and keys are handled here once, not per row.
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { columnLayoutStore, columnLabel, ordered, rowHeights, useColumnLayout } from '../../stores/runs/columnLayout';
import { displayRowAt, groupKey } from '../../stores/runs/groupLayout';
import {
  rowAtOffset,
  selectCollapsed,
  selectDisplayCount,
  selectGroupBy,
  selectGroupLayout,
  selectGroups,
  selectOrder,
  selectPages,
  selectResetKey,
  selectTotal,
} from '../../stores/runs/selectors';
import { runsStore, useRunsStore } from '../../stores/runs/store';
import { selectOpenRunId, selectSelectedRunIds } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { AnnotationMenu, type AnnotationTarget } from './AnnotationMenu';
import { GroupRow, RunRow, type RowGeometry } from './RunRow';
import { RunsTableHeader, type HeaderCheck } from './RunsTableHeader';
import { tableColumns } from './runColumns';
import classes from './RunsTable.module.css';

const HEADER_HEIGHT = 32;

function reportRange(instance: Virtualizer<HTMLDivElement, Element>): void {
  const range = instance.range;
  if (range) runsStore.getState().setVisibleRange(range.startIndex, range.endIndex);
}

export function RunsTable({ onNotice }: { onNotice(message: string): void }) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const layout = useColumnLayout((s) => s.layout);
  const { pinned, scrolling, pinnedWidth } = useMemo(() => tableColumns(ordered(layout.columns)), [layout.columns]);
  const rowHeight = rowHeights[layout.density];
  const displayCount = useRunsStore(selectDisplayCount);
  const pages = useRunsStore(selectPages);
  const groups = useRunsStore(selectGroups);
  const grouping = useRunsStore(selectGroupLayout);
  const collapsed = useRunsStore(selectCollapsed);
  const groupBy = useRunsStore(selectGroupBy);
  const total = useRunsStore(selectTotal) ?? 0;
  const order = useRunsStore(selectOrder);
  const resetKey = useRunsStore(selectResetKey);
  const selectedIds = useUiStore(selectSelectedRunIds);
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const openRunId = useUiStore(selectOpenRunId);
  const [focus, setFocus] = useState(0);
  const [menu, setMenu] = useState<AnnotationTarget | null>(null);
  /** The run offset a shift-click extends from. */
  const anchor = useRef<number | null>(null);

  const rows = useVirtualizer({
    count: displayCount,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    onChange: reportRange,
  });
  const columns = useVirtualizer({
    horizontal: true,
    count: scrolling.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: (index) => scrolling[index]?.width ?? 100,
    overscan: 2,
    paddingStart: pinnedWidth,
  });
  useEffect(() => columns.measure(), [columns, scrolling, pinnedWidth]);
  useEffect(() => rows.measure(), [rows, rowHeight]);
  useEffect(() => reportRange(rows), [rows, displayCount]);
  useEffect(() => {
    if (scrollerRef.current) scrollerRef.current.scrollTop = 0;
    setFocus(0);
    anchor.current = null;
  }, [resetKey]);

  const columnItems = columns.getVirtualItems();
  const firstColumn = columnItems[0]?.index ?? 0;
  const lastColumn = columnItems.length ? columnItems[columnItems.length - 1].index : -1;
  const firstStart = columnItems[0]?.start ?? pinnedWidth;
  const width = columns.getTotalSize();
  const geometry: RowGeometry = useMemo(
    () => ({ pinned, pinnedWidth, visible: scrolling.slice(firstColumn, lastColumn + 1), spacer: firstStart - pinnedWidth, width }),
    [pinned, scrolling, firstColumn, lastColumn, firstStart, pinnedWidth, width],
  );
  const groupLabel = groupBy ? columnLabel(groupBy) : '';
  const collapsedSet = useMemo(() => new Set(collapsed), [collapsed]);

  const runAtIndex = useCallback(
    (index: number) => {
      const row = displayRowAt(grouping, index);
      return row.kind === 'run' ? { offset: row.offset, run: rowAtOffset(pages, row.offset) } : null;
    },
    [grouping, pages],
  );

  const selectRange = async (from: number, to: number, add: boolean) => {
    const ids = await runsStore.getState().idsInRange(from, to);
    if (ids === null) return;
    const { selectedRunIds, setSelectedRunIds } = uiStore.getState();
    setSelectedRunIds(add ? [...selectedRunIds, ...ids] : ids);
  };

  const toggleGroupAt = (index: number) => {
    const row = displayRowAt(grouping, index);
    if (row.kind === 'group' && groups) runsStore.getState().toggleGroup(groupKey(groups[row.group].value));
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('[data-index]');
    if (!rowEl) return;
    const index = Number(rowEl.dataset.index);
    setFocus(index);
    const found = runAtIndex(index);
    if (found === null) return toggleGroupAt(index);
    const { run, offset } = found;
    if (!run) return;
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    const ui = uiStore.getState();
    if (action === 'star') {
      void runsStore.getState().annotate([run.id], { starred: !(run.annotation?.starred ?? false) });
      return;
    }
    if (action === 'menu') {
      const rect = target.closest('[data-action]')!.getBoundingClientRect();
      const runIds = selected.has(run.id) && selected.size > 1 ? [...selected] : [run.id];
      setMenu({ runIds, annotation: run.annotation, x: rect.left, y: rect.top, width: rect.width, height: rect.height });
      return;
    }
    if (event.shiftKey && anchor.current !== null) {
      void selectRange(anchor.current, offset, action === 'select' || event.ctrlKey || event.metaKey);
      return;
    }
    anchor.current = offset;
    if (action === 'select' || event.ctrlKey || event.metaKey) {
      ui.toggleRunSelected(run.id);
      return;
    }
    ui.setSelectedRunIds([run.id]);
    ui.openRun(run.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement) !== event.currentTarget) return; // keys typed into a control stay there
    const move = (to: number) => {
      event.preventDefault();
      const next = Math.max(0, Math.min(displayCount - 1, to));
      setFocus(next);
      rows.scrollToIndex(next, { align: 'auto' });
    };
    const page = Math.max(1, Math.floor((scrollerRef.current?.clientHeight ?? 400) / rowHeight) - 2);
    switch (event.key) {
      case 'ArrowDown':
        return move(focus + 1);
      case 'ArrowUp':
        return move(focus - 1);
      case 'PageDown':
        return move(focus + page);
      case 'PageUp':
        return move(focus - page);
      case 'Home':
        return move(0);
      case 'End':
        return move(displayCount - 1);
      case ' ':
      case 'Enter': {
        event.preventDefault();
        const found = runAtIndex(focus);
        if (found === null) return toggleGroupAt(focus);
        if (!found.run) return;
        anchor.current = found.offset;
        if (event.key === ' ') uiStore.getState().toggleRunSelected(found.run.id);
        else uiStore.getState().openRun(found.run.id);
      }
    }
  };

  const onCheck = async () => {
    const ui = uiStore.getState();
    if (ui.selectedRunIds.length > 0) return ui.setSelectedRunIds([]);
    const result = await runsStore.getState().allMatchingIds();
    if (!result) return;
    ui.setSelectedRunIds(result.ids);
    if (result.capped) onNotice(`Selected the first ${result.ids.length.toLocaleString()} of ${total.toLocaleString()} matching runs.`);
  };
  const check: HeaderCheck = selected.size === 0 ? 'none' : total > 0 && selected.size >= total ? 'all' : 'some';

  return (
    <div
      ref={scrollerRef}
      className={classes.scroller}
      data-testid="runs-table"
      data-row-count={total}
      data-density={layout.density}
      tabIndex={0}
      role="grid"
      aria-rowcount={total}
      aria-label="Runs"
      onKeyDown={onKeyDown}
    >
      <div className={classes.canvas} style={{ height: rows.getTotalSize(), width }}>
        <RunsTableHeader geometry={geometry} order={order} check={check} onCheck={() => void onCheck()} height={HEADER_HEIGHT} />
        <div className={classes.body} onClick={onClick}>
          {rows.getVirtualItems().map((item) => {
            const row = displayRowAt(grouping, item.index);
            if (row.kind === 'group' && groups) {
              const group = groups[row.group];
              return (
                <GroupRow
                  key={`g${row.group}`}
                  group={group}
                  groupIndex={row.group}
                  index={item.index}
                  top={item.start}
                  height={rowHeight}
                  geometry={geometry}
                  collapsed={collapsedSet.has(groupKey(group.value))}
                  focused={focus === item.index}
                  label={groupLabel}
                />
              );
            }
            const offset = row.kind === 'run' ? row.offset : item.index;
            const run = rowAtOffset(pages, offset);
            return (
              <RunRow
                key={run ? run.id : `o${offset}`}
                run={run}
                index={item.index}
                top={item.start}
                height={rowHeight}
                geometry={geometry}
                selected={run ? selected.has(run.id) : false}
                focused={focus === item.index}
                open={run ? run.id === openRunId : false}
              />
            );
          })}
        </div>
      </div>
      {menu && <AnnotationMenu target={menu} onClose={() => setMenu(null)} />}
    </div>
  );
}

/** The density toggle's action, here beside the heights it switches between. */
export function toggleDensity(): void {
  const { layout, setDensity } = columnLayoutStore.getState();
  setDensity(layout.density === 'compact' ? 'comfortable' : 'compact');
}
