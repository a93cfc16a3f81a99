// Metric values in tables: 4 significant digits, no trailing zeros, exponent
// only where a plain number would be unreadably long.

const SIGNIFICANT_DIGITS = 4;

function stripZeros(mantissa: string): string {
  return mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
}

/**
 * Formats a metric value: 0.012345 -> "0.01235", 1234567 -> "1.235e6", and
 * the values a diverged run logs as "NaN", "∞", "−∞". Anything that is no
 * number at all (an older server's null) is "—", never a crash.
 */
export function formatMetric(value: number | null | undefined): string {
  if (typeof value !== 'number') return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e6) {
    // Number() of toPrecision drops trailing zeros and keeps plain notation in this range.
    const rounded = Number(value.toPrecision(SIGNIFICANT_DIGITS));
    if (Math.abs(rounded) < 1e6) return String(rounded);
  }
  const [mantissa, exponent] = value.toExponential(SIGNIFICANT_DIGITS - 1).split('e');
  return `${stripZeros(mantissa)}e${exponent.replace('+', '')}`;
}

/** Formats a byte count for artifact lists: 512 -> "512 B", 1536 -> "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  const text = unit === 0 ? String(size) : stripZeros(size.toFixed(1));
  return `${text} ${units[unit]}`;
}
