// The part hasher's thread: reads a part of a file into the uploader's shared buffer and returns its MD5,
// so neither the read nor the hash runs on the main event loop.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

export interface PartRequest {
  id: number;
  path: string;
  start: number;
  length: number;
  shared: SharedArrayBuffer;
}

/** `ready` is posted once, when the thread listens. */
export type PartReply = { ready: true } | { id: number; md5: string } | { id: number; error: { kind: string; message: string } };

async function hashPart({ id, path, start, length, shared }: PartRequest): Promise<PartReply> {
  const handle = await open(path, 'r');
  try {
    const bytes = new Uint8Array(shared, 0, length);
    const { bytesRead } = await handle.read(bytes, 0, length, start);
    if (bytesRead !== length) return { id, error: { kind: 'FileChanged', message: `${path} is shorter than when it was queued.` } };
    return { id, md5: createHash('md5').update(bytes).digest('hex') };
  } finally {
    await handle.close();
  }
}

parentPort!.on('message', (request: PartRequest) => {
  hashPart(request).then(
    (reply) => parentPort!.postMessage(reply),
    (error: Error) => parentPort!.postMessage({ id: request.id, error: { kind: 'FileUnreadable', message: `${request.path}: ${error.message}` } }),
  );
});
parentPort!.postMessage({ ready: true } satisfies PartReply);
