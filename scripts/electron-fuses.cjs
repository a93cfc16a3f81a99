// electron-builder afterPack hook: flips Electron's fuses in the packed app.
// electron-builder 25 has no `electronFuses` option, so @electron/fuses does it
// here, after the app is packed and before it is signed (a flip changes the
// binary, so it must come before signing).
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/** Fuse name (as in @electron/fuses' FuseV1Options) to its setting. */
const fuseSettings = Object.freeze({
  // The packed app must not double as a plain Node (ELECTRON_RUN_AS_NODE), take
  // NODE_OPTIONS or --inspect: each would run arbitrary code with the app's rights.
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // Cookies and local storage encrypted with the OS keychain key.
  EnableCookieEncryption: true,
  // Load the app only from app.asar, and only if its header hash matches the one
  // electron-builder embeds (macOS Info.plist, Windows resource); needs `asar: true`.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
});

/** The fuse config for flipFuses: unknown names throw rather than being ignored. */
function fuseConfig(platformName) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: isMac(platformName) };
  for (const [name, value] of Object.entries(fuseSettings)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`Unknown Electron fuse: ${name}`);
    config[index] = value;
  }
  return config;
}

function isMac(platformName) {
  return platformName === 'darwin' || platformName === 'mas';
}

/** The packed Electron executable (for macOS the .app bundle, which flipFuses understands). */
function electronExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (isMac(electronPlatformName)) return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'linux') return path.join(appOutDir, packager.executableName);
  throw new Error(`electron-fuses: unsupported platform ${electronPlatformName}`);
}

async function afterPack(context) {
  const executable = electronExecutable(context);
  // resetAdHocDarwinSignature re-signs ad hoc: an arm64 Mac refuses to run a modified unsigned binary.
  await flipFuses(executable, fuseConfig(context.electronPlatformName));
  console.log(`  • electron fuses flipped  file=${executable}`);
}

module.exports = { afterPack, fuseSettings, fuseConfig, electronExecutable };
