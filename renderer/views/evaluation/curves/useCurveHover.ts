// Hovering the ROC or PR curve: the nearest drawn point's threshold becomes a
// preview of the operating point (gone on leave, kept on click), and the
// tooltip follows. Nothing here re-renders the plot.
import { useMemo, useState } from 'react';
import { createHoverStore, type HoverStore } from '../../../charts/xy/hover';
import { nearestPoint, type XYLayout } from '../../../charts/xy/layout';
import type { XYPointerHandlers } from '../../../charts/xy/XYPlot';
import { thresholdStore } from '../../../stores/evaluation/threshold';
import type { DrawnCurve } from './curveModels';

export function useCurveHover(layout: XYLayout, curve: DrawnCurve, previewThreshold = true): { store: HoverStore; handlers: XYPointerHandlers } {
  const [store] = useState(createHoverStore);
  const handlers = useMemo<XYPointerHandlers>(
    () => ({
      onMove(px, py) {
        const index = nearestPoint(layout, curve.xs, curve.ys, px, py);
        if (index < 0) return;
        store.setState({ hover: { index, px, py } });
        if (previewThreshold) thresholdStore.getState().setPreview(curve.thresholds[index]);
      },
      onLeave() {
        store.setState({ hover: null });
        if (previewThreshold) thresholdStore.getState().setPreview(null);
      },
      onClick: previewThreshold ? () => thresholdStore.getState().pinPreview() : undefined,
    }),
    [layout, curve, store, previewThreshold],
  );
  return { store, handlers };
}
