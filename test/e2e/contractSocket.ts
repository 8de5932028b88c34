// Contract calls over browser mode's own WebSocket, as a second client makes them: for e2e tests that set up
// state (segments, edits) through the contract while the page shows the result.
import WebSocket from 'ws';
import type { Method, ParamsOf, ResultOf } from '../../electron/common/contract';

export interface ContractSocket {
  call<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  close(): void;
}

/** `serverUrl` is the address browser mode printed (it carries the token). */
export async function connectContract(serverUrl: string): Promise<ContractSocket> {
  const url = new URL(serverUrl);
  const socket = new WebSocket(`ws://${url.host}/rpc?token=${url.searchParams.get('token')}`, { origin: url.origin });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  return {
    call(method, params) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => {
        const listen = (data: WebSocket.RawData) => {
          const reply = JSON.parse(String(data)) as { id?: number; ok: boolean; result?: unknown; error?: { message: string } };
          if (reply.id !== id) return;
          socket.off('message', listen);
          if (reply.ok) resolve(reply.result as never);
          else reject(new Error(reply.error!.message));
        };
        socket.on('message', listen);
      });
    },
    close: () => socket.close(),
  };
}
