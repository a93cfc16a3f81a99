// Export of a chart as the user saw it: SVG, PNG (2×) and CSV, with no network and no extra image origins.
// Both images go through data: URLs so they work under a CSP of img-src 'self' data: blob:.

/** The style properties that decide how recharts' SVG looks; copied inline so the file looks the same alone. */
const STYLE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap',
  'stroke-linejoin', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline',
  'visibility', 'display',
] as const;

function chartSvg(root: Element): SVGSVGElement | null {
  // The plot's own surface, not a legend icon or a button's icon.
  return root.querySelector('svg.recharts-surface') ?? root.querySelector('svg');
}

/**
 * The chart's SVG as a standalone document: computed styles inlined on every
 * element (recharts colors some parts through CSS classes), the page's
 * background painted behind, explicit size and namespaces.
 */
export function chartSvgText(root: Element): string {
  const svg = chartSvg(root);
  if (!svg) throw new Error('This chart has nothing to export yet.');
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const target = [clone, ...Array.from(clone.querySelectorAll('*'))];
  source.forEach((element, i) => {
    const style = getComputedStyle(element);
    const out = target[i] as SVGElement;
    const inline = STYLE_PROPS.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';');
    out.setAttribute('style', inline);
  });
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  clone.setAttribute('width', String(Math.round(width)));
  clone.setAttribute('height', String(Math.round(height)));
  clone.setAttribute('viewBox', `0 0 ${Math.round(width)} ${Math.round(height)}`);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', pageBackground(root));
  clone.insertBefore(background, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/** The first non-transparent background up the tree, so a dark-theme export is not black on transparent. */
function pageBackground(element: Element): string {
  for (let e: Element | null = element; e; e = e.parentElement) {
    const color = getComputedStyle(e).backgroundColor;
    if (color && color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return '#ffffff';
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by the next task; keep the URL that long.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A name safe on every OS: "val/loss" -> "val_loss". */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 120) || 'chart';
}

export function downloadSvg(root: Element, baseName: string): void {
  saveBlob(new Blob([chartSvgText(root)], { type: 'image/svg+xml;charset=utf-8' }), `${safeFileName(baseName)}.svg`);
}

/** Draws the SVG on a canvas at 2× for a sharp PNG. */
export async function downloadPng(root: Element, baseName: string, scale = 2): Promise<void> {
  const text = chartSvgText(root);
  const svg = chartSvg(root);
  const { width, height } = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  const image = new Image();
  image.decoding = 'sync';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This window cannot draw images.');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The chart could not be saved as PNG.');
  saveBlob(blob, `${safeFileName(baseName)}.png`);
}

/** One CSV field: numbers as JS writes them (NaN, Infinity, -Infinity kept), text quoted when it must be (RFC 4180). */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value); // String(NaN) is "NaN", String(-Infinity) is "-Infinity"
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled. */
export function toCsv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function downloadCsv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[], baseName: string): void {
  saveBlob(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), `${safeFileName(baseName)}.csv`);
}
