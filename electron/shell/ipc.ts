// The main end of the Electron transport, written against the one ipcMain method it uses so tests can
// check the wiring without Electron; main.ts hands in the real ipcMain. bridge.ts is the other end.
import { methods, type Reply } from '../common/contract.js';
import type { Host } from './host.js';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, params: unknown) => Promise<unknown>): void;
}

/** One ipcMain.handle per contract entry; calls from any page but our own app are refused. */
export function registerIpc(ipc: IpcMainLike, host: Host, appOrigin: string): void {
  for (const method of methods) {
    ipc.handle(method, async (event, params): Promise<Reply<unknown>> => {
      if (!event.senderFrame?.url.startsWith(appOrigin)) {
        return { ok: false, error: { kind: 'Forbidden', message: `${method} may only be called by Voxbench's own page.` } };
      }
      return host.dispatch(method, params);
    });
  }
}
