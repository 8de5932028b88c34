// An OME-Zarr opened in place in browser mode as a user starts it (`voxbench serve` from dist/, its bundled
// workers) and driven as the page drives it, without a page: volume.open over its WebSocket, slices over /data/,
// with a chunk cache of its own. For the by-hand runs (inPlaceSlice.ts, publishHuge.ts); needs node build/build.mjs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VolumeInfo } from '../../electron/common/contract';
import { routes } from '../../electron/common/routes';
import { exited } from '../dc/dataCentre';
import { connectContract } from '../e2e/contractSocket';
import { startBrowserMode } from '../e2e/harness';

const ms = (from: number) => performance.now() - from;
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface InPlaceTimes {
  /** Open's reply, ms after it was sent. */
  opened: number;
  /** The centre slice across `axis`, ms after Open was sent, and its bytes. */
  first: number;
  centre: number;
  firstSlice: Uint8Array;
  /** Each of the next 10 slices, ms. */
  warm: number[];
  /** Any other slice across `axis`, for pixel checks. */
  slice(index: number): Promise<Uint8Array>;
}

/** Opens `path` (s3://… or https://…; targets and credentials from the environment) and times slices across `axis`. */
export async function timeInPlace(path: string, axis: number, check: (times: InPlaceTimes, info: VolumeInfo) => Promise<void>): Promise<void> {
  const cache = await mkdtemp(join(tmpdir(), 'voxbench-bench-cache-'));
  process.env.XDG_CACHE_HOME = cache; // a fresh chunk cache
  const server = await startBrowserMode();
  const contract = await connectContract(server.url);
  try {
    const started = performance.now();
    const info = await contract.call('volume.open', { path });
    const opened = ms(started);
    const { origin, searchParams } = new URL(server.url);
    const slice = async (index: number) => {
      const response = await fetch(`${origin}/data/${routes.volumeSlice.path({ volumeId: info.id, axis, index })}?token=${searchParams.get('token')}`);
      if (!response.ok) throw new Error(`slice ${index}: ${response.status} ${await response.text()}`);
      return new Uint8Array(await response.arrayBuffer());
    };
    const centre = Math.floor(info.dims[axis]! / 2);
    const firstSlice = await slice(centre);
    const first = ms(started);
    const warm: number[] = [];
    for (let index = centre + 1; index <= centre + 10; index++) {
      const from = performance.now();
      await slice(index);
      warm.push(ms(from));
    }
    await check({ opened, first, centre, firstSlice, warm, slice }, info);
  } finally {
    contract.close();
    server.stop();
    await exited(server.process);
    await rm(cache, { recursive: true, force: true });
  }
}

/** One line of a run's report. */
export const describeTimes = ({ opened, first, centre, warm }: InPlaceTimes, axis: number) =>
  `axis ${'xyz'[axis]} slice ${centre}: opened ${opened.toFixed(0)} ms, first full-resolution slice ${first.toFixed(0)} ms after Open; next 10 ${Math.min(...warm).toFixed(0)}–${Math.max(...warm).toFixed(0)} ms (median ${median(warm).toFixed(0)})`;
