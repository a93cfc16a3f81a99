// Watches a folder monitor's folder (read-only, the folder itself only) and
// calls back, debounced, when a CSV file in it is added or changes. chokidar's
// awaitWriteFinish holds an event until the file has stopped growing.
import chokidar, { type FSWatcher } from 'chokidar';
import type fs from 'node:fs';
import path from 'node:path';

const DEBOUNCE_MS = 300;
const STABLE_MS = 1000;

export class MonitorWatcher {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly folder: string,
    private readonly onChange: () => void,
  ) {}

  /** Starts watching; settles once chokidar has looked at the folder. */
  async open(): Promise<void> {
    const folder = path.resolve(this.folder);
    const watcher = chokidar.watch(folder, {
      ignoreInitial: true,
      depth: 0,
      awaitWriteFinish: { stabilityThreshold: STABLE_MS, pollInterval: 100 },
      // The folder itself, and CSV files directly in it; nothing else.
      ignored: (file: string, stats?: fs.Stats) => file !== folder && (path.dirname(file) !== folder || (stats !== undefined && !stats.isFile()) || !/\.csv$/i.test(file)),
    });
    this.watcher = watcher;
    for (const event of ['add', 'change'] as const) watcher.on(event, () => this.note());
    watcher.on('error', () => {}); // a folder that went away: the next run reports it
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  private note(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.onChange();
    }, DEBOUNCE_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
