// Builds the CLI bundle once before any test file runs: tests that spawn
// `bin/runlens.cjs` in parallel must never see it half rewritten.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], { cwd: root, stdio: 'inherit' });
}
