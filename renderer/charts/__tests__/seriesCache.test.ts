import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricSeries } from '../../../shared/domain';
import type { Result } from '../../../shared/errors';
import type { MetricSeriesArgs, RunsChanged } from '../../api/runsClient';
import { createSeriesCache, seriesKey, seriesResolution, type SeriesClient } from '../seriesCache';

function fakeClient() {
  const calls: { args: MetricSeriesArgs; resolve: (r: Result<MetricSeries>) => void }[] = [];
  let listener: ((c: RunsChanged) => void) | null = null;
  const client: SeriesClient = {
    series: (args) => new Promise((resolve) => calls.push({ args, resolve })),
    onChanged: (l) => {
      listener = l;
      return () => (listener = null);
    },
  };
  const answer = (i: number, values: number[]) =>
    calls[i].resolve({ ok: true, value: { key: calls[i].args.key, steps: values.map((_, j) => j), timestamps: values.map(() => 0), values } });
  return { client, calls, answer, emit: (c: RunsChanged) => listener?.(c) };
}

const flush = () => new Promise((r) => setTimeout(r, 30)); // past the 16 ms batch
const req = (runId: string, width = 800, fromStep?: number) => ({ runId, metricKey: 'loss', width, fromStep });

describe('seriesResolution', () => {
  it('rounds the width up to 250s and caps at 1500', () => {
    expect(seriesResolution(1)).toBe(250);
    expect(seriesResolution(801)).toBe(1000);
    expect(seriesResolution(4000)).toBe(1500);
    expect(seriesResolution(0)).toBe(250);
    expect(seriesKey(req('a', 760))).toBe(seriesKey(req('a', 990)));
  });
});

describe('createSeriesCache', () => {
  it('sends a request once however many charts want it', async () => {
    const fake = fakeClient();
    const cache = createSeriesCache(fake.client);
    cache.retain([req('a')]);
    cache.retain([req('a', 900)]);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].args).toEqual({ runId: 'a', key: 'loss', maxPoints: 1000 });
    fake.answer(0, [1, 2]);
    await flush();
    expect(cache.store.getState().entries.get(seriesKey(req('a')))?.status).toBe('ready');
    cache.retain([req('a')]);
    expect(fake.calls).toHaveLength(1);
  });

  it('drops an answer nobody wants any more', async () => {
    const fake = fakeClient();
    const cache = createSeriesCache(fake.client);
    const release = cache.retain([req('a', 800, 10)]);
    release();
    fake.answer(0, [1]);
    await flush();
    expect(cache.store.getState().entries.has(seriesKey(req('a', 800, 10)))).toBe(false);
  });

  it('keeps errors as errors and retries them', async () => {
    const fake = fakeClient();
    const cache = createSeriesCache(fake.client);
    cache.retain([req('a')]);
    fake.calls[0].resolve({ ok: false, error: { code: 'not-found', message: 'no such run' } });
    await flush();
    expect(cache.store.getState().entries.get(seriesKey(req('a')))?.error?.message).toBe('no such run');
    cache.retry([req('a')]);
    expect(fake.calls).toHaveLength(2);
  });

  it('evicts the least recently wanted unretained entries past the capacity', async () => {
    const fake = fakeClient();
    const cache = createSeriesCache(fake.client, { capacity: 2 });
    cache.retain([req('a')])();
    cache.retain([req('b')])();
    cache.retain([req('c')]);
    const keys = [...cache.store.getState().entries.keys()];
    expect(keys).toEqual([seriesKey(req('b')), seriesKey(req('c'))]);
  });

  describe('on runs/changed', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('refetches the wanted entries of that run once per burst, keeping the old data meanwhile', async () => {
      const fake = fakeClient();
      const cache = createSeriesCache(fake.client, { refreshDebounceMs: 500 });
      cache.retain([req('a')]);
      fake.answer(0, [1]);
      await vi.advanceTimersByTimeAsync(20);
      fake.emit({ projectId: 1, runIds: ['a'] });
      fake.emit({ projectId: 1, runIds: ['a'] });
      fake.emit({ projectId: 1, runIds: ['z'] });
      await vi.advanceTimersByTimeAsync(499);
      expect(fake.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.calls).toHaveLength(2);
      const entry = cache.store.getState().entries.get(seriesKey(req('a')));
      expect(entry?.status).toBe('ready');
      expect(entry?.series?.values).toEqual([1]);
      fake.answer(1, [1, 2]);
      await vi.advanceTimersByTimeAsync(20);
      expect(cache.store.getState().entries.get(seriesKey(req('a')))?.series?.values).toEqual([1, 2]);
    });
  });
});
