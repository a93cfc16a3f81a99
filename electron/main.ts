// Electron entry: one hardened window, the app:// protocol serving the
// renderer, and IPC wired to the backend. Everything else is in backend/.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Events } from '../shared/api';
import { createBackend, type Backend } from './backend/backend';
import { contentSecurityPolicy } from '../shared/contentSecurityPolicy';
import { allowedExternalUrl } from './externalLinks';

declare const RUNLENS_VERSION: string;

const appScheme = 'app';
const rendererDir = path.join(__dirname, '..', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.setName('Runlens');
app.enableSandbox();

/** better-sqlite3 built for Electron's ABI, never the Node build in node_modules (DESIGN.md). */
function electronNativeBinding(): string | undefined {
  const candidates = [
    path.join(process.resourcesPath ?? '', 'electron-native', 'better_sqlite3.node'),
    path.join(__dirname, '..', '..', 'build', 'electron-native', 'better_sqlite3.node'),
  ];
  return candidates.find((file) => fs.existsSync(file));
}

let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;

function emit<E extends keyof Events>(name: E, payload: Events[E]): void {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send('runlens:event', name, payload);
}

function serveRenderer(): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, relative);
    if (url.host !== 'runlens' || !file.startsWith(path.resolve(rendererDir) + path.sep)) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function isTrustedSender(frameUrl: string | undefined): boolean {
  return typeof frameUrl === 'string' && frameUrl.startsWith(`${appScheme}://runlens/`);
}

async function createWindow(): Promise<void> {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Runlens',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // DevTools give full script access to the renderer: development builds only.
      devTools: !app.isPackaged,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  await mainWindow.loadURL(`${appScheme}://runlens/index.html`);
}

/** The viewMenu role always has Toggle Developer Tools; packaged builds get zoom and fullscreen only. */
function viewMenu(): MenuItemConstructorOptions {
  const development: MenuItemConstructorOptions[] = app.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return {
    label: 'View',
    submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appScheme}://runlens/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Only the links Runlens itself shows (externalLinks.ts) go to the user's browser,
    // never inside the app: a compromised renderer must not pick what the OS opens.
    const allowed = allowedExternalUrl(url);
    if (allowed !== null) void shell.openExternal(allowed);
    else console.warn(`Runlens: refused to open ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
});

app.whenReady().then(async () => {
  // Runlens needs no web permission (camera, notifications, clipboard read, ...): deny requests and checks.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();
  Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, viewMenu(), { role: 'windowMenu' }]));
  try {
    backend = await createBackend({
      dataDir: process.env.RUNLENS_DATA_DIR ?? app.getPath('userData'),
      mode: 'electron',
      version: RUNLENS_VERSION,
      emit,
      nativeBinding: electronNativeBinding(),
      // Electron has read worker scripts from app.asar since version 18 (electron/electron#33216).
      ingestWorker: path.join(__dirname, 'ingestWorker.cjs'),
      evaluationWorker: path.join(__dirname, 'evaluationWorker.cjs'),
      scoringWorker: path.join(__dirname, 'scoringWorker.cjs'),
      watch: true,
      pickFolder: async () => {
        const result = await dialog.showOpenDialog(mainWindow!, { properties: ['openDirectory'] });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    });
  } catch (error) {
    dialog.showErrorBox('Runlens cannot open its data', (error as Error).message);
    app.exit(1);
    return;
  }
  ipcMain.handle('runlens:invoke', async (event, name: unknown, args: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'bad-request', message: 'Requests are only accepted from the Runlens window' } };
    }
    return backend!.handle(name, args);
  });
  await createWindow();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) void createWindow();
});

app.on('will-quit', () => {
  void backend?.close();
});
