import type { Migration } from './migration';

// Drift monitors: owned tables that only Runlens writes and no re-read
// touches. A monitor is the user's; its batches are results cached per batch
// (the reopened app shows them at once, only new batches are computed), kept
// until the monitor's settings change or it is removed. The folder a monitor
// watches is never written.
export const migration: Migration = {
  version: 11,
  name: 'drift monitors',
  sql: `
      CREATE TABLE drift_monitors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        reference TEXT NOT NULL,
        current TEXT NOT NULL,
        model TEXT,
        settings TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running', 'error')),
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- One computed batch. signature: what the batch was computed from (the
      -- files' sizes and modification times, or a period's rows' hash): a
      -- batch whose signature is unchanged is not computed again.
      CREATE TABLE drift_batches (
        monitor_id INTEGER NOT NULL REFERENCES drift_monitors(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        signature TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT,
        computed_at INTEGER NOT NULL,
        PRIMARY KEY (monitor_id, key)
      );
      CREATE INDEX drift_batches_by_start ON drift_batches(monitor_id, start_at);
      CREATE TABLE drift_alerts (
        id INTEGER PRIMARY KEY,
        monitor_id INTEGER NOT NULL REFERENCES drift_monitors(id) ON DELETE CASCADE,
        batch_key TEXT NOT NULL,
        batch_label TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('dataset', 'column', 'performance')),
        -- '' for a dataset alert (UNIQUE treats NULLs as distinct).
        subject TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL,
        at INTEGER NOT NULL,
        seen_at INTEGER,
        UNIQUE (monitor_id, batch_key, kind, subject)
      );
      CREATE INDEX drift_alerts_by_monitor ON drift_alerts(monitor_id, at);
  `,
};
