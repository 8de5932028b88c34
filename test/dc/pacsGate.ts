// A PACS that answers slowly on demand: an HTTP proxy in front of Orthanc that lets the first WADO-RS instance
// requests through and holds the rest until the test releases them, so a test sees a series half arrived.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pacs } from './orthanc.js';

export interface PacsGate {
  /** DICOMweb root through the gate. */
  dicomWeb: string;
  /** Instance requests waiting. */
  held(): number;
  /** Lets the held requests and every later one through. */
  release(): void;
  close(): Promise<void>;
}

/** One instance's WADO-RS path (not the instance list, not a rendered thumbnail). */
const INSTANCE = /\/studies\/[\d.]+\/series\/[\d.]+\/instances\/[\d.]+$/;

export async function gatePacs(pacs: Pacs, { passFirst = 1 } = {}): Promise<PacsGate> {
  const target = new URL(pacs.rest);
  const waiting: (() => void)[] = [];
  let open = false;
  let passed = 0;
  const server = createServer((req, res) => {
    const forward = () => {
      const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    if (open || !INSTANCE.test((req.url ?? '').split('?')[0]!) || passed++ < passFirst) forward();
    else waiting.push(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dicomWeb: `http://127.0.0.1:${port}/dicom-web`,
    held: () => waiting.length,
    release() {
      open = true;
      for (const forward of waiting.splice(0)) forward();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
