// The main end of the Electron transport, written against the ipcMain methods it uses so tests can check
// the wiring without Electron; main.ts hands in the real ipcMain. bridge.ts and preload.ts are the other end.
import { methods, type Reply } from '../common/contract.js';
import type { FileAccess } from '../services/fileAccess.js';
import { isAppFrame } from './appOrigin.js';
import { FILES_CHOSEN_CHANNEL } from './chosenFiles.js';
import type { Host } from './host.js';

type Sender = { senderFrame?: { url: string } | null };

export interface IpcMainLike {
  handle(channel: string, listener: (event: Sender, params: unknown) => Promise<unknown>): void;
  on(channel: string, listener: (event: Sender, paths: unknown) => void): void;
}

/** One ipcMain.handle per contract entry; calls from any page but our own app are refused. */
export function registerIpc(ipc: IpcMainLike, host: Host): void {
  for (const method of methods) {
    ipc.handle(method, async (event, params): Promise<Reply<unknown>> => {
      if (!isAppFrame(event.senderFrame)) {
        return { ok: false, error: { kind: 'Forbidden', message: `${method} may only be called by Voxbench's own page.` } };
      }
      return host.dispatch(method, params);
    });
  }
}

/**
 * Files the user dropped on our page or picked in its file inputs become readable. Only the preload sends on
 * this channel (the page's bridge can only invoke), and only for trusted events: see chosenFiles.ts.
 */
export function registerChosenFiles(ipc: IpcMainLike, fileAccess: FileAccess): void {
  ipc.on(FILES_CHOSEN_CHANNEL, (event, paths) => {
    if (!isAppFrame(event.senderFrame) || !Array.isArray(paths)) return;
    for (const path of paths) if (typeof path === 'string' && path !== '') fileAccess.grant(path, 'read');
  });
}
