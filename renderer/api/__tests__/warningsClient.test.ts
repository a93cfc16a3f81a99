import { describe, expect, it } from 'vitest';
import { setApiClient } from '../client';
import { warningsClient } from '../warningsClient';
import { fakeApi } from './fakeApi';

describe('warnings client', () => {
  it('asks for one project, or for all without a projectId', async () => {
    const fake = fakeApi();
    setApiClient(fake.api);
    await warningsClient.list(3);
    await warningsClient.list(null);
    expect(fake.sent).toEqual([
      { name: 'warnings/list', args: { projectId: 3 } },
      { name: 'warnings/list', args: {} },
    ]);
  });

  it('reports changed runs with their project and changed projects as any project', () => {
    const fake = fakeApi();
    setApiClient(fake.api);
    const seen: (number | null)[] = [];
    const off = warningsClient.onChanged((projectId) => seen.push(projectId));
    fake.emit('runs/changed', { projectId: 7, runIds: ['a'] });
    fake.emit('projects/changed', {});
    expect(seen).toEqual([7, null]);
    off();
    expect(fake.listenerCount()).toBe(0);
  });
});
