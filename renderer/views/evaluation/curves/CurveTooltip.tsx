// The tooltip of a hovered curve: the nearest point's threshold and coordinates.
import { Text } from '@mantine/core';
import { useStore } from 'zustand';
import type { HoverStore } from '../../../charts/xy/hover';
import type { XYLayout } from '../../../charts/xy/layout';
import { XYTooltip } from '../../../charts/xy/tooltip';
import { formatMetric } from '../../../format/number';
import type { DrawnCurve } from './curveModels';

interface Props {
  store: HoverStore;
  layout: XYLayout;
  curve: DrawnCurve;
  xName: string;
  yName: string;
}

/** "≥ 0.53", or what +∞ means: nothing is predicted positive. */
export function thresholdText(threshold: number): string {
  return threshold === Infinity ? '∞ (nothing predicted positive)' : `≥ ${formatMetric(threshold)}`;
}

export function CurveTooltip({ store, layout, curve, xName, yName }: Props) {
  const hover = useStore(store, (s) => s.hover);
  if (!hover) return null;
  const i = hover.index;
  return (
    <XYTooltip layout={layout} px={hover.px} py={hover.py}>
      <Text size="xs" fw={600}>
        Threshold {thresholdText(curve.thresholds[i])}
      </Text>
      <Text size="xs">
        {xName}: {formatMetric(curve.xs[i])}
      </Text>
      <Text size="xs">
        {yName}: {formatMetric(curve.ys[i])}
      </Text>
      <Text size="xs" c="dimmed">
        Click to keep this threshold
      </Text>
    </XYTooltip>
  );
}
