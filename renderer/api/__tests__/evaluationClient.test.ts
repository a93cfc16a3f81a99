import { describe, expect, it } from 'vitest';
import { setApiClient } from '../client';
import { evaluationClient } from '../evaluationClient';
import { fakeApi } from './fakeApi';

describe('evaluation client', () => {
  it('sends each request with only the fields the contract names', async () => {
    const fake = fakeApi();
    setApiClient(fake.api);
    // A wider object (a store's set key with more on it) must not reach the strict schema.
    const key = { runId: 'r1', path: 'predictions/test.csv', name: 'test' } as { runId: string; path: string };
    await evaluationClient.sets('r1');
    await evaluationClient.columns(key);
    await evaluationClient.load(key);
    await evaluationClient.cancel(key);
    await evaluationClient.groups(key, 'clinic');
    await evaluationClient.setMapping(key, null);
    expect(fake.sent).toEqual([
      { name: 'evaluation/sets', args: { runId: 'r1' } },
      { name: 'evaluation/columns', args: { runId: 'r1', path: 'predictions/test.csv' } },
      { name: 'evaluation/load', args: { runId: 'r1', path: 'predictions/test.csv' } },
      { name: 'evaluation/cancel', args: { runId: 'r1', path: 'predictions/test.csv' } },
      { name: 'evaluation/groups', args: { runId: 'r1', path: 'predictions/test.csv', column: 'clinic' } },
      { name: 'evaluation/setMapping', args: { runId: 'r1', path: 'predictions/test.csv', mapping: null } },
    ]);
  });

  it('passes progress events through and stops listening', () => {
    const fake = fakeApi();
    setApiClient(fake.api);
    const seen: number[] = [];
    const off = evaluationClient.onProgress((p) => seen.push(p.rowsRead));
    fake.emit('evaluation/progress', { runId: 'r1', path: 'p.csv', bytesRead: 10, totalBytes: 100, rowsRead: 3 });
    off();
    fake.emit('evaluation/progress', { runId: 'r1', path: 'p.csv', bytesRead: 20, totalBytes: 100, rowsRead: 6 });
    expect(seen).toEqual([3]);
    expect(fake.listenerCount()).toBe(0);
  });
});
