// An HTTP proxy in front of the gateway that logs every S3 request with its answer, so tests can count
// which parts were sent (and re-sent), and see them as they complete.
import { EventEmitter } from 'node:events';
import { createServer, request, type IncomingMessage } from 'node:http';

export interface Logged {
  method: string;
  key: string;
  partNumber?: number;
  uploadId?: string;
  status?: number;
}

export interface CountingProxy {
  url: string;
  log: Logged[];
  /** 'response' with each Logged once its answer is complete. */
  events: EventEmitter;
  /** When set, a request it answers with a promise for waits for it before going to the gateway (a test looks at the
   * client's files at that moment). */
  hold?: (entry: Logged) => Promise<void> | undefined;
  /** Successful UploadPart requests, as "key#part". */
  storedParts(from?: number): string[];
  close(): Promise<void>;
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const log: Logged[] = [];
  const events = new EventEmitter();
  const proxy = {} as CountingProxy;
  const server = createServer(async (incoming: IncomingMessage, outgoing) => {
    const url = new URL(incoming.url!, upstream);
    const part = url.searchParams.get('partNumber');
    const entry: Logged = { method: incoming.method!, key: decodeURIComponent(url.pathname), ...(part && { partNumber: Number(part), uploadId: url.searchParams.get('uploadId')! }) };
    log.push(entry);
    await proxy.hold?.(entry);
    const forward = request(url, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(outgoing);
      answer.on('end', () => {
        entry.status = answer.statusCode;
        events.emit('response', entry);
      });
    });
    forward.on('error', () => outgoing.destroy());
    incoming.on('error', () => forward.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    log,
    events,
    storedParts: (from = 0) => log.slice(from).filter((entry) => entry.method === 'PUT' && entry.partNumber && entry.status === 200).map(({ key, partNumber }) => `${key}#${partNumber}`),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
