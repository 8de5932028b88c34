// Pages stored as strips of whole rows, in order, read straight into their place in the slab: uncompressed strips read
// into it, deflate strips inflated into it by the addon (geotiff's way, a block each then a copy of every row, cost
// twice the inflating).
import type { FileHandle } from 'node:fs/promises';
import { readAt } from './rawVoxels.js';
import { inflateInto } from './tiffCodecs.js';

/** Where a page's strips lie in the file and their stored sizes. */
export interface Strips {
  offsets: number[];
  counts: number[];
}

export async function readRawStrips(handle: FileHandle, { offsets }: Strips, stripBytes: number, target: Uint8Array): Promise<void> {
  for (let i = 0; i * stripBytes < target.length; i++) {
    const part = target.subarray(i * stripBytes, (i + 1) * stripBytes);
    if (offsets[i] === undefined) throw new Error(`it has ${offsets.length} strips, too few for its rows`);
    const { bytesRead } = await handle.read(part, 0, part.length, offsets[i]);
    if (bytesRead < part.length) throw new Error(`strip ${i + 1} ends early`);
  }
}

/** All of the page's strips at once, so their reads and inflating overlap on the thread pool. */
export async function inflateStrips(handle: FileHandle, { offsets, counts }: Strips, stripBytes: number, target: Uint8Array): Promise<void> {
  const strips = Math.ceil(target.length / stripBytes);
  if (offsets.length < strips || counts.length < strips) throw new Error(`it has ${Math.min(offsets.length, counts.length)} strips, too few for its rows`);
  await Promise.all(
    Array.from({ length: strips }, async (_, i) => {
      const part = target.subarray(i * stripBytes, (i + 1) * stripBytes);
      if ((await inflateInto(await readAt(handle, offsets[i]!, counts[i]!), part)) < part.length) throw new Error(`strip ${i + 1} decodes to fewer bytes than its rows need`);
    }),
  );
}
