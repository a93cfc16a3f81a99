// A tooltip over an XY plot, placed beside the pointer and kept inside the plot.
import { Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import type { XYLayout } from './layout';

const TOOLTIP_WIDTH = 190;

export function XYTooltip({ layout, px, py, children }: { layout: XYLayout; px: number; py: number; children: ReactNode }) {
  const left = px + 14 + TOOLTIP_WIDTH > layout.width ? px - 14 - TOOLTIP_WIDTH : px + 14;
  const top = Math.min(Math.max(0, py - 20), layout.height - 70);
  return (
    <Paper
      withBorder
      shadow="sm"
      p={6}
      radius="sm"
      data-testid="xy-tooltip"
      style={{ position: 'absolute', left: Math.max(0, left), top, width: TOOLTIP_WIDTH, pointerEvents: 'none', zIndex: 2 }}
    >
      {children}
    </Paper>
  );
}
