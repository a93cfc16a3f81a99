import { describe, expect, it } from 'vitest';
import { EventHub, isEventName } from '../eventHub';
import { eventsUrl, reconnectDelay } from '../eventSocket';

describe('EventHub', () => {
  it('delivers events to the listeners of that name only', () => {
    const hub = new EventHub();
    const runs: unknown[] = [];
    const projects: unknown[] = [];
    hub.on('runs/changed', (p) => runs.push(p));
    hub.on('projects/changed', (p) => projects.push(p));
    hub.emit('runs/changed', { projectId: 2, runIds: ['a'] });
    expect(runs).toEqual([{ projectId: 2, runIds: ['a'] }]);
    expect(projects).toEqual([]);
  });

  it('stops delivering after unsubscribe', () => {
    const hub = new EventHub();
    let calls = 0;
    const off = hub.on('projects/changed', () => calls++);
    hub.emit('projects/changed', {});
    off();
    hub.emit('projects/changed', {});
    expect(calls).toBe(1);
  });

  it('drops raw events whose name is not in the contract', () => {
    const hub = new EventHub();
    let calls = 0;
    hub.on('runs/changed', () => calls++);
    hub.emitRaw('runs/deleted', {});
    hub.emitRaw('runs/changed', { projectId: null, runIds: [] });
    expect(calls).toBe(1);
    expect(isEventName('ingest/progress')).toBe(true);
    expect(isEventName('toString')).toBe(false);
  });

  it('a refresh tells runs and projects listeners to refetch everything', () => {
    const hub = new EventHub();
    const seen: string[] = [];
    hub.on('runs/changed', (p) => seen.push(`runs:${p.projectId}:${p.runIds.length}`));
    hub.on('projects/changed', () => seen.push('projects'));
    hub.emitRefresh();
    expect(seen).toEqual(['runs:null:0', 'projects']);
  });

  it('keeps delivering when one listener throws', () => {
    const hub = new EventHub();
    let delivered = false;
    hub.on('projects/changed', () => {
      throw new Error('boom');
    });
    hub.on('projects/changed', () => {
      delivered = true;
    });
    const error = console.error;
    console.error = () => {};
    hub.emit('projects/changed', {});
    console.error = error;
    expect(delivered).toBe(true);
  });
});

describe('event socket', () => {
  it('builds ws and wss URLs with the token', () => {
    expect(eventsUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b')).toBe('ws://127.0.0.1:4000/events?token=a%20b');
    expect(eventsUrl({ protocol: 'https:', host: 'x' }, 't')).toBe('wss://x/events?token=t');
  });

  it('backs off by doubling up to a cap', () => {
    const mid = () => 0.5; // no jitter
    expect([0, 1, 2, 3].map((n) => reconnectDelay(n, mid))).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelay(20, mid)).toBe(15_000);
    expect(reconnectDelay(0, () => 0)).toBe(375);
    expect(reconnectDelay(0, () => 1)).toBe(625);
  });
});
