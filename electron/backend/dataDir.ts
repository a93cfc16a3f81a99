// The data folder Runlens uses when Electron does not name one (server, CLI).
// It matches Electron's userData path for the app name "Runlens".
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RUNLENS_DATA_DIR) return env.RUNLENS_DATA_DIR;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Runlens');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Runlens');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Runlens');
}
