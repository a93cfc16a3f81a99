// A binary chart's card: the shared frame, the plot's width measured, and an
// empty state when the data cannot make the chart.
import type { ReactNode } from 'react';
import { ChartFrame, type ExportRows } from '../../../charts/ChartFrame';
import { useWidth } from '../../../charts/useWidth';

export const CURVE_HEIGHT = 300;

interface Props {
  title: ReactNode;
  exportName: string;
  exportRows: () => ExportRows;
  /** Why this chart cannot be drawn (no positives, scores that are not probabilities), or null. */
  empty?: { title: string; description: string } | null;
  actions?: ReactNode;
  banner?: ReactNode;
  footer?: ReactNode;
  height?: number;
  testId?: string;
  /** The plot at the measured width. */
  children(width: number): ReactNode;
}

export function CurveFrame({ title, exportName, exportRows, empty, actions, banner, footer, height = CURVE_HEIGHT, testId, children }: Props) {
  const [ref, width] = useWidth();
  return (
    <div data-testid={testId}>
      <ChartFrame
        title={title}
        state={empty ? { status: 'empty', ...empty } : { status: 'ready' }}
        exportName={exportName}
        exportRows={exportRows}
        actions={actions}
        banner={banner}
        footer={footer}
        height={height}
      >
        <div ref={ref}>{width > 0 && children(width)}</div>
      </ChartFrame>
    </div>
  );
}
