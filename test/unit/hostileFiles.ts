// What the reader safety tests put where a file is expected: FIFOs (with a
// guard that unblocks a read that should never have started), symlinks to
// /dev/zero, symlink loops, dangling links, random and invalid UTF-8 bytes,
// and a store kept in memory the way ingest/runWriter.ts keeps one.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CursorLookup, FileBatch, FileCursor, RunFolderFormat, RunRecord } from '../../electron/backend/sources/records';

const guards: ChildProcess[] = [];

/**
 * Makes a FIFO at `file` (replacing what is there). A reader that wrongly
 * opens or reads it would block forever; a guard process opens it for writing
 * after ~10 s and closes it, so such a read ends and the test fails instead
 * of hanging. `killGuards` (afterEach) ends the guards.
 */
export function makeFifo(file: string): string {
  fs.rmSync(file, { force: true, recursive: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
  const guard = spawn('sh', ['-c', 'sleep 10; : > "$0"', file], { stdio: 'ignore' });
  guard.on('error', () => {});
  guards.push(guard);
  return file;
}

export function killGuards(): void {
  for (const guard of guards.splice(0)) guard.kill('SIGKILL');
}

/** Replaces `file` by a symbolic link to `target`. */
export function linkAs(file: string, target: string): string {
  fs.rmSync(file, { force: true, recursive: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(target, file);
  return file;
}

/** Replaces `file` by a symbolic link to itself. */
export function loopAt(file: string): string {
  return linkAs(file, path.basename(file));
}

/** Deterministic bytes (mulberry32). */
export function randomBytes(seed: number, length: number): Buffer {
  let a = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** Bytes that are not UTF-8: a lone continuation byte and a truncated sequence. */
export const invalidUtf8 = Buffer.from([0x80, 0xc3, 0x28, 0xff]);

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

type Of<K extends RunRecord['kind']> = Extract<RunRecord, { kind: K }>;

/** What ingest/runWriter.ts does with batches, in memory: cursors kept, voids applied, warnings per file. */
export class MemoryStore implements CursorLookup {
  cursors = new Map<string, FileCursor>();
  headers: Of<'header'>[] = [];
  status: Of<'status'> | null = null;
  params: Record<string, string> = {};
  tags: Record<string, string> = {};
  metrics = new Map<string, { steps: number[]; values: number[] }>();
  /** Every voidMetrics record seen since the last `read` began. */
  voids: (string[] | 'all')[] = [];
  warnings = new Map<string, Of<'warning'>[]>();
  batches: FileBatch[] = [];

  constructor(
    private readonly format: RunFolderFormat,
    private readonly folder: string,
  ) {}

  cursorFor(file: string): FileCursor | null {
    return this.cursors.get(file) ?? null;
  }

  /** One readRun, each batch applied as it comes; returns its batches. */
  read(): FileBatch[] {
    this.voids = [];
    this.batches = [];
    for (const batch of this.format.readRun(this.folder, this)) {
      if (batch.cursor.path !== batch.file) throw new Error(`cursor for ${batch.cursor.path} in a batch of ${batch.file}`);
      this.batches.push(batch);
      this.apply(batch);
    }
    return this.batches;
  }

  private apply(batch: FileBatch): void {
    if (batch.fromStart) this.warnings.delete(batch.file);
    for (const r of batch.records) {
      if (r.kind === 'header') this.headers.push(r);
      else if (r.kind === 'status') this.status = r;
      else if (r.kind === 'params') this.params = r.complete ? { ...r.values } : { ...this.params, ...r.values };
      else if (r.kind === 'tags') this.tags = r.complete ? { ...r.values } : { ...this.tags, ...r.values };
      else if (r.kind === 'voidMetrics') {
        this.voids.push(r.keys);
        for (const key of r.keys === 'all' ? [...this.metrics.keys()] : r.keys) this.metrics.delete(key);
      } else if (r.kind === 'warning') this.warnings.set(batch.file, [...(this.warnings.get(batch.file) ?? []), r]);
      else if (r.kind === 'metrics') {
        for (const [key, s] of r.points) {
          const series = this.metrics.get(key) ?? { steps: [], values: [] };
          series.steps.push(...s.steps);
          series.values.push(...s.values);
          this.metrics.set(key, series);
        }
      }
    }
    this.cursors.set(batch.file, batch.cursor);
  }

  values(key: string): number[] | undefined {
    return this.metrics.get(key)?.values;
  }

  /** The warnings now kept, as "file-relative-to-folder: message". */
  allWarnings(): string[] {
    return [...this.warnings.entries()].flatMap(([file, list]) => list.map((w) => `${path.relative(this.folder, file) || '.'}: ${w.message}`)).sort();
  }

  /** The warnings the last read yielded (messages only). */
  newWarnings(): string[] {
    return this.batches.flatMap((b) => b.records.filter((r): r is Of<'warning'> => r.kind === 'warning').map((w) => w.message));
  }
}
