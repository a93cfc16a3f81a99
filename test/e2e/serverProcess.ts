// Starts the built `runlens serve` as a user would, and stops it after.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** Everything the server printed so far, for the report of a failed test. */
  output(): string;
  stop(): Promise<void>;
}

export function tempFolder(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export async function startRunlensServer(args: string[] = [], env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = tempFolder('runlens-e2e-data-');
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'dist', 'electron', 'cli.cjs'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-open', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1', ...env } },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runlens serve printed no URL:\n${output}`)), 20_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`runlens serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
