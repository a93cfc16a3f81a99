// Several ROC or PR curves on one plot, each in its color with its AUC or AP
// in the legend (a click there hides or shows it): one-vs-rest classes, or
// compared runs. Static: nothing here follows a threshold.
import { Group, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ExportRows } from '../../../charts/ChartFrame';
import { xyLayout } from '../../../charts/xy/layout';
import { XYLine, XYSegment } from '../../../charts/xy/series';
import { XYPlot } from '../../../charts/xy/XYPlot';
import { metricText } from '../metricText';
import { CURVE_HEIGHT, CurveFrame } from './CurveFrame';
import type { OverlayCurve } from './curveModels';

export type { OverlayCurve } from './curveModels';

export type CurveKind = 'roc' | 'pr';

const unit: { x: [number, number]; y: [number, number] } = { x: [0, 1], y: [0, 1] };

function Plot({ width, curves, kind, hidden, testId }: { width: number; curves: OverlayCurve[]; kind: CurveKind; hidden: Set<string>; testId: string }) {
  const layout = useMemo(() => xyLayout(width, CURVE_HEIGHT, unit), [width]);
  return (
    <XYPlot
      layout={layout}
      xLabel={kind === 'roc' ? 'False positive rate' : 'Recall'}
      yLabel={kind === 'roc' ? 'True positive rate' : 'Precision'}
      label={kind === 'roc' ? 'ROC curves' : 'Precision-recall curves'}
      testId={testId}
    >
      {kind === 'roc' && <XYSegment layout={layout} from={[0, 0]} to={[1, 1]} />}
      {curves
        .filter((c) => !hidden.has(c.id))
        .map((c) => (
          <XYLine key={c.id} layout={layout} xs={c.curve.xs} ys={c.curve.ys} color={c.color} dash={c.dash} width={c.dash ? 2 : 1.5} step={kind === 'pr'} />
        ))}
    </XYPlot>
  );
}

function Legend({ curves, kind, hidden, onToggle }: { curves: OverlayCurve[]; kind: CurveKind; hidden: Set<string>; onToggle(id: string): void }) {
  return (
    <ScrollArea.Autosize mah={96} type="auto" mt={4}>
      <Group gap="xs">
        {curves.map((c) => (
          <UnstyledButton
            key={c.id}
            onClick={() => onToggle(c.id)}
            title="Show or hide this curve"
            style={{ opacity: hidden.has(c.id) ? 0.4 : 1 }}
            data-testid="curve-legend-item"
            data-curve={c.label}
          >
            <Group gap={4} wrap="nowrap">
              <svg width={18} height={8} aria-hidden>
                <line x1={0} x2={18} y1={4} y2={4} stroke={c.color} strokeWidth={2} strokeDasharray={c.dash} />
              </svg>
              <Text size="xs">
                {c.label} · {kind === 'roc' ? 'AUC' : 'AP'} {metricText(c.score)}
              </Text>
            </Group>
          </UnstyledButton>
        ))}
      </Group>
    </ScrollArea.Autosize>
  );
}

interface Props {
  title: string;
  kind: CurveKind;
  curves: OverlayCurve[];
  exportName: string;
  exportRows(): ExportRows;
  testId: string;
  empty?: { title: string; description: string } | null;
}

export function OverlayChart({ title, kind, curves, exportName, exportRows, testId, empty }: Props) {
  const [hidden, setHidden] = useState<Set<string>>(() => new Set());
  const toggle = (id: string) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <CurveFrame
      title={title}
      exportName={exportName}
      exportRows={exportRows}
      empty={empty}
      footer={<Legend curves={curves} kind={kind} hidden={hidden} onToggle={toggle} />}
      testId={testId}
    >
      {(width) => <Plot width={width} curves={curves} kind={kind} hidden={hidden} testId={`${testId}-plot`} />}
    </CurveFrame>
  );
}
