// Where a run was read from, in the words people know the tools by.
import type { RunSource } from '../../shared/domain';

export const sourceLabels: Record<RunSource, string> = {
  mlflow: 'MLflow',
  'mlflow-sqlite': 'MLflow (SQLite)',
  tensorboard: 'TensorBoard',
  dvclive: 'DVCLive',
  native: 'Runlens',
};

/** The order sources are offered in: the tools first, Runlens's own format last. */
export const sourceOrder: readonly RunSource[] = ['mlflow', 'mlflow-sqlite', 'tensorboard', 'dvclive', 'native'];

/** The label of a source; a name a newer backend sends is shown as it is. */
export function sourceLabel(source: RunSource): string {
  return sourceLabels[source] ?? source;
}
