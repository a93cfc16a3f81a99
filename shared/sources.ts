// Every source Runlens reads runs from, declared once: its name (stored, sent,
// printed by the CLI), the label people know the tool by, and what the
// backend needs to know of it. The readers are registered in the backend
// (sources/formats.ts for run folders, sources/stores.ts for stores), each
// under one of these names; the compiler checks the names.
export const sourceTable = {
  mlflow: { label: 'MLflow', recordsStatus: true },
  'mlflow-sqlite': { label: 'MLflow (SQLite)', recordsStatus: true },
  tensorboard: { label: 'TensorBoard', recordsStatus: false },
  dvclive: { label: 'DVCLive', recordsStatus: false },
  native: { label: 'Runlens', recordsStatus: true },
} as const satisfies Record<string, SourceInfo>;

export interface SourceInfo {
  /** How the window names it. */
  label: string;
  /** Whether its files state a run's status; runs of those that do not are RUNNING while written, FINISHED when quiet. */
  recordsStatus: boolean;
}

export type RunSource = keyof typeof sourceTable;

/** In the order they are offered in: the tools first, Runlens's own format last. */
export const runSources = Object.keys(sourceTable) as RunSource[];

export function isRunSource(name: string): name is RunSource {
  return Object.hasOwn(sourceTable, name);
}
