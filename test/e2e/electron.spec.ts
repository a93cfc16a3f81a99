// The desktop window, driven by Playwright's Electron support. Runs where the
// Electron binary exists; elsewhere it is skipped and says so.
import { _electron as electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import { repoRoot, tempFolder } from './serverProcess';

function electronBinary(): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const skipReason =
  'Electron end-to-end test skipped: the Electron binary is not installed on this machine (its download host is unreachable).';
if (!binary) console.log(skipReason);

test('the hardened window opens and shows the runs view', async () => {
  test.skip(!binary, skipReason); // reason: no Electron binary on this machine (see skipReason)
  const dataDir = tempFolder('runlens-electron-data-');
  const app = await electron.launch({ executablePath: binary!, args: [repoRoot], env: { ...process.env, RUNLENS_DATA_DIR: dataDir } });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('empty-state')).toBeVisible();
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      // Not in Electron's typings, but present at run time on WebContents.
      const contents = w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null };
      const p = contents.getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((window as unknown as { runlens: object }).runlens).sort())).toEqual(['invoke', 'subscribe']);
    // The window shows the app's own page, and stays on it when a script tries to leave.
    expect(await window.title()).toBe('Runlens');
    expect(window.url()).toBe('app://runlens/index.html');
    await window.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await expect(window.getByTestId('empty-state')).toBeVisible();
    expect(window.url()).toBe('app://runlens/index.html');
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
