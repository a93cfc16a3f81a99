// The names of the runs some warnings name, asked for by id (runs/query with
// runIds, no columns): the runs store holds only a window of rows, not every run.
import { useEffect, useMemo, useState } from 'react';
import type { IngestWarning } from '../../../shared/domain';
import type { RunRow } from '../../../shared/runQuery';
import { runsClient } from '../../api/runsClient';
import { selectRevision } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';

/** The backend takes up to this many ids per request. */
const MAX_IDS = 1000;

export function useRunNames(warnings: IngestWarning[], enabled: boolean): Map<string, RunRow> {
  const ids = useMemo(() => [...new Set(warnings.map((w) => w.runId).filter((id): id is string => id !== null))].slice(0, MAX_IDS), [warnings]);
  const key = ids.join('\n');
  const revision = useRunsStore(selectRevision);
  const [runs, setRuns] = useState<Map<string, RunRow>>(() => new Map());

  useEffect(() => {
    if (!enabled || ids.length === 0) return;
    let current = true;
    void runsClient
      .query({ runIds: ids, includeDeleted: true, includeHidden: true, offset: 0, limit: ids.length, columns: [] })
      .then((result) => {
        if (current && result.ok) setRuns(new Map(result.value.rows.map((row) => [row.id, row])));
      });
    return () => {
      current = false;
    };
    // `key` stands for `ids`; the revision refetches after runs changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled, revision]);

  return runs;
}
