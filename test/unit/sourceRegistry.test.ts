// The sources named in shared/sources.ts and the readers registered in the
// backend agree: each name has exactly one reader (a run-folder format or a
// store source that reads runs), and each registry names its own kind once.
import { describe, expect, it } from 'vitest';
import { runSources } from '../../shared/sources';
import { runFolderFormats } from '../../electron/backend/sources/formats';
import { storeSources } from '../../electron/backend/sources/stores';

describe('the source registries', () => {
  it('give every source name exactly one reader of runs', () => {
    const readers = [...runFolderFormats.map((format) => format.source), ...storeSources.filter((store) => store.readsRuns).map((store) => store.source)];
    expect([...readers].sort()).toEqual([...runSources].sort());
  });

  it('name each store kind once, and every store after a known source', () => {
    const kinds = storeSources.map((store) => store.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const store of storeSources) expect(runSources).toContain(store.source);
  });
});
