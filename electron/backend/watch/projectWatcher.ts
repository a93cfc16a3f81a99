// Watches one project folder with chokidar and reports which run folders
// changed, coalescing bursts of writes into one report. Falls back to polling
// when the OS runs out of watch handles (ENOSPC on Linux).
import chokidar, { type FSWatcher } from 'chokidar';
import fs from 'node:fs';
import path from 'node:path';
import { nativeFiles } from '../sources/native';
import { isIgnoredFolder, maxScanDepth } from '../ingest/scan';

export interface RunFolderChanges {
  changed: Set<string>;
  removed: Set<string>;
}

export type WatchMode = 'events' | 'polling';

const runFileNames: ReadonlySet<string> = new Set(Object.values(nativeFiles));

export interface ProjectWatcherOptions {
  /** Quiet time before a report; writes closer together than this are coalesced. */
  debounceMs?: number;
  /** A report goes out at least this often during a continuous stream of writes. */
  maxWaitMs?: number;
  onChanges: (changes: RunFolderChanges) => void;
  onModeChange?: (mode: WatchMode, reason: string) => void;
}

export class ProjectWatcher {
  private watcher: FSWatcher | null = null;
  private pending: RunFolderChanges = { changed: new Set(), removed: new Set() };
  private timer: NodeJS.Timeout | null = null;
  private firstPendingAt = 0;
  private closed = false;
  mode: WatchMode = 'events';

  constructor(
    readonly root: string,
    private readonly options: ProjectWatcherOptions,
  ) {}

  async start(): Promise<void> {
    await this.open(false);
  }

  private async open(polling: boolean): Promise<void> {
    const watcher = chokidar.watch(this.root, {
      ignoreInitial: true,
      depth: maxScanDepth + 1,
      followSymlinks: true,
      usePolling: polling,
      interval: 1000,
      binaryInterval: 2000,
      ignored: (file: string, stats?: fs.Stats) => this.ignored(file, stats),
    });
    this.watcher = watcher;
    watcher.on('add', (file) => this.fileEvent(file, false));
    watcher.on('change', (file) => this.fileEvent(file, false));
    watcher.on('unlink', (file) => this.fileEvent(file, true));
    watcher.on('unlinkDir', (folder) => this.note('removed', folder));
    watcher.on('error', (error) => void this.onError(error as NodeJS.ErrnoException));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  private ignored(file: string, stats?: fs.Stats): boolean {
    const name = path.basename(file);
    if (isIgnoredFolder(name)) return true;
    // Files inside a run's artifacts/ are announced by its events file.
    if (name === 'artifacts' && (!stats || stats.isDirectory())) {
      return fs.existsSync(path.join(path.dirname(file), nativeFiles.header));
    }
    return false;
  }

  private fileEvent(file: string, unlinked: boolean): void {
    const name = path.basename(file);
    if (!runFileNames.has(name)) return;
    const folder = path.dirname(file);
    if (unlinked && name === nativeFiles.header) this.note('removed', folder);
    else this.note('changed', folder);
  }

  private note(kind: keyof RunFolderChanges, folder: string): void {
    if (this.closed) return;
    this.pending[kind].add(folder);
    const now = Date.now();
    if (!this.timer) this.firstPendingAt = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.options.debounceMs ?? 40, this.firstPendingAt + (this.options.maxWaitMs ?? 250) - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const changes = this.pending;
    this.pending = { changed: new Set(), removed: new Set() };
    if (changes.changed.size || changes.removed.size) this.options.onChanges(changes);
  }

  private async onError(error: NodeJS.ErrnoException): Promise<void> {
    if (this.closed || this.mode === 'polling') return;
    if (error.code === 'ENOSPC' || error.code === 'EMFILE') {
      await this.watcher?.close();
      this.mode = 'polling';
      this.options.onModeChange?.('polling', `the OS file-watch limit was reached (${error.code}); checking for changes every second instead`);
      await this.open(true);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
