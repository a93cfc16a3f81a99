// The as-of picker's value: a local date-time to the millisecond, as an
// <input type="datetime-local" step="0.001"> holds it, and back. Audit events
// can be milliseconds apart, so seconds would not tell two moves apart. Pure.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ms since epoch → "2024-05-01T14:03:22.123" in the local time zone; '' for no number. */
export function toLocalInput(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * "2024-05-01T14:03", "…:22" or "…:22.123" in the local time zone → ms since
 * epoch; null for anything else (a half-typed value, an impossible date such
 * as February 30th, a time before 1970 the backend would refuse).
 */
export function fromLocalInput(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second, fraction] = match.slice(1).map((part, i) => (i === 6 ? Number((part ?? '0').padEnd(3, '0')) : Number(part ?? 0)));
  const d = new Date(year, month - 1, day, hour, minute, second, fraction);
  // Date rolls an impossible day over into the next month: refuse it instead.
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day || d.getHours() !== hour || d.getMinutes() !== minute) return null;
  const ms = d.getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
