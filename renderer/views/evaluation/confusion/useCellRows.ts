// The rows behind one confusion-matrix cell, a page at a time; the newest page asked wins.
import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../shared/errors';
import type { PredictionRows } from '../../../../shared/evaluation/predictionSets';
import { evaluationClient, predictionSetArgs, type PredictionSetKey } from '../../../api/evaluationClient';

export const ROWS_PAGE = 100;

export interface CellQuery {
  trueClass: string;
  predictedClass: string;
  /** Binary problems: the threshold the matrix was read at. */
  threshold?: number;
}

export interface CellRowsState {
  rows: PredictionRows | null;
  error: ApiError | null;
  loading: boolean;
}

export function useCellRows(key: PredictionSetKey | null, cell: CellQuery, page: number): CellRowsState & { retry(): void } {
  const [state, setState] = useState<CellRowsState>({ rows: null, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const { trueClass, predictedClass, threshold } = cell;

  useEffect(() => {
    if (!key) return;
    const request = ++latest.current;
    // The page shown stays until the next one comes, so the table does not jump.
    setState((prev) => ({ ...prev, error: null, loading: true }));
    void evaluationClient
      .rows({
        ...predictionSetArgs(key),
        trueClass,
        predictedClass,
        // Infinity crosses HTTP as a string the schema refuses: above every score, the highest finite one reads the same rows.
        ...(threshold === undefined ? {} : { threshold: Number.isFinite(threshold) ? threshold : threshold > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE }),
        offset: page * ROWS_PAGE,
        limit: ROWS_PAGE,
      })
      .then((result) => {
        if (request !== latest.current) return;
        setState(result.ok ? { rows: result.value, error: null, loading: false } : { rows: null, error: result.error, loading: false });
      });
  }, [key?.runId, key?.jobId, key?.path, trueClass, predictedClass, threshold, page, attempt]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
