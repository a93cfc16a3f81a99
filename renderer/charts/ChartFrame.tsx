// The one card around every chart: title, the shared loading/error/empty states, and export.
import { ActionIcon, Group, Menu, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ChartLine, Download, FileCode, FileSpreadsheet, Image } from 'lucide-react';
import { useRef, type ReactNode } from 'react';
import type { ApiError } from '../../shared/errors';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { LoadingState } from '../components/LoadingState';
import { downloadCsv, downloadPng, downloadSvg } from './export';

/** The card's inner padding in px: charts subtract it from the card's width to size their plot. */
export const CHART_FRAME_PADDING = 10;

export type ChartFrameState =
  | { status: 'loading'; label?: string }
  | { status: 'error'; error: ApiError; onRetry?: () => void }
  | { status: 'empty'; title: string; description: ReactNode }
  | { status: 'ready' };

export interface ExportRows {
  columns: string[];
  rows: (string | number | null)[][];
}

interface Props {
  title?: ReactNode;
  state: ChartFrameState;
  /** Base of the exported file names, e.g. the metric key. */
  exportName: string;
  /** The chart's data as a table, built only when CSV is asked for. */
  exportRows?: () => ExportRows;
  /** Beside the title: controls belonging to this chart only. */
  actions?: ReactNode;
  /** Under the title, above the plot: notes such as the zoom bar. */
  banner?: ReactNode;
  /** Below the plot: the legend. */
  footer?: ReactNode;
  /** The plot area's height, kept while loading so the page does not jump. */
  height: number;
  compact?: boolean;
  children: ReactNode;
}

export function ChartFrame({ title, state, exportName, exportRows, actions, banner, footer, height, compact, children }: Props) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const ready = state.status === 'ready';
  const run = (what: string, fn: (body: HTMLDivElement) => void | Promise<void>) => () => {
    const body = bodyRef.current;
    if (!body) return;
    Promise.resolve()
      .then(() => fn(body))
      .catch((err: unknown) => {
        notifications.show({ color: 'red', title: `Could not export ${what}`, message: err instanceof Error ? err.message : String(err) });
      });
  };
  return (
    <Paper withBorder p={CHART_FRAME_PADDING} radius="sm" data-testid="chart-frame">
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={compact ? 2 : 'xs'}>
        <Text size={compact ? 'xs' : 'sm'} fw={600} truncate="end" title={typeof title === 'string' ? title : undefined}>
          {title}
        </Text>
        <Group gap={4} wrap="nowrap">
          {actions}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Export chart" data-testid="chart-export" disabled={!ready}>
                <Download size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<Image size={14} />} data-testid="chart-export-png" onClick={run('PNG', (b) => downloadPng(b, exportName))}>
                PNG image
              </Menu.Item>
              <Menu.Item leftSection={<FileCode size={14} />} data-testid="chart-export-svg" onClick={run('SVG', (b) => downloadSvg(b, exportName))}>
                SVG image
              </Menu.Item>
              {exportRows && (
                <Menu.Item
                  leftSection={<FileSpreadsheet size={14} />}
                  data-testid="chart-export-csv"
                  onClick={run('CSV', () => {
                    const { columns, rows } = exportRows();
                    downloadCsv(columns, rows, exportName);
                  })}
                >
                  CSV data
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {ready && banner}
      <div ref={bodyRef} style={{ minHeight: height }}>
        {state.status === 'loading' && <LoadingState label={state.label ?? 'Loading…'} />}
        {state.status === 'error' && <ErrorState title="This chart could not be loaded" error={state.error} onRetry={state.onRetry} />}
        {state.status === 'empty' && <EmptyState icon={<ChartLine size={20} />} title={state.title} description={state.description} />}
        {ready && children}
      </div>
      {ready && footer}
    </Paper>
  );
}
