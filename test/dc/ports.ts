// A free TCP port on 127.0.0.1 for a test server, taken at random below the kernel's ephemeral range (32768-60999 here):
// a port asked of the kernel (listen on 0) comes from that range, and once released any outgoing connection of a test
// running beside it could take it as its source port before the server binds it (a Ceph monitor then failed to start).
import { createServer } from 'node:net';

/** Test servers' ports: 10000-23999; the RGW's OSDs take 100-port windows in 24000-31999 (rgw.ts). */
const [LOWEST, COUNT] = [10_000, 14_000];

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

export async function freePort(): Promise<number> {
  for (;;) {
    const port = LOWEST + Math.floor(Math.random() * COUNT);
    if (await isFree(port)) return port;
  }
}
