// The one client of this page: main.tsx connects once at start and sets it before anything renders, so every
// module asks for it the same way and none receives it through props or stores.
import type { Client } from '../../electron/common/contract';

let current: Client | undefined;

export function setClient(connected: Client): void {
  if (current) throw new Error('renderer/client/client.ts: the client is set once, at start (main.tsx).');
  current = connected;
}

export function client(): Client {
  if (!current) throw new Error('renderer/client/client.ts: client() was called before main.tsx connected.');
  return current;
}
