// New drift alerts (`drift/alert`, one event per run) as one notification
// that sums them up: a desktop (browser) notification when permitted, else
// one inside the window (the registry's desktopNotify).
import type { DriftAlert } from '../../../shared/drift/monitor';
import type { DriftAlertEvent } from '../../api/driftClient';
import type { Notice, Notify } from '../registry/notify';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The names listed before "and N more". */
const NAMES_SHOWN = 3;

function listed(names: string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, NAMES_SHOWN).join(', ');
  return unique.length > NAMES_SHOWN ? `${shown} and ${unique.length - NAMES_SHOWN} more` : shown;
}

/** One notice for a run's alerts: the monitor in the title, what drifted in which batches below. */
export function alertNotice(alerts: readonly DriftAlert[]): Notice | null {
  if (alerts.length === 0) return null;
  const monitors = [...new Set(alerts.map((alert) => alert.monitorName))];
  const title = monitors.length === 1 ? `Drift: ${monitors[0]}` : `Drift: ${plural(monitors.length, 'monitor')}`;
  if (alerts.length === 1) return { title, body: `${alerts[0].batchLabel}: ${alerts[0].message}` };
  const parts: string[] = [];
  const datasets = alerts.filter((alert) => alert.kind === 'dataset');
  const columns = alerts.filter((alert) => alert.kind === 'column');
  const performance = alerts.filter((alert) => alert.kind === 'performance');
  if (datasets.length) parts.push(`dataset drift in ${listed(datasets.map((alert) => alert.batchLabel))}`);
  if (columns.length) parts.push(`${plural(new Set(columns.map((alert) => alert.subject ?? alert.message)).size, 'column')} drifted (${listed(columns.map((alert) => alert.subject ?? '?'))})`);
  if (performance.length) parts.push(`performance fell in ${listed(performance.map((alert) => alert.batchLabel))}`);
  const body = `${plural(alerts.length, 'alert')}: ${parts.join('; ')}.`;
  return { title, body: body.charAt(0).toUpperCase() + body.slice(1) };
}

/** Shows one notice per `drift/alert` event; returns the function that stops. */
export function startDriftNotices(subscribe: (listener: (event: DriftAlertEvent) => void) => () => void, notify: Notify): () => void {
  return subscribe((event) => {
    const notice = alertNotice(event.alerts);
    if (notice) notify(notice);
  });
}
