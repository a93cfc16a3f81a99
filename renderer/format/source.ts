// Where a run was read from, in the words people know the tools by (shared/sources.ts).
import { runSources, sourceTable, type RunSource } from '../../shared/sources';

/** The order sources are offered in: the tools first, Runlens's own format last. */
export const sourceOrder: readonly RunSource[] = runSources;

/** The label of a source; a name a newer backend sends is shown as it is. */
export function sourceLabel(source: RunSource): string {
  return (sourceTable as Record<string, { label: string } | undefined>)[source]?.label ?? source;
}
