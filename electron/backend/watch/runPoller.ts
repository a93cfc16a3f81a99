// The fallback when the OS has no watch handles left (a project of thousands
// of runs can exhaust inotify): instead of watching every folder, look at the
// files Runlens already reads (and their run folders, for new files) every
// second, and at the whole tree now and then for new runs.
import fs from 'node:fs';

export interface PolledFiles {
  /** Run folders and the files read in each, from the ingest cursors. */
  runs: { folder: string; files: string[] }[];
}

export interface RunPollerOptions {
  intervalMs?: number;
  /** How often to ask for a full rescan of the project (new runs). */
  rescanMs?: number;
  knownFiles: () => PolledFiles;
  onFiles: (files: Set<string>, removedFolders: Set<string>) => void;
  onRescan: () => void;
}

function signature(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

export class RunPoller {
  private readonly seen = new Map<string, string | null>();
  private timer: NodeJS.Timeout | null = null;
  private lastRescan = Date.now();

  constructor(private readonly options: RunPollerOptions) {}

  start(): void {
    this.poll(true);
    this.timer = setInterval(() => this.poll(false), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  private poll(first: boolean): void {
    const changed = new Set<string>();
    const removed = new Set<string>();
    for (const run of this.options.knownFiles().runs) {
      const folderNow = signature(run.folder);
      if (folderNow === null) {
        removed.add(run.folder);
        continue;
      }
      // A folder's mtime changes when a file is added or removed in it.
      for (const path of [run.folder, ...run.files]) {
        const now = path === run.folder ? folderNow : signature(path);
        const before = this.seen.get(path);
        this.seen.set(path, now);
        if (!first && before !== now) changed.add(path === run.folder ? `${run.folder}/.` : path);
      }
    }
    if (changed.size || removed.size) this.options.onFiles(changed, removed);
    if (Date.now() - this.lastRescan > (this.options.rescanMs ?? 15_000)) {
      this.lastRescan = Date.now();
      this.options.onRescan();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
