// `npm start`: the desktop window where the Electron binary exists, otherwise
// the same UI in browser mode on 127.0.0.1.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function electronBinary() {
  try {
    const binary = require('electron'); // the binary's path, or throws when it was never downloaded
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const root = path.join(__dirname, '..');
const binary = electronBinary();
const args = process.argv.slice(2);
let child;
if (binary) {
  child = spawn(binary, [root, ...args], { stdio: 'inherit' });
} else {
  console.log('The Electron binary is not installed here (its download failed or was skipped), so Runlens opens in browser mode instead.');
  child = spawn(process.execPath, [path.join(root, 'dist', 'electron', 'cli.cjs'), 'serve', ...args], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
