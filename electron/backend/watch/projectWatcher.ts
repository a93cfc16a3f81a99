// Watches one project folder with chokidar, a watch per folder (not per file),
// and reports which files changed and which folders came or went, coalescing
// bursts of writes into one report.
// Which run a file belongs to is ingest's business, not the watcher's. Falls
// back to polling the known runs when the OS runs out of watch handles
// (ENOSPC on Linux), or when told to (RUNLENS_WATCH=poll).
import chokidar, { type FSWatcher } from 'chokidar';
import fs from 'node:fs';
import path from 'node:path';
import { isIgnoredFolder, maxScanDepth } from '../ingest/scan';
import { RunPoller, type PolledFiles } from './runPoller';

export interface FileChanges {
  /** Files added, changed or deleted. */
  files: Set<string>;
  /** Folders deleted (with everything in them). */
  removedFolders: Set<string>;
  /**
   * Folders created. Whoever gets the report must look inside them: chokidar
   * scans a new folder before it watches it, and misses what is created in
   * between (chokidar issues #1112, #1471) — exactly when a tracker makes a
   * run folder and renames its first file into it.
   */
  addedFolders: Set<string>;
}

/** A new folder is looked into again this long after it appeared, for files created in chokidar's blind spot. */
const secondLookMs = 1000;

export type WatchMode = 'events' | 'polling';

export interface ProjectWatcherOptions {
  /** Quiet time before a report; writes closer together than this are coalesced. */
  debounceMs?: number;
  /** A report goes out at least this often during a continuous stream of writes. */
  maxWaitMs?: number;
  onChanges: (changes: FileChanges) => void;
  onModeChange?: (mode: WatchMode, reason: string) => void;
  /** What the poller looks at when polling. */
  knownFiles: () => PolledFiles;
  /** Polling also asks for a full rescan now and then, to find new runs. */
  onRescan: () => void;
  /** Poll from the start instead of using OS events. */
  polling?: boolean;
  rescanMs?: number;
}

/** An lstat that never throws: chokidar's ignore callback must not. */
function lstatQuietly(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function emptyChanges(): FileChanges {
  return { files: new Set(), removedFolders: new Set(), addedFolders: new Set() };
}

export class ProjectWatcher {
  private watcher: FSWatcher | null = null;
  private poller: RunPoller | null = null;
  private pending: FileChanges = emptyChanges();
  private readonly secondLooks = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | null = null;
  private firstPendingAt = 0;
  private closed = false;
  mode: WatchMode = 'events';
  /** True once chokidar has finished its first look at the tree. */
  ready = false;

  constructor(
    readonly root: string,
    private readonly options: ProjectWatcherOptions,
  ) {}

  async start(): Promise<void> {
    if (this.options.polling) this.startPolling();
    else await this.open();
    this.ready = true;
  }

  private startPolling(): void {
    this.mode = 'polling';
    this.poller = new RunPoller({
      knownFiles: this.options.knownFiles,
      onFiles: (files, removed) => {
        for (const file of files) this.note('files', file);
        for (const folder of removed) this.note('removedFolders', folder);
      },
      onRescan: this.options.onRescan,
      rescanMs: this.options.rescanMs,
    });
    this.poller.start();
  }

  private async open(): Promise<void> {
    const watcher = chokidar.watch(this.root, {
      ignoreInitial: true,
      depth: maxScanDepth + 1,
      followSymlinks: true,
      ignored: (file: string, stats?: fs.Stats) => this.ignored(file, stats),
    });
    this.watcher = watcher;
    // Only folders are watched (see ignored()); the OS reports a change to a
    // file on its folder's watch, which chokidar passes on as a raw event.
    watcher.on('raw', (_event, changed, details) => {
      const folder = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (typeof folder !== 'string') return;
      // No name (Windows, when its event buffer overflows): something in the folder changed.
      if (typeof changed !== 'string' || changed === '') this.note('files', `${folder}${path.sep}.`);
      else this.note('files', path.isAbsolute(changed) ? changed : path.join(folder, changed));
    });
    // Symbolic links to files keep a watch of their own (see ignored()): a
    // write to the target is not an event in the link's folder.
    for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, (file) => this.note('files', file));
    watcher.on('unlinkDir', (folder) => this.note('removedFolders', folder));
    watcher.on('addDir', (folder) => {
      this.note('addedFolders', folder);
      const timer = setTimeout(() => {
        this.secondLooks.delete(timer);
        this.note('addedFolders', folder);
      }, secondLookMs);
      this.secondLooks.add(timer);
    });
    watcher.on('error', (error) => void this.onError(error as NodeJS.ErrnoException));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  private ignored(file: string, stats?: fs.Stats): boolean {
    const name = path.basename(file);
    if (isIgnoredFolder(name)) return true;
    // Files get no watch of their own: with one OS handle per file, a few
    // thousand MLflow runs (a file per param, tag and metric) would use up
    // the OS limit; one per folder is what every format needs.
    // chokidar hands over stat (it follows links), so ask lstat what the path itself is.
    const itself = lstatQuietly(file);
    if (itself?.isSymbolicLink()) return false;
    const entry = stats ?? itself;
    if (entry && !entry.isDirectory()) return true;
    // A run's artifacts (models, images) can be large trees that say nothing
    // about metrics: native runs list them in events.jsonl, MLflow in its
    // store, and DVCLive's are model files.
    if (name === 'artifacts') {
      const parent = path.dirname(file);
      return ['run.json', 'meta.yaml', 'metrics.json', 'plots'].some((marker) => fs.existsSync(path.join(parent, marker)));
    }
    return false;
  }

  private note(kind: keyof FileChanges, folder: string): void {
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
    this.pending = emptyChanges();
    if (changes.files.size || changes.removedFolders.size || changes.addedFolders.size) this.options.onChanges(changes);
  }

  private async onError(error: NodeJS.ErrnoException): Promise<void> {
    if (this.closed || this.mode === 'polling') return;
    if (error.code === 'ENOSPC' || error.code === 'EMFILE') {
      await this.watcher?.close();
      this.watcher = null;
      this.startPolling();
      this.options.onModeChange?.(
        'polling',
        `The OS file-watch limit was reached (${error.code}); Runlens checks this project's runs for changes every second instead.`,
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const timer of this.secondLooks) clearTimeout(timer);
    this.poller?.stop();
    await this.watcher?.close();
  }
}
