// Reads and MD5-hashes upload parts, and feeds them to their file's SHA-256, in one worker thread shared by every
// upload of its queue (hashing 8 MiB on the event loop stalls the other parts' sockets). The worker keeps the
// process alive only while it works.
import { WorkerClient } from '../../workers/client.js';
import { WorkerPool } from '../../workers/pool.js';
import type { FeedRequest, PartHashCalls, PartRequest } from './partHashWorker.js';

export class PartHasher {
  /** One thread, many parts in flight; a crashed one is replaced on the next part. */
  private readonly pool = new WorkerPool(() => new WorkerClient<PartHashCalls>('partHashWorker', { name: 'The part hasher' }), 1, Infinity);

  /** Starts the thread ahead of the first part (while the job is queued and its upload created); resolves when it listens. */
  ready(): Promise<void> {
    return this.pool.warm();
  }

  /** Reads `length` bytes of `path` from `start` into `shared` (from its beginning); resolves to their MD5 in hex,
   * and whether the SHA-256 `stream` took them (it does when they are its next bytes). */
  readAndHash(part: PartRequest): Promise<{ md5: string; streamed: boolean }> {
    return this.pool.request('hash', part);
  }

  /** Feeds the next bytes of a file's SHA-256 (see FeedRequest); resolves once the thread has taken them. */
  feed(request: FeedRequest): Promise<null> {
    return this.pool.request('feed', request);
  }

  /** The SHA-256 in hex of a stream fed `size` bytes. */
  digest(stream: string, size: number): Promise<string> {
    return this.pool.request('digest', { stream, size });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
