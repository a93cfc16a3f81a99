// Runs after `npm install`. npm's allowScripts stops electron's own install
// script (its download host is unreachable on some machines and it would fail
// the whole install), so we try the download here and carry on without it.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function electronInstalled() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    return fs.existsSync(path.join(dir, 'path.txt'));
  } catch {
    return false;
  }
}

function tryElectronDownload() {
  let installScript;
  try {
    installScript = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return; // electron is a devDependency: absent in production installs.
  }
  if (electronInstalled()) return;
  if (process.env.RUNLENS_SKIP_ELECTRON_DOWNLOAD) {
    console.log('runlens: skipping the Electron download (RUNLENS_SKIP_ELECTRON_DOWNLOAD is set).');
    return;
  }
  const result = spawnSync(process.execPath, [installScript], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: Number(process.env.RUNLENS_ELECTRON_DOWNLOAD_TIMEOUT_MS || 120000),
    encoding: 'utf8',
  });
  if (result.status === 0 && electronInstalled()) {
    console.log('runlens: Electron binary installed.');
  } else {
    const lines = (result.stderr || result.error?.message || 'timed out').trim().split('\n');
    const reason = (lines.find((line) => /error|ENOTFOUND|ECONN|ETIMEDOUT/i.test(line)) || lines[0]).trim();
    console.log(`runlens: the Electron binary could not be downloaded (${reason}); \`npm start\` will use browser mode.`);
  }
}

tryElectronDownload();

// Electron's own better-sqlite3 build, where the binary (and so, usually, its headers) can be had.
if (electronInstalled() && !process.env.RUNLENS_SKIP_ELECTRON_NATIVE) {
  const built = path.join(__dirname, '..', 'build', 'electron-native', 'ELECTRON_VERSION');
  const wanted = require('electron/package.json').version;
  if (!fs.existsSync(built) || fs.readFileSync(built, 'utf8') !== wanted) {
    spawnSync(process.execPath, [path.join(__dirname, 'build-electron-native.cjs')], { stdio: 'inherit' });
  }
}
