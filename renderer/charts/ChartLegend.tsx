// One legend per chart: a swatch and a name per line; clicking one hides or shows it.
import { Group, UnstyledButton } from '@mantine/core';
import { memo } from 'react';

export interface LegendItem {
  id: string;
  label: string;
  color: string;
}

interface Props {
  items: readonly LegendItem[];
  hidden: ReadonlySet<string>;
  onToggle(id: string): void;
  compact?: boolean;
}

export const ChartLegend = memo(function ChartLegend({ items, hidden, onToggle, compact }: Props) {
  if (items.length === 0) return null;
  return (
    <Group gap={compact ? 6 : 10} mt={4} wrap="wrap" data-testid="chart-legend" style={{ maxHeight: compact ? 44 : 88, overflowY: 'auto' }}>
      {items.map((item) => {
        const off = hidden.has(item.id);
        return (
          <UnstyledButton
            key={item.id}
            data-testid="chart-legend-item"
            data-hidden={off ? 'true' : 'false'}
            aria-pressed={!off}
            title={off ? `Show ${item.label}` : `Hide ${item.label}`}
            onClick={() => onToggle(item.id)}
            style={{ display: 'flex', alignItems: 'center', gap: 4, opacity: off ? 0.4 : 1, fontSize: compact ? 11 : 12, maxWidth: 220 }}
          >
            <span style={{ width: 10, height: 10, borderRadius: 2, background: item.color, flex: 'none' }} />
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textDecoration: off ? 'line-through' : undefined }}>
              {item.label}
            </span>
          </UnstyledButton>
        );
      })}
    </Group>
  );
});
