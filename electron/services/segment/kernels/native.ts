import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Components, Connectivity, Labels, Mask, Mesh, Scalars } from './types.js';

/** The C++ addon's functions (native/src/addon.cc); dims and spacing are passed as plain numbers. */
export interface NativeKernels {
  labelComponents(mask: Mask, nx: number, ny: number, nz: number, connectivity: Connectivity): Components;
  distanceTransform(mask: Mask, nx: number, ny: number, nz: number, sx: number, sy: number, sz: number): Float32Array;
  /** Dilation (erode = false) or erosion by a ball of `mm`. */
  morphology(mask: Mask, nx: number, ny: number, nz: number, sx: number, sy: number, sz: number, mm: number, erode: boolean): Mask;
  growRegion(image: Scalars, nx: number, ny: number, nz: number, seeds: Float64Array, lo: number, hi: number, connectivity: Connectivity, allowed: Mask | null): Mask;
  /** lo = hi = null: no range. */
  growFromSeeds(image: Scalars, nx: number, ny: number, nz: number, seeds: Labels, lo: number | null, hi: number | null): Labels;
  /** In place, as AxisFilter in smoothing.ts. */
  filterAxis(volume: Float32Array, nx: number, ny: number, nz: number, axis: number, weights: Float64Array): void;
  /** perSliceAxis = -1 fills in 3-D. */
  fillHoles(mask: Mask, nx: number, ny: number, nz: number, perSliceAxis: number): Mask;
  marchingCubes(volume: Scalars, nx: number, ny: number, nz: number, sx: number, sy: number, sz: number, level: number): Mesh;
  /** One slice of the next pyramid level from two slices (lower null: an odd last one), as blockMean.ts. */
  halveSlices<T extends Scalars>(upper: T, lower: T | null, width: number, height: number, out: T): void;
  /** Folds the finite values into range [min, max], in place. */
  extendRange(values: Scalars, range: Float64Array): void;
  /**
   * Reads the listed chunks of an HDF5 dataset from `fd` (6 numbers each: address, stored size, filter mask, first
   * voxel x, y, z), undoes `filters` (HDF5's ids, in HDF5's order) on `threads` threads and copies their part inside
   * `regionBox` ([min x, y, z, max x, y, z]) into `region`, and their part inside `secondBox` (disjoint) into `secondRegion`:
   * decoded once for both. Null, or the first chunk (list position) that failed and why.
   */
  readHdf5Chunks(fd: number, filters: Uint32Array, elementSize: number, chunkShape: Float64Array, chunks: Float64Array, region: ArrayBufferView, regionBox: Float64Array, threads: number, secondRegion?: ArrayBufferView, secondBox?: Float64Array): Promise<{ chunk: number; reason: string } | null>;
  /** readHdf5Chunks with this thread decoding too, returning when done (a small read spared the hand-overs to and from a libuv thread). */
  readHdf5ChunksNow(fd: number, filters: Uint32Array, elementSize: number, chunkShape: Float64Array, chunks: Float64Array, region: ArrayBufferView, regionBox: Float64Array, threads: number): { chunk: number; reason: string } | null;
  /** Asks the kernel to start reading `length` bytes of `fd` at each offset into the page cache, and returns at once. */
  willNeed(fd: number, offsets: Float64Array, length: number): void;
  /** Inflates a zlib stream into `output` on a libuv thread (libdeflate): the bytes written, -1 damaged or cut short, -2 past `output`. */
  inflateZlib(stream: Uint8Array, output: Uint8Array): Promise<number>;
  /**
   * Decodes JPEG 2000 codestreams (frame i is `streams[offsets[i], offsets[i + 1])`) on `threads` threads into `target`,
   * frame i at i × rows × columns × width bytes, each sample in `width` (1 or 2) bytes little-endian. The frames that
   * failed and why. Absent where OpenJPEG did not compile (build/native.mjs leaves it out).
   */
  decodeJ2kFrames?(streams: Uint8Array, offsets: Float64Array, target: Uint8Array, rows: number, columns: number, width: number, threads: number): Promise<{ frame: number; reason: string }[]>;
}

const ADDON = join('native', 'build', 'voxbench_kernels.node');

/** The addon built by build/native.mjs, found by walking up from this module (source tree or dist/electron/). */
export function loadNativeKernels(): NativeKernels | undefined {
  if (process.env.VOXBENCH_KERNELS === 'typescript') return undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    const path = join(dir, ADDON);
    if (!existsSync(path)) continue;
    try {
      return createRequire(import.meta.url)(path) as NativeKernels;
    } catch (error) {
      // A stale or foreign-platform build: the TypeScript kernels serve instead.
      console.warn(`voxbench: native kernels at ${path} did not load (${(error as Error).message}); using TypeScript kernels`);
      return undefined;
    }
  }
  return undefined;
}
