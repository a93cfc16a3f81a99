// Fetches the prediction sets and DVCLive plots a run offers, again when the run changes.
import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../shared/errors';
import type { RunPredictions } from '../../../shared/evaluation/predictionSets';
import { evaluationClient } from '../../api/evaluationClient';

export interface PredictionSetsState {
  predictions: RunPredictions | null;
  error: ApiError | null;
  loading: boolean;
}

/** `version` changes when the run was read again (its detail refetched): the sets may have changed too. */
export function usePredictionSets(runId: string, version: unknown): PredictionSetsState & { reload(): void } {
  const [state, setState] = useState<PredictionSetsState>({ predictions: null, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    setState((prev) => ({ ...prev, loading: true }));
    void evaluationClient.sets(runId).then((result) => {
      if (request !== latest.current) return;
      setState(result.ok ? { predictions: result.value, error: null, loading: false } : { predictions: null, error: result.error, loading: false });
    });
  }, [runId, version, attempt]);
  return { ...state, reload: () => setAttempt((n) => n + 1) };
}
