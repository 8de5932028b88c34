// The renderer's only way to the main side: the desktop bridge in Electron, a WebSocket in browser mode.
// Both give the same Client, so nothing else in the renderer knows which one it runs on.
import type { Client, EventName, Events, Method, ParamsOf, Reply, ResultOf, WireError } from '../../electron/common/contract';
import type { DesktopBridge } from '../../electron/common/bridge';
import { uploadRoute } from '../../electron/common/routes';

declare global {
  interface Window {
    voxbench?: DesktopBridge;
  }
}

export class CallError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
  }
}

function unwrap<T>(reply: Reply<unknown>): T {
  if (reply.ok) return reply.result as T;
  throw new CallError(reply.error.kind, reply.error.message);
}

type Listeners = Map<EventName, Set<(data: never) => void>>;

function subscribe<E extends EventName>(listeners: Listeners, event: E, listener: (data: Events[E]) => void): () => void {
  const set = listeners.get(event) ?? new Set();
  listeners.set(event, set);
  set.add(listener as (data: never) => void);
  return () => set.delete(listener as (data: never) => void);
}

function emit(listeners: Listeners, event: EventName, data: unknown): void {
  listeners.get(event)?.forEach((listener) => listener(data as never));
}

function desktopClient(bridge: DesktopBridge): Client {
  const listeners: Listeners = new Map();
  bridge.onEvent((event, data) => emit(listeners, event, data));
  return {
    transport: 'electron',
    call: async <M extends Method>(method: M, params: ParamsOf<M>) => unwrap<ResultOf<M>>(await bridge.invoke(method, params)),
    on: (event, listener) => subscribe(listeners, event, listener),
    dataUrl: (path) => `voxbench://${path}`,
    pathOf: async (file) => bridge.pathForFile(file),
    pathsOf: async (files) => files.map((file) => bridge.pathForFile(file)),
  };
}

/** The per-launch token arrives in the page URL once; it is kept for this tab and removed from the address bar. */
function takeToken(): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('voxbench.token', fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
  }
  const token = fromUrl ?? sessionStorage.getItem('voxbench.token');
  if (!token) throw new CallError('NoToken', 'Open Voxbench with the address it printed at start (it carries the access token).');
  return token;
}

async function browserClient(): Promise<Client> {
  const token = takeToken();
  const socket = new WebSocket(`ws://${location.host}/rpc?token=${encodeURIComponent(token)}`);
  const pending = new Map<number, (reply: Reply<unknown>) => void>();
  const listeners: Listeners = new Map();
  let nextId = 1;
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as { id?: number; event?: EventName; data?: unknown } & Reply<unknown>;
    if (data.event) return emit(listeners, data.event, data.data);
    pending.get(data.id!)?.(data);
    pending.delete(data.id!);
  });
  socket.addEventListener('close', () => {
    const error: WireError = { kind: 'Disconnected', message: 'The Voxbench host closed the connection.' };
    pending.forEach((resolve) => resolve({ ok: false, error }));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new CallError('Disconnected', 'Cannot reach the Voxbench host (is it still running?).')), { once: true });
  });
  const dataUrl = (path: string) => `/data/${path}?token=${encodeURIComponent(token)}`;
  /** Sends one file to the host's upload folder; XMLHttpRequest, as fetch reports no upload progress. */
  function upload(file: File, folder?: string, onSent?: (bytes: number) => void): Promise<{ path: string; folder: string }> {
    const query = `&name=${encodeURIComponent(file.name)}${folder ? `&folder=${encodeURIComponent(folder)}` : ''}`;
    const request = new XMLHttpRequest();
    request.open('POST', `${dataUrl(uploadRoute.path({}))}${query}`);
    request.upload.onprogress = (event) => onSent?.(event.loaded);
    return new Promise((resolve, reject) => {
      const failed = (why: string) => reject(new CallError('UploadFailed', `Could not hand ${file.name} to the host: ${why}`));
      request.onload = () => (request.status >= 200 && request.status < 300 ? resolve(JSON.parse(request.responseText) as { path: string; folder: string }) : failed(request.responseText));
      request.onerror = () => failed('the connection was lost.');
      request.send(file);
    });
  }
  function call<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const id = nextId++;
    socket.send(JSON.stringify({ id, method, params }));
    return new Promise<ResultOf<M>>((resolve, reject) => {
      pending.set(id, (reply) => {
        try {
          resolve(unwrap<ResultOf<M>>(reply));
        } catch (error) {
          reject(error);
        }
      });
    });
  }
  return {
    transport: 'browser',
    call,
    on: (event, listener) => subscribe(listeners, event, listener),
    dataUrl,
    // A file the host already has (a recent scan of the same name, size and time) opens where it lies, not uploaded.
    pathOf: async (file) => (await call('files.onHost', { name: file.name, bytes: file.size, modified: file.lastModified })).path ?? (await upload(file)).path,
    async pathsOf(files, onProgress) {
      const paths: string[] = [];
      const total = files.reduce((sum, file) => sum + file.size, 0);
      let sent = 0;
      let folder: string | undefined;
      // One after the other: the first upload makes the folder the others join.
      for (const file of files) {
        const uploaded = await upload(file, folder, (bytes) => onProgress?.(sent + bytes, total));
        sent += file.size;
        folder = uploaded.folder;
        paths.push(uploaded.path);
      }
      return paths;
    },
  };
}

export function connect(): Promise<Client> {
  return window.voxbench ? Promise.resolve(desktopClient(window.voxbench)) : browserClient();
}
