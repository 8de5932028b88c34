// The part hasher's thread: reads a part of a file into the uploader's shared buffer and returns its MD5,
// so neither the read nor the hash runs on the main event loop.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { VoxbenchError } from '../../common/errors.js';
import { serveRequests } from '../../workers/serve.js';

export interface PartRequest {
  path: string;
  start: number;
  length: number;
  shared: SharedArrayBuffer;
}

/** The reply is the part's MD5 in hex. */
export type PartHashCalls = { hash: { request: PartRequest; reply: string } };

async function hashPart({ path, start, length, shared }: PartRequest): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const bytes = new Uint8Array(shared, 0, length);
    const { bytesRead } = await handle.read(bytes, 0, length, start);
    if (bytesRead !== length) throw new VoxbenchError('FileChanged', `${path} is shorter than when it was queued.`);
    return createHash('md5').update(bytes).digest('hex');
  } finally {
    await handle.close();
  }
}

serveRequests<PartHashCalls>({
  hash: (request) =>
    hashPart(request).catch((error: Error) => {
      throw error instanceof VoxbenchError ? error : new VoxbenchError('FileUnreadable', `${request.path}: ${error.message}`);
    }),
});
