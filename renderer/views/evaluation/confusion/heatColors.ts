// Heatmap colors readable in both themes: a cell's color is the theme's
// background mixed towards one strong hue by the cell's share of the largest
// value, and its text is black or white, whichever contrasts more. Pure.

export type Rgb = [number, number, number];

/** "#1971c2" or "#fff" -> [25, 113, 194]; anything else is black. */
export function parseHex(hex: string): Rgb {
  const h = hex.trim().replace(/^#/, '');
  const full = h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
  if (!/^[0-9a-f]{6}$/i.test(full)) return [0, 0, 0];
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

export const toHex = (rgb: Rgb): string => `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const k = Math.min(1, Math.max(0, t));
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
}

/** WCAG 2 relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Pure black and white: at the crossover either still gives 4.5:1 (WCAG AA), a softer black would not.
const DARK_TEXT: Rgb = [0, 0, 0];
const LIGHT_TEXT: Rgb = [255, 255, 255];

export interface CellColors {
  background: string;
  text: string;
}

function colorsOver(background: Rgb): CellColors {
  const text = contrast(background, DARK_TEXT) >= contrast(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
  return { background: toHex(background), text: toHex(text) };
}

/**
 * A sequential cell: `fraction` 0 is the page's background, 1 the full hue.
 * NaN (a row or column with no rows to normalize by) is the background.
 * Example: heatCell(1, '#ffffff', '#1971c2') -> { background: '#1971c2', text: '#ffffff' }
 */
export function heatCell(fraction: number, background: string, hue: string): CellColors {
  const t = Number.isFinite(fraction) ? fraction : 0;
  return colorsOver(mix(parseHex(background), parseHex(hue), t));
}

/**
 * A diverging cell for a difference: negative towards `negative`, positive
 * towards `positive`, 0 the background; `value` in [-1, 1] (already scaled).
 */
export function divergingCell(value: number, background: string, negative: string, positive: string): CellColors {
  const t = Number.isFinite(value) ? value : 0;
  return colorsOver(mix(parseHex(background), parseHex(t < 0 ? negative : positive), Math.abs(t)));
}
