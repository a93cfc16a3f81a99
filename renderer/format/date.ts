// Local date-times in one sortable shape, "2024-05-01 14:03:22".

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Formats ms since epoch in the local time zone; null gives an em dash. */
export function formatDateTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The last segment of a folder path, for either separator; the path itself if none. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const parts = trimmed.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
