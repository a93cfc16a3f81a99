// `runlens serve` started from the bundle for a browser benchmark; resolves with its tokenized URL.
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

export async function serve(dataDir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'cli.cjs'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}
