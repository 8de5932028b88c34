// Decoded chunks of a chunked reader kept in memory up to a byte budget, least recently used out first: a slice
// read again, or its neighbour along any axis, is copied from memory instead of decoded again (h5wasm closes the
// dataset after every read, and HDF5's own chunk cache with it).
import { totalmem } from 'node:os';
import type { Vec3 } from '../../common/contract.js';
import { bytesPerVoxel, voxelArray, type Box, type VolumeSource, type VoxelArray } from './model.js';

/** Decoded chunks kept per open volume: an eighth of the machine's memory, at most 1 GiB. */
export const decodedChunkBudget = (): number => Math.min(1 << 30, Math.floor(totalmem() / 8));

/** The chunks (index ranges per axis, max excluded) a box cuts. */
function chunkRange({ min, max }: Box, chunks: Vec3): Box {
  return { min: min.map((v, axis) => Math.floor(v / chunks[axis]!)) as Vec3, max: max.map((v, axis) => Math.ceil(v / chunks[axis]!)) as Vec3 };
}

/** Copies the part of `from` (voxels of box `fromBox`) that lies in `toBox` into `to` (voxels of `toBox`). */
export function copyOverlap(from: VoxelArray, fromBox: Box, to: VoxelArray, toBox: Box): void {
  const lo = fromBox.min.map((v, axis) => Math.max(v, toBox.min[axis]!)) as Vec3;
  const hi = fromBox.max.map((v, axis) => Math.min(v, toBox.max[axis]!)) as Vec3;
  const width = hi[0] - lo[0];
  if (width <= 0 || hi[1] <= lo[1] || hi[2] <= lo[2]) return;
  const [fw, fh] = [fromBox.max[0] - fromBox.min[0], fromBox.max[1] - fromBox.min[1]];
  const [tw, th] = [toBox.max[0] - toBox.min[0], toBox.max[1] - toBox.min[1]];
  for (let z = lo[2]; z < hi[2]; z++) {
    for (let y = lo[1]; y < hi[1]; y++) {
      const source = ((z - fromBox.min[2]) * fh + y - fromBox.min[1]) * fw + lo[0] - fromBox.min[0];
      const target = ((z - toBox.min[2]) * th + y - toBox.min[1]) * tw + lo[0] - toBox.min[0];
      // A sagittal slice copies one voxel per row: a loop beats a subarray per voxel.
      if (width < 16) for (let x = 0; x < width; x++) to[target + x] = from[source + x]!;
      else to.set(from.subarray(source, source + width), target);
    }
  }
}

/**
 * `source` with its region reads served from a cache of whole decoded chunks once all the chunks a box cuts are
 * in it; until then a box is read straight from the file (as fast as before) and the chunks it cut are decoded
 * into the cache between requests, one at a time, so a request waits for at most one chunk. Other sources as they are.
 */
export function withDecodedChunks(source: VolumeSource, budgetBytes: number): VolumeSource {
  const { chunks, readRegion, meta } = source;
  if (!chunks || !readRegion) return source;
  const { dims, dtype } = meta;
  /** By chunk index "x/y/z"; a Map iterates oldest first, so a hit is moved to the end. */
  const cache = new Map<string, VoxelArray>();
  let held = 0;
  /** Chunks to decode when no request runs, the latest request's first. */
  let toFill: Vec3[] = [];
  let requests = 0;
  let filling = false;

  const chunkBox = (index: Vec3): Box => ({
    min: index.map((i, axis) => i * chunks[axis]!) as Vec3,
    max: index.map((i, axis) => Math.min(dims[axis]!, (i + 1) * chunks[axis]!)) as Vec3,
  });
  const chunkBytes = chunks.reduce((n, extent) => n * extent, bytesPerVoxel(dtype));

  function keep(key: string, voxels: VoxelArray): void {
    if (cache.has(key) || voxels.byteLength > budgetBytes) return;
    cache.set(key, voxels);
    held += voxels.byteLength;
    for (const [oldest, dropped] of cache) {
      if (held <= budgetBytes) break;
      cache.delete(oldest);
      held -= dropped.byteLength;
    }
  }

  /** The chunks a box cuts, kept ones moved to the most recently used end. */
  const cut = (box: Box): { index: Vec3; voxels?: VoxelArray }[] => {
    const { min, max } = chunkRange(box, chunks);
    const found: { index: Vec3; voxels?: VoxelArray }[] = [];
    for (let cz = min[2]; cz < max[2]; cz++) {
      for (let cy = min[1]; cy < max[1]; cy++) {
        for (let cx = min[0]; cx < max[0]; cx++) {
          const index: Vec3 = [cx, cy, cz];
          const key = index.join('/');
          const voxels = cache.get(key);
          if (voxels) {
            cache.delete(key);
            cache.set(key, voxels);
          }
          found.push({ index, voxels });
        }
      }
    }
    return found;
  };

  async function fill(): Promise<void> {
    try {
      while (toFill.length > 0 && requests === 0) {
        const index = toFill.shift()!;
        const key = index.join('/');
        if (!cache.has(key)) keep(key, await readRegion!(chunkBox(index)));
        await new Promise((resolve) => setImmediate(resolve)); // a waiting request goes first
      }
    } catch {
      toFill = []; // the request that reads this part of the file will report why
    } finally {
      filling = false;
    }
  }

  return {
    ...source,
    async readRegion(box) {
      const found = cut(box);
      if (found.every(({ voxels }) => voxels)) {
        const region = voxelArray(dtype, new ArrayBuffer(box.max.reduce((n, v, axis) => n * (v - box.min[axis]!), bytesPerVoxel(dtype))));
        for (const { index, voxels } of found) copyOverlap(voxels!, chunkBox(index), region, box);
        return region;
      }
      requests++;
      try {
        return await readRegion!(box);
      } finally {
        requests--;
        const missing = found.filter(({ voxels }) => !voxels).map(({ index }) => index);
        toFill = [...missing, ...toFill].slice(0, Math.floor(budgetBytes / chunkBytes));
        if (!filling) {
          filling = true;
          setImmediate(() => void fill()); // after this reply has gone
        }
      }
    },
  };
}
