// Opens the default browser on the tokenized URL without putting the token on
// a command line (other local users can read /proc/*/cmdline): the browser is
// given a 0600 file that redirects to the URL, as Jupyter does.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function writeRedirectFile(dataDir: string, url: string): string {
  const file = path.join(dataDir, 'open-runlens.html');
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const html = `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escaped}"><title>Runlens</title><p>Opening <a href="${escaped}">Runlens</a>…</p>`;
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, html, { mode: 0o600, flag: 'wx' });
  return file;
}

/** Opens the browser unless in CI or on a machine without a desktop; returns whether it tried. */
export function openBrowser(dataDir: string, url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CI || env.RUNLENS_NO_BROWSER) return false;
  const platform = process.platform;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  const file = writeRedirectFile(dataDir, url);
  const command = platform === 'darwin' ? 'open' : platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    const child = spawn(command, [file], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
