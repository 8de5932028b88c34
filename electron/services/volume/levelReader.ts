// Pyramid level reads for the main thread (Electron's, the web host's event loop): fetching, decoding and copying
// run in one level worker (levelWorker.ts) owned by the services, started on the first read or in-place open.
import { WorkerClient } from '../../workers/client.js';
import { WorkerPool } from '../../workers/pool.js';
import type { Box, VoxelArray } from './model.js';
import type { LevelCalls } from './levelWorker.js';
import { type OmeZarrImage, omeZarrImage } from './omeZarrOpen.js';
import type { ZarrLocation } from './zarrStores.js';

export class LevelReader {
  /** One thread, many reads in flight; a crashed one is replaced on the next read. */
  private readonly pool = new WorkerPool(() => new WorkerClient<LevelCalls>('levelWorker', { name: 'The pyramid level reader' }), 1, Infinity);

  /** A level's region, fetched and decoded in the level worker. */
  readonly read = (location: ZarrLocation, level: number, box: Box): Promise<VoxelArray> => this.pool.request('level', { location, level, box });

  /** Opens an image in the thread (started if need be), its reads sent there: the metadata is read once, there, and
   * the first slice waits neither for the boot nor for the metadata read again. */
  async open(location: ZarrLocation): Promise<OmeZarrImage> {
    return omeZarrImage(location, await this.pool.request('levels', { location }), (level, box) => this.read(location, level, box));
  }

  /** Starts the thread ahead of an in-place open (the data centre's datasets are listed: Open is a click away), so
   * Open waits for the metadata only. */
  warm(): void {
    if (this.pool.threads === 0) void this.pool.request('settle', null).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.pool.threads > 0) await this.pool.request('settle', null).catch(() => undefined); // its chunk cache writes follow its replies
    await this.pool.close();
  }
}
