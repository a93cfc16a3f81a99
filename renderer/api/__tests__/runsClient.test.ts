import { describe, expect, it } from 'vitest';
import { setApiClient } from '../client';
import { runsClient, runsListArgs } from '../runsClient';
import { fakeApi } from './fakeApi';

describe('runs/list arguments', () => {
  it('names the project only when one is shown', () => {
    expect(runsListArgs(null)).toEqual({});
    expect(runsListArgs(4)).toEqual({ projectId: 4 });
  });

  it('asks for deleted runs only when they are to be shown', () => {
    expect(runsListArgs(4, { includeDeleted: true })).toEqual({ projectId: 4, includeDeleted: true });
    expect(runsListArgs(null, { includeDeleted: true })).toEqual({ includeDeleted: true });
    expect(runsListArgs(4, { includeDeleted: false })).toEqual({ projectId: 4 });
  });

  it('sends them with the request', async () => {
    const fake = fakeApi();
    setApiClient(fake.api);
    await runsClient.list(2, { includeDeleted: true });
    await runsClient.list(null);
    expect(fake.sent).toEqual([
      { name: 'runs/list', args: { projectId: 2, includeDeleted: true } },
      { name: 'runs/list', args: {} },
    ]);
  });
});
