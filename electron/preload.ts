// The whole bridge between the sandboxed renderer and the main process:
// invoke a request, subscribe to events. Bundled into one CommonJS file that
// imports nothing but the sandboxed `electron` module.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../shared/api';

const bridge = {
  invoke: (name: string, args: unknown) => ipcRenderer.invoke('runlens:invoke', name, args),
  subscribe: (listener: (name: string, payload: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on('runlens:event', handler);
    return () => {
      ipcRenderer.removeListener('runlens:event', handler);
    };
  },
} satisfies PreloadBridge;

contextBridge.exposeInMainWorld('runlens', bridge);
