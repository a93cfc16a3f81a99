// Every store source Runlens reads (storeSource.ts), asked in turn by the
// scan and the watcher; one line each. Run-folder formats are in formats.ts.
import { mlflowFileRegistry } from './mlflow/registrySource';
import { mlflowSqliteStore } from './mlflow/sqliteStoreSource';
import type { StoreSource } from './storeSource';

export const storeSources: readonly StoreSource[] = [mlflowSqliteStore, mlflowFileRegistry];

export function storeSourceOf(kind: string): StoreSource | null {
  return storeSources.find((source) => source.kind === kind) ?? null;
}
