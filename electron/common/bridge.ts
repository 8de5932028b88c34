// The page's end of the Electron transport, exposed by preload.ts as `window.voxbench`. It imports only
// types, so the sandboxed preload stays small; the main side validates every call.
import type { EventName, Reply } from './contract.js';
import { EVENT_CHANNEL } from './eventChannel.js';

type EventForward = (event: unknown, name: EventName, data: unknown) => void;

export interface IpcRendererLike {
  invoke(channel: string, params: unknown): Promise<unknown>;
  on(channel: string, listener: EventForward): void;
  removeListener(channel: string, listener: EventForward): void;
}

/** What preload.ts exposes to the page as `window.voxbench`. */
export interface DesktopBridge {
  invoke(method: string, params: unknown): Promise<Reply<unknown>>;
  onEvent(listener: (name: EventName, data: unknown) => void): () => void;
  pathForFile(file: File): string;
}

export function desktopBridge(ipc: IpcRendererLike, pathForFile: (file: File) => string): DesktopBridge {
  return {
    async invoke(method, params) {
      try {
        return (await ipc.invoke(method, params)) as Reply<unknown>;
      } catch (error) {
        return { ok: false, error: { kind: 'BridgeError', message: `${method}: ${(error as Error).message}` } };
      }
    },
    onEvent(listener) {
      const forward: EventForward = (_event, name, data) => listener(name, data);
      ipc.on(EVENT_CHANNEL, forward);
      return () => ipc.removeListener(EVENT_CHANNEL, forward);
    },
    pathForFile,
  };
}
