// The second kind of source, beside run folders (records.ts): a location that
// holds many runs, or a model registry, in one place: MLflow's SQLite store,
// MLflow's file-store registry; later Trackio's SQLite file, a team's MLflow
// server over HTTP, W&B's offline runs. A source says where its locations
// are, which changes concern them, and reads them incrementally with a
// cursor of its own (any text: a rowid, a page token, a time). Like run-folder
// readers, it never touches the store: ingest/storeIngest.ts writes its batches.
import type fs from 'node:fs';
import type { RunSource } from '../../../shared/domain';
import type { RegistryModel, RunRecord } from './records';

export type WarningRecord = Extract<RunRecord, { kind: 'warning' }>;

export interface StoreReadBatch {
  /** Records per run, keyed by the run's id in the location. */
  runs: Map<string, RunRecord[]>;
  /** Every run the location holds now (in the first batch): those it no longer holds are removed. */
  runIds?: string[];
  /** Read from the location's beginning: warnings kept about it before are void. */
  fromStart?: boolean;
  /** Problems with the location as a whole; in the first batch they replace those of the last read. */
  warnings?: WarningRecord[];
  /** The registry the location holds, whole (it replaces what was read from there before). */
  registry?: { models: RegistryModel[]; warnings: { path: string; message: string }[] };
  /** The source's own resume point once this batch is stored (JSON, say); given back to `read`. */
  state: string | null;
}

export interface FoundLocations {
  locations: string[];
  problems: { path: string; message: string }[];
  /** The folder is itself a location (a registry folder): the scan goes no deeper. */
  isLocation: boolean;
}

export interface StoreSource {
  /** Stored in store_locations.kind. */
  kind: string;
  /** Whose files these are: the source of the runs and models read from it. */
  source: RunSource;
  /** Whether its locations hold runs (a registry alone holds none). */
  readsRuns: boolean;
  /** The locations of this kind in a folder the scan walks, given its entries. */
  find(folder: string, entries: readonly fs.Dirent[]): FoundLocations;
  /** Whether a file the watcher reports changed belongs to the location. */
  owns(location: string, file: string): boolean;
  /** A location of this kind that a changed file shows appeared (MLflow started logging), or null. */
  locationOf(file: string): string | null;
  /** What polling looks at when the OS has no watches left: the folder, and files in it. */
  polled(location: string): { folder: string; files: string[] };
  /**
   * What the location looks like now, cheaply (sizes, times): the same as at
   * the last read means nothing to read. Null: it cannot tell, read every
   * time. Throws ENOENT when the location is gone.
   */
  signature(location: string): string | null;
  /**
   * Reads what changed since `state` (null: everything). Throws when the
   * location cannot be read (ENOENT: gone; SQLITE_BUSY: locked, try later).
   */
  read(location: string, state: string | null): Iterable<StoreReadBatch>;
}
