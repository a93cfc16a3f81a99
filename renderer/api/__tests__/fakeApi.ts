// A transport that records requests and lets the test push events.
import type { ApiClient, EventName, Events } from '../../../shared/api';

export function fakeApi(value: unknown = []) {
  const sent: { name: string; args: unknown }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api: ApiClient = {
    send: (name, args) => {
      sent.push({ name, args });
      return Promise.resolve({ ok: true, value: value as never });
    },
    subscribe: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <E extends EventName>(name: E, payload: Events[E]) => listeners.get(name)?.forEach((l) => l(payload));
  return { api, sent, emit, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

