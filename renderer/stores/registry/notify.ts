// The gate target a move meets, and the notices of moves whose hooks ask to
// notify (the backend's `registry/notify`, from this window, another or the
// CLI): a desktop (browser) notification when the user allowed them, else one
// inside the window.
import { notifications } from '@mantine/notifications';
import type { GateTarget, RegistryNotice, Stage } from '../../../shared/registry/types';

/** Where a version is moved: any stage, or an alias. */
export type MoveTarget = { kind: 'stage'; stage: Stage } | { kind: 'alias'; alias: string };

/** The gate target a move meets; None and Archived have no gates. */
export function gateTargetOf(to: MoveTarget): GateTarget | null {
  if (to.kind === 'alias') return { kind: 'alias', alias: to.alias };
  return to.stage === 'Staging' || to.stage === 'Production' ? { kind: 'stage', stage: to.stage } : null;
}

export const targetLabel = (to: MoveTarget | GateTarget): string => (to.kind === 'stage' ? to.stage : `alias “${to.alias}”`);

export interface Notice {
  title: string;
  body: string;
}

/** What the backend's notice of a move says: the model and version in the title, its sentence (with the hook's end) below. */
export function noticeText(notice: RegistryNotice): Notice {
  return { title: `${notice.model} · version ${notice.version} → ${targetLabel(notice.target)}`, body: notice.text };
}

export type Notify = (notice: Notice) => void;

/** A browser Notification when permitted; a notice in the window otherwise (or when the browser refuses). */
export const desktopNotify: Notify = ({ title, body }) => {
  try {
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(title, { body });
      return;
    }
  } catch {
    // Some browsers refuse `new Notification` outside a service worker: fall through.
  }
  notifications.show({ title, message: body, color: 'blue', autoClose: 8000 });
};

/** Asks for permission to notify, from a click (browsers refuse it otherwise). */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

/** Shows every notice the backend sends; returns the function that stops. */
export function startNotices(subscribe: (listener: (notice: RegistryNotice) => void) => () => void, notify: Notify): () => void {
  return subscribe((notice) => notify(noticeText(notice)));
}
