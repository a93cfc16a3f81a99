// Run durations as people read them: "42s", "1m 05s", "2h 03m", "3d 04h".

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Humanizes a duration in milliseconds; null or negative gives an em dash. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}m ${pad2(totalSeconds % 60)}s`;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours}h ${pad2(totalMinutes % 60)}m`;
  return `${Math.floor(totalHours / 24)}d ${pad2(totalHours % 24)}h`;
}

/**
 * How long a run took, or has been going: end - start, or now - start while it
 * runs. A run that stopped without an end record (a lost heartbeat) lasted
 * until its last activity. Null when there is nothing to measure.
 */
export function runDurationMs(
  run: { startTime: number | null; endTime: number | null; lastActivity: number | null; status: string },
  now: number,
): number | null {
  if (run.startTime === null) return null;
  if (run.endTime !== null) return Math.max(0, run.endTime - run.startTime);
  if (run.status === 'RUNNING') return Math.max(0, now - run.startTime);
  if (run.lastActivity !== null) return Math.max(0, run.lastActivity - run.startTime);
  return null;
}
