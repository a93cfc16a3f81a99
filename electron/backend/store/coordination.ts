// Several processes (the app, a browser-mode server, the CLI) may share one
// data folder. One of them, the holder of watcher.lock, runs the watchers;
// the others learn of changes by polling SQLite's PRAGMA data_version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from './database';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the watcher lock if free (or held by a dead process); returns its release, or null. */
export function acquireWatcherLock(dataDir: string): (() => void) | null {
  const file = path.join(dataDir, 'watcher.lock');
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        // unreadable lock: treat as stale
      }
      const stale = holder.host === os.hostname() && typeof holder.pid === 'number' && !processAlive(holder.pid);
      if (!stale && holder.pid !== undefined) return null;
      try {
        fs.unlinkSync(file);
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Calls `onChange` whenever another connection commits to the database. */
export function watchDataVersion(db: Db, onChange: () => void, intervalMs = 400): () => void {
  let version = db.pragma('data_version', { simple: true }) as number;
  const timer = setInterval(() => {
    try {
      const now = db.pragma('data_version', { simple: true }) as number;
      if (now !== version) {
        version = now;
        onChange();
      }
    } catch {
      // busy or closing: try again next tick
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
