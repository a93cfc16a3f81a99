// Picks how the app talks to the backend, once, at start. Nothing else knows which.
import type { ApiClient, PreloadBridge } from '../../shared/api';
import { createBrowserClient } from './browserTransport';
import { createElectronClient } from './electronTransport';
import { takeToken } from './token';

declare global {
  interface Window {
    /** Present in the desktop window: the preload's bridge. */
    runlens?: PreloadBridge;
  }
}

export type Transport =
  | { kind: 'electron' | 'browser'; client: ApiClient }
  /** Browser mode opened without the token the server printed. */
  | { kind: 'no-token' };

export function pickTransport(win: Window): Transport {
  if (win.runlens) return { kind: 'electron', client: createElectronClient(win.runlens) };
  const token = takeToken({ location: win.location, storage: win.sessionStorage, history: win.history });
  if (!token) return { kind: 'no-token' };
  return { kind: 'browser', client: createBrowserClient(token, win.location) };
}
