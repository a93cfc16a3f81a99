// Listeners for the events the backend pushes, shared by both transports.
import type { EventName, Events } from '../../shared/api';

type Listener<E extends EventName> = (payload: Events[E]) => void;
type ListenerMap = { [E in EventName]?: Set<Listener<E>> };

// A Record so that a new event in shared/api.ts fails type-checking here until it is listed.
const knownEvents: Record<EventName, true> = {
  'runs/changed': true,
  'projects/changed': true,
  'ingest/progress': true,
  'evaluation/progress': true,
  'scoring/progress': true,
  'importance/progress': true,
  'registry/changed': true,
  'registry/notify': true,
  'drift/progress': true,
  'drift/changed': true,
  'drift/alert': true,
};

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(knownEvents, name);
}

export class EventHub {
  private readonly listeners: ListenerMap = {};

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    const existing: ListenerMap[E] = this.listeners[name];
    const set: Set<Listener<E>> = existing ?? new Set<Listener<E>>();
    if (!existing) this.listeners[name] = set as ListenerMap[E];
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    const set: Set<Listener<E>> | undefined = this.listeners[name];
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        // One broken listener must not starve the others of the event.
        console.error(`runlens: listener for ${name} failed`, err);
      }
    }
  }

  /** Emits a payload that arrived from outside; the backend is trusted to match the contract. */
  emitRaw(name: string, payload: unknown): void {
    if (!isEventName(name)) return;
    this.emit(name, payload as Events[typeof name]);
  }

  /** After a lost connection events may have been missed: make every store refetch. */
  emitRefresh(): void {
    this.emit('runs/changed', { projectId: null, runIds: [] });
    this.emit('projects/changed', {});
  }
}
