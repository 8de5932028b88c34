// Every contract entry is wired through the Electron transport (with Electron's IPC objects stood in for).
import { describe, expect, test } from 'vitest';
import { desktopBridge, type IpcRendererLike } from '../../electron/common/bridge';
import { methods } from '../../electron/common/contract';
import type { Host } from '../../electron/shell/host';
import { registerIpc, type IpcMainLike } from '../../electron/shell/ipc';

type Listener = Parameters<IpcMainLike['handle']>[1];

function wire() {
  const handlers = new Map<string, Listener>();
  const dispatched: string[] = [];
  const host = { dispatch: async (method: string) => (dispatched.push(method), { ok: true, result: method }) } as unknown as Host;
  registerIpc({ handle: (channel, listener) => void handlers.set(channel, listener), on: () => undefined }, host);
  return { handlers, dispatched };
}

describe('Electron transport', () => {
  test('main registers one handler per contract entry, and each reaches dispatch', async () => {
    const { handlers, dispatched } = wire();
    expect([...handlers.keys()].sort()).toEqual([...methods].sort());
    for (const handler of handlers.values()) await handler({ senderFrame: { url: 'voxbench://app/index.html' } }, {});
    expect(dispatched.sort()).toEqual([...methods].sort());
  });

  test('calls from any other page are refused, look-alikes of our origin included', async () => {
    const { handlers, dispatched } = wire();
    for (const url of ['https://example.org/', 'voxbench://app.evil/', 'voxbench://app@evil/', 'voxbench://evil/app']) {
      const reply = await handlers.get('volume.list')!({ senderFrame: { url } }, {});
      expect(reply).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    }
    expect(await handlers.get('volume.list')!({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    expect(dispatched).toEqual([]);
  });

  test('the page bridge passes every contract call and event through', async () => {
    const { handlers } = wire();
    const listeners: ((event: unknown, name: never, data: unknown) => void)[] = [];
    const ipc: IpcRendererLike = {
      invoke: async (channel, params) => {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return handler({ senderFrame: { url: 'voxbench://app/index.html' } }, params);
      },
      on: (_channel, listener) => void listeners.push(listener),
      removeListener: () => undefined,
    };
    const bridge = desktopBridge(ipc, () => '/picked/file.nii');
    for (const method of methods) expect(await bridge.invoke(method, {})).toEqual({ ok: true, result: method });
    expect(await bridge.invoke('no.such.call', {})).toMatchObject({ ok: false, error: { kind: 'BridgeError' } });
    const seen: unknown[] = [];
    bridge.onEvent((name, data) => seen.push([name, data]));
    listeners.forEach((listener) => listener(null, 'progress' as never, { done: 1 }));
    expect(seen).toEqual([['progress', { done: 1 }]]);
  });
});
