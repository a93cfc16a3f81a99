// Builds better-sqlite3 for Electron's ABI into build/electron-native/, beside
// (never instead of) the Node build in node_modules that tests and the CLI use.
// Needs the Electron binary and Electron's headers, so it runs only where they
// can be had; main.ts loads the result through better-sqlite3's nativeBinding.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'build', 'electron-native');

function main() {
  const electronVersion = require('electron/package.json').version;
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-electron-native-'));
  // Build in a copy so node_modules/better-sqlite3 keeps its Node build.
  fs.cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [path.dirname(process.execPath), '/usr/lib/node_modules/npm', root] });
  const env = { ...process.env };
  // The machine's npm config points node-gyp at Node's headers; Electron needs its own.
  delete env.npm_config_nodedir;
  delete env.NPM_CONFIG_NODEDIR;
  const result = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit', env },
  );
  if (result.status !== 0) throw new Error(`node-gyp exited with ${result.status}`);
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), path.join(outDir, 'better_sqlite3.node'));
  fs.writeFileSync(path.join(outDir, 'ELECTRON_VERSION'), electronVersion);
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`runlens: built better-sqlite3 for Electron ${electronVersion} into ${path.relative(root, outDir)}/`);
}

try {
  main();
} catch (error) {
  console.log(`runlens: could not build better-sqlite3 for Electron (${error.message}); the desktop window needs it, browser mode does not.`);
  process.exitCode = 0;
}
