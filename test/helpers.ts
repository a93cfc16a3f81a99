// Shared test helpers: real temp folders, real run files, polling waits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

export function tempDir(prefix = 'runlens-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface NativeRunSpec {
  id?: string;
  name?: string;
  experiment?: string;
  startTime?: number;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  heartbeatIntervalS?: number;
}

/** Writes a native run folder the way the Python logger does (docs/FORMAT.md). */
export function writeNativeRun(folder: string, spec: NativeRunSpec = {}): string {
  fs.mkdirSync(path.join(folder, 'artifacts'), { recursive: true });
  const id = spec.id ?? Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32);
  fs.writeFileSync(path.join(folder, 'metrics.jsonl'), '');
  fs.writeFileSync(path.join(folder, 'events.jsonl'), '');
  fs.writeFileSync(path.join(folder, 'heartbeat'), '');
  fs.writeFileSync(
    path.join(folder, 'run.json'),
    JSON.stringify({
      format: 'runlens.run',
      version: 1,
      id,
      name: spec.name ?? path.basename(folder),
      experiment: spec.experiment ?? 'Default',
      start_time: spec.startTime ?? Date.now(),
      params: spec.params ?? {},
      tags: spec.tags ?? {},
      system: { hostname: 'test', heartbeat_interval_s: spec.heartbeatIntervalS ?? 5 },
    }),
  );
  return folder;
}

export function metricLine(step: number, values: Record<string, number | string>, timestamp = 1_700_000_000_000 + step): string {
  return `${JSON.stringify({ step, timestamp, values })}\n`;
}

export function appendMetrics(folder: string, lines: string): void {
  fs.appendFileSync(path.join(folder, 'metrics.jsonl'), lines);
}

export function appendEvent(folder: string, event: Record<string, unknown>): void {
  fs.appendFileSync(path.join(folder, 'events.jsonl'), `${JSON.stringify(event)}\n`);
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const repoRoot = path.resolve(__dirname, '..');
export const pythonLogger = path.join(repoRoot, 'clients', 'python');
export const trainExample = path.join(repoRoot, 'test', 'python', 'train_example.py');
/** Debian's python3 when present (the first on PATH may be another interpreter). */
export const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The bundled ingest worker, built by test/globalSetup.ts before any test runs. */
export const ingestWorker = path.join(repoRoot, 'dist', 'electron', 'ingestWorker.cjs');
