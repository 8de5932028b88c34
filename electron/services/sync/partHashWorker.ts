// The part hasher's thread: reads a part of a file into the uploader's shared buffer and returns its MD5, and
// feeds the parts in order to the file's SHA-256, so neither the reads nor the hashes run on the main event loop.
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { VoxbenchError } from '../../common/errors.js';
import { serveRequests } from '../../workers/serve.js';

export interface PartRequest {
  path: string;
  start: number;
  length: number;
  shared: SharedArrayBuffer;
  /** The file's SHA-256 stream, which takes the part at once when it is the stream's next (as parts mostly are). */
  stream?: string;
}

/** The next `length` bytes of a file's SHA-256 `stream`, from `offset` (0 starts the stream afresh): in `shared`
 * (a part read for upload), or read here from `path` (a part stored before this run). */
export interface FeedRequest {
  stream: string;
  offset: number;
  length: number;
  source: { shared: SharedArrayBuffer } | { path: string };
}

/** hash: the part's MD5 in hex, and whether its stream took it; feed: nothing; digest: the stream's SHA-256 in
 * hex, once it holds `size` bytes. */
export type PartHashCalls = {
  hash: { request: PartRequest; reply: { md5: string; streamed: boolean } };
  feed: { request: FeedRequest; reply: null };
  digest: { request: { stream: string; size: number }; reply: string };
};

async function readPart(path: string, bytes: Uint8Array, start: number): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
    if (bytesRead !== bytes.length) throw new VoxbenchError('FileChanged', `${path} is shorter than when it was queued.`);
  } finally {
    await handle.close();
  }
}

/** Each file's SHA-256 so far, and how many bytes it has taken. */
const streams = new Map<string, { hash: Hash; bytes: number }>();

async function hashPart({ path, start, length, shared, stream }: PartRequest): Promise<{ md5: string; streamed: boolean }> {
  const bytes = new Uint8Array(shared, 0, length);
  await readPart(path, bytes, start);
  const md5 = createHash('md5').update(bytes).digest('hex');
  if (stream !== undefined && start === 0) streams.set(stream, { hash: createHash('sha256'), bytes: 0 });
  const state = stream === undefined ? undefined : streams.get(stream);
  if (state?.bytes !== start) return { md5, streamed: false };
  state.hash.update(bytes);
  state.bytes += length;
  return { md5, streamed: true };
}

async function feed({ stream, offset, length, source }: FeedRequest): Promise<null> {
  if (offset === 0) streams.set(stream, { hash: createHash('sha256'), bytes: 0 });
  const state = streams.get(stream);
  // A thread replaced after a crash lost the hash so far: the upload fails and its resume hashes the file again.
  if (state?.bytes !== offset) throw new VoxbenchError('HashOutOfOrder', `The SHA-256 of ${stream} is at byte ${state?.bytes ?? 'none'}, not ${offset}.`);
  let bytes: Uint8Array;
  if ('shared' in source) bytes = new Uint8Array(source.shared, 0, length);
  else await readPart(source.path, (bytes = new Uint8Array(length)), offset);
  state.hash.update(bytes);
  state.bytes += length;
  return null;
}

function digest({ stream, size }: { stream: string; size: number }): string {
  const state = streams.get(stream);
  if (state?.bytes !== size) throw new VoxbenchError('HashOutOfOrder', `The SHA-256 of ${stream} took ${state?.bytes ?? 'no'} bytes of ${size}.`);
  streams.delete(stream);
  return state.hash.digest('hex');
}

/** Errors as typed values naming the file. */
const named = (path: string) => (error: Error) => {
  throw error instanceof VoxbenchError ? error : new VoxbenchError('FileUnreadable', `${path}: ${error.message}`);
};

serveRequests<PartHashCalls>({
  hash: (request) => hashPart(request).catch(named(request.path)),
  feed: (request) => feed(request).catch(named('path' in request.source ? request.source.path : request.stream)),
  digest,
});
