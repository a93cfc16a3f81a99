// Runs the fuzz suite's reads in a child process (driver.ts, bundled at test
// time) with a watchdog: a read that does not answer in time is a hang, the
// child is killed, and a fresh one reads on. A hang in this process could not
// be stopped at all (a blocked open() of a FIFO ignores every timer).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { build } from 'esbuild';
import path from 'node:path';
import readline from 'node:readline';
import type { ReadAnswer, ReadJob } from './driver';

export type ReadOutcome = { kind: 'answer'; answer: ReadAnswer } | { kind: 'hang' } | { kind: 'died'; output: string };

/** Bundles driver.ts beside the repository's node_modules (so its external packages resolve). */
export async function bundleDriver(repoRoot: string): Promise<string> {
  const outfile = path.join(repoRoot, 'test-results', 'fuzz', 'driver.cjs');
  await build({
    entryPoints: [path.join(repoRoot, 'test', 'fuzz', 'driver.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['better-sqlite3', 'chokidar', 'ws', 'yaml', 'onnxruntime-node', 'electron'],
    define: { RUNLENS_VERSION: '"fuzz"' },
  });
  return outfile;
}

export class ReaderProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private waiting: ((outcome: ReadOutcome) => void) | null = null;
  private output = '';
  private nextId = 1;

  constructor(
    private readonly driver: string,
    private readonly timeoutMs: number,
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [this.driver], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.output = '';
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const done = this.waiting;
      this.waiting = null;
      done?.({ kind: 'answer', answer: JSON.parse(line) as ReadAnswer });
    });
    child.stderr.on('data', (data: Buffer) => (this.output = (this.output + data.toString()).slice(-4000)));
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      const done = this.waiting;
      this.waiting = null;
      done?.({ kind: 'died', output: this.output });
    });
    this.child = child;
    return child;
  }

  read(dataDir: string, project: string): Promise<ReadOutcome> {
    const child = this.child ?? this.start();
    const job: ReadJob = { id: this.nextId++, dataDir, project };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        this.child = null;
        child.kill('SIGKILL');
        resolve({ kind: 'hang' });
      }, this.timeoutMs);
      this.waiting = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      child.stdin.write(`${JSON.stringify(job)}\n`);
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}
