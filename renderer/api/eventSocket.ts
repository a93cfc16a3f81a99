// One WebSocket for the events the server pushes, reconnecting with backoff.
import { decode } from '../../shared/codec';
import type { EventHub } from './eventHub';

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** Delay before reconnect attempt `attempt` (0-based): doubling, capped, with jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(base * (0.75 + 0.5 * random()));
}

export function eventsUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/events?token=${encodeURIComponent(token)}`;
}

function parseMessage(data: unknown): { event: string; payload: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed: unknown = decode(data);
    if (typeof parsed === 'object' && parsed !== null && 'event' in parsed) {
      const { event, payload } = parsed as { event: unknown; payload?: unknown };
      if (typeof event === 'string') return { event, payload: payload ?? {} };
    }
  } catch {
    // A malformed message is dropped; the next change event will carry the news.
  }
  return null;
}

/** Connects now and keeps reconnecting until the returned function is called. */
export function connectEventSocket(url: string, hub: EventHub): () => void {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let everOpened = false;
  let stopped = false;

  const open = (): void => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      attempt = 0;
      // Events sent while we were away are lost: have the stores refetch.
      if (everOpened) hub.emitRefresh();
      everOpened = true;
    };
    socket.onmessage = (message) => {
      const parsed = parseMessage(message.data);
      if (parsed) hub.emitRaw(parsed.event, parsed.payload);
    };
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      timer = setTimeout(open, reconnectDelay(attempt));
      attempt += 1;
    };
  };

  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };
}
