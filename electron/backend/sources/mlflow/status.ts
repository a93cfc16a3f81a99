// MLflow's run status, shared by the file-store and SQLite-store readers.
// The file store keeps the protobuf enum's number in meta.yaml
// (mlflow/protos/service.proto RunStatus: RUNNING 1, SCHEDULED 2, FINISHED 3,
// FAILED 4, KILLED 5); the SQLite store keeps the word. Runlens uses the words.
import { runStatuses, type RunStatus } from '../../../../shared/domain';

export const mlflowStatusByCode: Readonly<Record<number, RunStatus>> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
};

/** The status word for MLflow's stored status (a code such as 3 or "3", or a word such as "FINISHED"); null if unknown. */
export function mlflowRunStatus(stored: unknown): RunStatus | null {
  if (typeof stored === 'number') return mlflowStatusByCode[stored] ?? null;
  if (typeof stored !== 'string') return null;
  const text = stored.trim();
  if (/^\d+$/.test(text)) return mlflowStatusByCode[Number(text)] ?? null;
  const word = text.toUpperCase() as RunStatus;
  return runStatuses.includes(word) ? word : null;
}
