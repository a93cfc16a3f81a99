import type { Db } from '../database';

/** One schema change. Append only: a released migration is never edited, and its name never changes. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL alone cannot do (decoding chunk blobs), run after `sql` in the same transaction. */
  run?: (db: Db) => void;
}
