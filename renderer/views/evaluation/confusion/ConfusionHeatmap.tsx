// The confusion matrix as one SVG (so it exports as PNG and SVG like a chart):
// true classes down the left, predicted across the top, each cell its number
// on a color readable in both themes. Usable at 50 classes: the caller scrolls
// it and picks the cell size; labels are cut, with the full name as the title.
import { useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { memo, useMemo } from 'react';
import { heatCell, type CellColors } from './heatColors';
import { shortLabels, type MatrixCell, type MatrixModel } from './confusionModel';

interface Props {
  model: MatrixModel;
  cellSize: number;
  /** A cell's colors from its strength; the default is the sequential blues. */
  colorOf?: (cell: MatrixCell) => CellColors;
  onCellClick?: (cell: MatrixCell) => void;
  /**
   * The cell under the pointer (null on leave), for a line that describes it:
   * a <title> inside the cell would join its text, which is only the number.
   */
  onCellHover?: (cell: MatrixCell | null) => void;
  testId?: string;
}

const TITLE_SPACE = 20;
const CHAR_PX = 6.6;
const MAX_LABEL_CHARS = 18;

/** The page background and the hue of the current theme, for the pure color functions. */
export function useHeatmapPalette(): { background: string; hue: string; negative: string } {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  return {
    background: scheme === 'dark' ? theme.colors.dark[7] : theme.white,
    hue: theme.colors.blue[8],
    negative: theme.colors.red[8],
  };
}

function labelChars(labels: string[]): number {
  return Math.max(1, ...shortLabels(labels, MAX_LABEL_CHARS).map((l) => Array.from(l).length));
}

/** The px the row labels take at the left (and the column labels at the top). */
export function labelSpace(labels: string[]): number {
  return TITLE_SPACE + Math.ceil(labelChars(labels) * CHAR_PX) + 10;
}

export const ConfusionHeatmap = memo(function ConfusionHeatmap({ model, cellSize, colorOf, onCellClick, onCellHover, testId }: Props) {
  const palette = useHeatmapPalette();
  const n = model.labels.length;
  const chars = labelChars(model.labels);
  const left = labelSpace(model.labels);
  // Column labels turn 45° when they would not fit across a cell.
  const slanted = chars * CHAR_PX > cellSize - 4;
  const top = TITLE_SPACE + (slanted ? Math.ceil(chars * CHAR_PX * 0.72) + 12 : 18);
  const width = left + n * cellSize + (slanted ? Math.ceil(chars * CHAR_PX * 0.72) : 4);
  const height = top + n * cellSize + 4;
  const fontSize = Math.max(8, Math.min(14, cellSize * 0.3));
  const colors = colorOf ?? ((cell: MatrixCell) => heatCell(cell.strength, palette.background, palette.hue));
  const shown = useMemo(() => shortLabels(model.labels, MAX_LABEL_CHARS), [model.labels]);

  return (
    <svg width={width} height={height} role="img" aria-label="Confusion matrix" data-testid={testId ?? 'confusion-matrix'} style={{ display: 'block' }}>
      <text x={left + (n * cellSize) / 2} y={13} textAnchor="middle" style={{ fontSize: 12, fontWeight: 600, fill: 'var(--mantine-color-text)' }}>
        Predicted class
      </text>
      <text transform={`translate(13 ${top + (n * cellSize) / 2}) rotate(-90)`} textAnchor="middle" style={{ fontSize: 12, fontWeight: 600, fill: 'var(--mantine-color-text)' }}>
        True class
      </text>
      {model.labels.map((name, j) => {
        const x = left + j * cellSize + cellSize / 2;
        return (
          <text
            key={`c${j}`}
            transform={slanted ? `translate(${x} ${top - 6}) rotate(-45)` : undefined}
            x={slanted ? undefined : x}
            y={slanted ? undefined : top - 6}
            textAnchor={slanted ? 'start' : 'middle'}
            style={{ fontSize: 11, fill: 'var(--mantine-color-text)' }}
          >
            <title>{name}</title>
            {shown[j]}
          </text>
        );
      })}
      {model.labels.map((name, i) => (
        <text key={`r${i}`} x={left - 6} y={top + i * cellSize + cellSize / 2} textAnchor="end" dominantBaseline="middle" style={{ fontSize: 11, fill: 'var(--mantine-color-text)' }}>
          <title>{name}</title>
          {shown[i]}
        </text>
      ))}
      {model.rows.map((row, i) =>
        row.map((cell, j) => {
          const { background, text } = colors(cell);
          return (
            <g
              key={`${i}:${j}`}
              data-testid="confusion-cell"
              data-true={model.labels[i]}
              data-predicted={model.labels[j]}
              data-count={cell.count}
              onClick={onCellClick ? () => onCellClick(cell) : undefined}
              role={onCellClick ? 'button' : undefined}
              tabIndex={onCellClick ? 0 : undefined}
              aria-label={`True ${model.labels[i]}, predicted ${model.labels[j]}: ${cell.text}`}
              onKeyDown={onCellClick ? (event) => (event.key === 'Enter' || event.key === ' ') && onCellClick(cell) : undefined}
              onPointerEnter={onCellHover ? () => onCellHover(cell) : undefined}
              onPointerLeave={onCellHover ? () => onCellHover(null) : undefined}
              style={{ cursor: onCellClick ? 'pointer' : undefined }}
            >
              <rect x={left + j * cellSize} y={top + i * cellSize} width={cellSize} height={cellSize} fill={background} stroke="var(--mantine-color-default-border)" strokeWidth={0.5} />
              <text
                x={left + j * cellSize + cellSize / 2}
                y={top + i * cellSize + cellSize / 2}
                textAnchor="middle"
                dominantBaseline="central"
                style={{ fontSize, fill: text, fontVariantNumeric: 'tabular-nums', pointerEvents: 'none' }}
              >
                {cell.text}
              </text>
            </g>
          );
        }),
      )}
    </svg>
  );
});
