// The fallback when the OS has no watch handles left (a project of thousands
// of runs can exhaust inotify): instead of watching every folder, look at the
// files Runlens already reads (and their run folders, for new files) every
// second. New runs are found by the mtimes of the folders that hold runs (a
// folder's mtime changes when an entry is added to it), which asks for a
// rescan at once, and by a full rescan now and then for runs anywhere else.
import fs from 'node:fs';
import path from 'node:path';

export interface PolledFiles {
  /** Run folders and the files read in each, from the ingest cursors. */
  runs: { folder: string; files: string[] }[];
  /** Folders where a new entry may be a new run: the project root and the folders above known runs. */
  containers: string[];
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

function subfolderNames(folder: string): Set<string> {
  try {
    return new Set(fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name));
  } catch {
    return new Set();
  }
}

export class RunPoller {
  private readonly seen = new Map<string, string | null>();
  private readonly subfolders = new Map<string, Set<string>>();
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
    const known = this.options.knownFiles();
    for (const run of known.runs) {
      const folderNow = signature(run.folder);
      if (folderNow === null) {
        removed.add(run.folder);
        continue;
      }
      // A folder's mtime changes when a file is added or removed in it.
      for (const file of [run.folder, ...run.files]) {
        const now = file === run.folder ? folderNow : signature(file);
        const before = this.seen.get(file);
        this.seen.set(file, now);
        if (!first && before !== now) changed.add(file === run.folder ? `${run.folder}/.` : file);
      }
    }
    if (changed.size || removed.size) this.options.onFiles(changed, removed);
    let containerChanged = false;
    const knownFolders = new Set([...known.runs.map((run) => run.folder), ...known.containers]);
    for (const folder of known.containers) {
      const now = signature(folder);
      const before = this.seen.get(folder);
      this.seen.set(folder, now);
      if (before === now) continue;
      // The mtime also moves when files come and go (a database's -journal at
      // every commit): only a new folder can be a new run.
      const folders = subfolderNames(folder);
      const previous = this.subfolders.get(folder);
      this.subfolders.set(folder, folders);
      if (first) continue;
      // New here, and neither a run nor a folder of runs Runlens knows (a container
      // seen for the first time may already hold a run the scan that found it missed).
      const isNew = (name: string) => !previous?.has(name) && !knownFolders.has(path.join(folder, name));
      if ([...folders].some(isNew)) containerChanged = true;
    }
    if (containerChanged || Date.now() - this.lastRescan > (this.options.rescanMs ?? 15_000)) {
      this.lastRescan = Date.now();
      this.options.onRescan();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
