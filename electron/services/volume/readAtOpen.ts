// Opening a volume under the pyramid size reads every slice once for its value range: the slabs are decoded by
// several threads (bandedReads.ts) and may be kept, so the renderer's fetch of the same slabs right after takes
// them instead of decoding the volume a second time (each is handed over once; what is kept is under the pyramid size).
import type { OpenOptions } from '../io/reader.js';
import { bandedSource } from './bandedReads.js';
import { valueStats, type ValueStats, type VolumeSource, type VoxelArray } from './model.js';

/** Slabs read at open, by `${z0}/${count}`. */
export type KeptSlabs = Map<string, VoxelArray>;

const slabKey = (z0: number, count: number) => `${z0}/${count}`;

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
    return await valueStats({ ...decoding, readSlab }, onProgress);
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
