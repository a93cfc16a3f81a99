// Stores another program holds locked (MLflow writing to its SQLite file) are
// read again later, with a growing pause between tries. A lock that passes is
// never shown; once a store has stayed locked past `warnAfterMs`, the next try
// records a warning, which the first good read clears (storeIngest.ts).

interface Locked {
  since: number;
  tries: number;
}

export class LockRetries {
  private readonly locked = new Map<number, Map<string, Locked>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    /** Reads these locations of the project again (through the live worker). */
    private readonly retry: (projectId: number, locations: string[]) => void,
    private readonly warnAfterMs = 10_000,
  ) {}

  /** Whether a read of the project now should warn about a store still locked. */
  warningDue(projectId: number, now = Date.now()): boolean {
    for (const entry of this.locked.get(projectId)?.values() ?? []) if (now - entry.since >= this.warnAfterMs) return true;
    return false;
  }

  /**
   * After a read of the project: `read` are the locations it tried, `stillLocked`
   * those it found locked. `lockedSince` backdates new entries (a full read
   * waited already before giving up).
   */
  update(projectId: number, read: readonly string[], stillLocked: readonly string[], lockedSince = Date.now()): void {
    if (this.stopped) return;
    let entries = this.locked.get(projectId);
    const locked = new Set(stillLocked);
    for (const location of read) if (!locked.has(location)) entries?.delete(location);
    for (const location of locked) {
      if (!entries) this.locked.set(projectId, (entries = new Map()));
      const entry = entries.get(location);
      if (entry) entry.tries += 1;
      else entries.set(location, { since: lockedSince, tries: 0 });
    }
    if (entries && entries.size === 0) this.locked.delete(projectId);
    this.schedule(projectId);
  }

  private schedule(projectId: number): void {
    const entries = this.locked.get(projectId);
    const pending = this.timers.get(projectId);
    if (pending) clearTimeout(pending);
    this.timers.delete(projectId);
    if (!entries || this.stopped) return;
    const tries = Math.min(...[...entries.values()].map((entry) => entry.tries));
    const delay = Math.min(1000 * 2 ** tries, 15_000);
    const timer = setTimeout(() => {
      this.timers.delete(projectId);
      const now = this.locked.get(projectId);
      if (now && !this.stopped) this.retry(projectId, [...now.keys()]);
    }, delay);
    timer.unref();
    this.timers.set(projectId, timer);
  }

  /** Forgets a project (removed). */
  forget(projectId: number): void {
    this.locked.delete(projectId);
    this.schedule(projectId);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.locked.clear();
  }
}
