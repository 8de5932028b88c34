// Opening a volume under the pyramid size reads every slice once for its value range: the slabs are decoded by
// several threads (bandedReads.ts) and may be kept, so the renderer's fetch of the same slabs right after takes
// them instead of decoding the volume a second time (each is handed over once; what is kept is under the pyramid size).
import type { OpenOptions } from '../io/reader.js';
import { bandedSource } from './bandedReads.js';
import { extendRange } from './blockMean.js';
import { slabs, type ValueStats, type VolumeSource, type VoxelArray } from './model.js';

/** Slabs read at open, by `${z0}/${count}`. */
export type KeptSlabs = Map<string, VoxelArray>;

const slabKey = (z0: number, count: number) => `${z0}/${count}`;

/**
 * Min and max of the finite values, slab by slab, in the addon where it loaded (the open needs no mean: a pass in
 * JavaScript took 120 ms of a 256³ scan's open, and 38-120 ms of a 4 GiB file's centre slice while the other two
 * decoded). Progress in slices read.
 */
export async function valueRange(source: VolumeSource, onProgress?: (slices: number) => void): Promise<ValueStats> {
  const range = Float64Array.of(Infinity, -Infinity);
  const slice = source.meta.dims[0] * source.meta.dims[1];
  let slices = 0;
  for await (const slab of slabs(source)) {
    extendRange(range, slab);
    onProgress?.((slices += slab.length / slice));
  }
  return range[0]! <= range[1]! ? { min: range[0]!, max: range[1]!, mean: NaN } : { min: 0, max: 0, mean: NaN };
}

/** The value range of `scan` (opened from `path` in this thread), its slabs decoded by this thread and its helpers, kept in `kept` if given. */
export async function rangeAtOpen(scan: VolumeSource, path: string, options: OpenOptions, { kept, onProgress }: { kept?: KeptSlabs; onProgress?: (slices: number) => void }): Promise<ValueStats> {
  // Closing the banded source stops its helpers only: the scan stays open for the reads to come.
  const decoding = bandedSource({ ...scan, close: async () => undefined }, path, options, { ownBand: true });
  try {
    const readSlab = async (z0: number, count: number) => {
      const slab = await decoding.readSlab(z0, count);
      kept?.set(slabKey(z0, count), slab);
      return slab;
    };
    return await valueRange({ ...decoding, readSlab }, onProgress);
  } catch (error) {
    kept?.clear();
    throw error;
  } finally {
    await decoding.close();
  }
}

/** `source` with each slab in `kept` handed over (once) instead of read again. */
export function servingKept(source: VolumeSource, kept: KeptSlabs): VolumeSource {
  return {
    ...source,
    async readSlab(z0, count) {
      const slab = kept.get(slabKey(z0, count));
      if (!slab) return source.readSlab(z0, count);
      kept.delete(slabKey(z0, count)); // its buffer travels to the caller
      return slab;
    },
    async close() {
      kept.clear();
      await source.close();
    },
  };
}
