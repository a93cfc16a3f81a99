// Fetches one run's details, again whenever the runs list changes (a running run grows).
import { useEffect, useRef, useState } from 'react';
import type { RunDetail } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { runsClient } from '../../api/runsClient';
import { selectRuns } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';

export interface RunDetailState {
  detail: RunDetail | null;
  error: ApiError | null;
  loading: boolean;
}

export function useRunDetail(runId: string | null): RunDetailState {
  const runs = useRunsStore(selectRuns);
  const [state, setState] = useState<RunDetailState>({ detail: null, error: null, loading: false });
  const latest = useRef(0);

  useEffect(() => {
    if (!runId) {
      setState({ detail: null, error: null, loading: false });
      return;
    }
    const request = ++latest.current;
    // Keep showing what we have for the same run while it is refetched.
    setState((prev) => ({ ...prev, detail: prev.detail?.id === runId ? prev.detail : null, loading: true }));
    void runsClient.get(runId).then((result) => {
      if (request !== latest.current) return;
      if (result.ok) setState({ detail: result.value, error: null, loading: false });
      else setState({ detail: null, error: result.error, loading: false });
    });
  }, [runId, runs]);

  return state;
}
