// OME-NGFF 0.4 multiscale images as Zarr v2 on the local disk: Voxbench's pyramid cache. Zarr v2 (not v3) so
// that tools of the zarr 2.x era read it too. Arrays are [z, y, x] in C order, so chunk bytes run x fastest
// like Voxbench's slabs; level n is array "n", chunk files are "n/cz/cy/cx".
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, deflateRaw, inflate } from 'node:zlib';
import type { Dtype, Vec3 } from '../contract.js';
import { VoxbenchError } from '../errors.js';
import { indexToWorld } from './geometry.js';
import { type Box, bytesPerVoxel, type VolumeMeta, type VolumeSource, type VoxelArray, voxelArray } from './model.js';

export const CHUNK_SIDE = 64;
/** Bumped when the layout changes; a store of another version is not ours to read. */
export const LAYOUT_VERSION = 1;

/** Everything Voxbench knows and OME cannot say (direction, value range, source), kept under `voxbench`. */
export interface PyramidMeta extends VolumeMeta {
  range: [number, number];
}

export interface PyramidLevel {
  /** Voxels [x, y, z]. */
  dims: Vec3;
  /** Chunk sides [x, y, z]. */
  chunks: Vec3;
}

export interface OmeZarrImage {
  dir: string;
  meta: PyramidMeta;
  levels: PyramidLevel[];
  /** Voxels of a box of one level, x fastest; reads only the chunks the box meets. */
  readRegion(level: number, box: Box): Promise<VoxelArray>;
  /** One level as a volume of its own, with the spacing and origin of its coarser grid. */
  levelSource(level: number): VolumeSource;
}

const ZARR_TYPES: Record<Dtype, string> = { uint8: '|u1', int8: '|i1', uint16: '<u2', int16: '<i2', uint32: '<u4', int32: '<i4', float32: '<f4', float64: '<f8' };

/** OME-NGFF unit names of the length units readers report. */
const OME_UNITS: Record<string, string> = { nm: 'nanometer', µm: 'micrometer', μm: 'micrometer', um: 'micrometer', mm: 'millimeter', cm: 'centimeter', m: 'meter', Å: 'angstrom' };

const ZLIB_HEADER = Uint8Array.of(0x78, 0x01);
/** An empty final deflate block: closes a stream of sync-flushed pieces. */
const DEFLATE_END = Uint8Array.of(0x03, 0x00);
const ADLER_MOD = 65521;
/** Chunks compressed or decoded at once (node's zlib runs them on its thread pool). */
const PARALLEL = 8;

const deflatePiece = promisify(deflateRaw);
const inflateChunk = promisify(inflate);
const zyx = (v: readonly number[]) => [v[2]!, v[1]!, v[0]!];
const chunkSides = (dims: Vec3) => dims.map((side) => Math.min(CHUNK_SIDE, side)) as Vec3;

/** JSON in ASCII: zarr-python 2 decodes metadata files as ASCII, and units like µm are not. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Runs tasks with at most `limit` in flight. */
export async function inParallel(tasks: (() => Promise<void>)[], limit = PARALLEL): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, run));
}

/** Spacing and origin (world position of voxel 0) of level n, whose voxels each average 2ⁿ per side. */
export function levelGeometry(meta: Pick<VolumeMeta, 'spacing' | 'origin' | 'direction'>, level: number): { spacing: Vec3; origin: Vec3 } {
  const shift = (2 ** level - 1) / 2;
  return { spacing: meta.spacing.map((side) => side * 2 ** level) as Vec3, origin: indexToWorld(meta, [shift, shift, shift]) };
}

function omeAttributes(meta: PyramidMeta, levels: Vec3[]) {
  const unit = OME_UNITS[meta.unit];
  const axes = ['z', 'y', 'x'].map((name) => ({ name, type: 'space', ...(unit ? { unit } : {}) }));
  const datasets = levels.map((_, level) => {
    const { spacing, origin } = levelGeometry(meta, level);
    // OME has no rotation: positions are in the frame of the image axes (LPS world turned by directionᵀ).
    const inImageFrame = [0, 1, 2].map((col) => [0, 1, 2].reduce((sum, row) => sum + meta.direction[row * 3 + col]! * origin[row]!, 0) + 0);
    const transforms = [
      { type: 'scale', scale: zyx(spacing) },
      { type: 'translation', translation: zyx(inImageFrame) },
    ];
    return { path: String(level), coordinateTransformations: transforms };
  });
  const method = 'Voxbench 2×2×2 block mean of the level above; integers rounded half up; odd edges average the voxels that exist';
  return {
    multiscales: [{ version: '0.4', name: meta.name, axes, datasets, type: 'mean', metadata: { method, version: LAYOUT_VERSION } }],
    voxbench: { version: LAYOUT_VERSION, ...meta },
  };
}

/** zlib (level 1) halves smooth or masked volumes; noisy tomograms shrink ~10 % at ~30 MB/s per core. */
export type Compression = 'zlib' | 'none';

function zarrArray(dims: Vec3, dtype: Dtype, compression: Compression) {
  return {
    zarr_format: 2,
    shape: zyx(dims),
    chunks: zyx(chunkSides(dims)),
    dtype: ZARR_TYPES[dtype],
    compressor: compression === 'zlib' ? { id: 'zlib', level: 1 } : null,
    fill_value: 0,
    order: 'C',
    filters: null,
    dimension_separator: '/',
  };
}

/** Starts a store: the group and one empty array per level; `finishOmeZarr` writes the OME metadata last. */
export async function createOmeZarr(dir: string, dtype: Dtype, levels: Vec3[], queue: WriteQueue, compression: Compression = 'zlib'): Promise<ChunkWriter[]> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, '.zgroup'), asciiJson({ zarr_format: 2 }));
  return Promise.all(
    levels.map(async (dims, level) => {
      const path = join(dir, String(level));
      await mkdir(path);
      await writeFile(join(path, '.zarray'), asciiJson(zarrArray(dims, dtype, compression)));
      return new ChunkWriter(path, dims, dtype, queue, compression === 'zlib');
    }),
  );
}

export async function finishOmeZarr(dir: string, meta: PyramidMeta, levels: Vec3[]): Promise<void> {
  await writeFile(join(dir, '.zattrs'), asciiJson(omeAttributes(meta, levels)));
}

/** Adler-32 of a chunk's bytes, carried across the pieces it is written in; four bytes a step (pieces are fresh, so aligned). */
function adlerUpdate(state: Uint32Array, at: number, bytes: Uint8Array): void {
  let a = state[at]!;
  let b = state[at + 1]!;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  for (let i = 0; i < words.length; ) {
    const end = Math.min(i + 1024, words.length); // keeps a and b far below 2⁵³ between reductions
    for (; i < end; i++) {
      const word = words[i]!;
      const [b0, b1, b2, b3] = [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24];
      b += 4 * a + 4 * b0 + 3 * b1 + 2 * b2 + b3; // little-endian: b0 is the first byte
      a += b0 + b1 + b2 + b3;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  for (let i = words.length * 4; i < bytes.length; i++) {
    a = (a + bytes[i]!) % ADLER_MOD;
    b = (b + a) % ADLER_MOD;
  }
  state[at] = a;
  state[at + 1] = b;
}

/**
 * Compressions and appends run behind the writers, on zlib's and the file system's threads, while the caller
 * reads and halves the next slices. At most `limit` bytes of pieces wait; a failure surfaces at the next
 * `room` or at `drain`.
 */
export class WriteQueue {
  private waiting = 0;
  private failure?: { error: unknown };
  private readonly running = new Set<Promise<void>>();
  private wake: (() => void)[] = [];

  /** 8 MiB of pieces keeps zlib's threads busy; more only holds memory. */
  constructor(private readonly limit = 8 << 20) {}

  async room(bytes: number): Promise<void> {
    while (this.waiting > 0 && this.waiting + bytes > this.limit && !this.failure) await new Promise<void>((resolve) => this.wake.push(resolve));
    if (this.failure) throw this.failure.error;
  }

  add(bytes: number, job: Promise<void>): void {
    this.waiting += bytes;
    const settled: Promise<void> = job
      .catch((error: unknown) => void (this.failure ??= { error }))
      .finally(() => {
        this.waiting -= bytes;
        this.running.delete(settled);
        this.wake.splice(0).forEach((resolve) => resolve());
      });
    this.running.add(settled);
  }

  /** Waits for every job; `check` then throws the first failure. */
  async drain(check = true): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
    if (check && this.failure) throw this.failure.error;
  }
}

/**
 * Writes one array's chunks from slices that arrive in z order, holding none of them: each chunk is a zlib
 * stream of raw-deflate pieces (sync-flushed, so they concatenate) appended as slices arrive, closed by an
 * empty final block and the Adler-32 of the whole chunk. Edge chunks are padded with zeros, as Zarr v2 wants.
 */
export class ChunkWriter {
  private z = 0;
  private readonly sides: Vec3;
  private readonly grid: [number, number];
  /** Adler-32 [a, b] of each chunk of the current layer of chunks. */
  private readonly adler: Uint32Array;
  /** The last append to each chunk of the layer: the next one waits for it, so pieces land in order. */
  private readonly appended: Promise<void>[];

  constructor(
    private readonly dir: string,
    readonly dims: Vec3,
    private readonly dtype: Dtype,
    private readonly queue: WriteQueue,
    private readonly zlib = true,
  ) {
    this.sides = chunkSides(dims);
    this.grid = [Math.ceil(dims[0] / this.sides[0]), Math.ceil(dims[1] / this.sides[1])];
    this.adler = new Uint32Array(this.grid[0] * this.grid[1] * 2);
    this.appended = new Array<Promise<void>>(this.grid[0] * this.grid[1]).fill(Promise.resolve());
  }

  get complete(): boolean {
    return this.z === this.dims[2];
  }

  /** Queues `count` slices (x fastest) at the next z; returns once they are copied out of `slices`. */
  async write(slices: VoxelArray, count: number): Promise<void> {
    const sliceLength = this.dims[0] * this.dims[1];
    for (let done = 0; done < count; ) {
      const layer = Math.floor(this.z / this.sides[2]);
      const layerEnd = Math.min((layer + 1) * this.sides[2], this.dims[2]);
      const take = Math.min(count - done, layerEnd - this.z);
      if (this.z === layer * this.sides[2]) await this.startLayer(layer);
      await this.appendPieces(layer, slices.subarray(done * sliceLength, (done + take) * sliceLength), take, false);
      this.z += take;
      done += take;
      if (this.z === layerEnd) await this.endLayer(layer, (layer + 1) * this.sides[2] - layerEnd);
    }
  }

  private async startLayer(layer: number): Promise<void> {
    this.adler.fill(0);
    for (let i = 0; i < this.adler.length; i += 2) this.adler[i] = 1;
    for (let gy = 0; gy < this.grid[1]; gy++) await mkdir(join(this.dir, String(layer), String(gy)), { recursive: true });
  }

  /** The part of `depth` slices in chunk (gx, gy), zero-padded to the chunk's sides; no slices, all zeros. */
  private cut(slices: VoxelArray, depth: number, gx: number, gy: number): Uint8Array {
    const [width, height] = this.dims;
    const [cx, cy] = this.sides;
    const piece = voxelArray(this.dtype, new ArrayBuffer(depth * cy * cx * bytesPerVoxel(this.dtype)));
    const rowLength = Math.min(cx, width - gx * cx);
    for (let z = 0; z < depth && slices.length; z++) {
      for (let y = 0; y < Math.min(cy, height - gy * cy); y++) {
        const from = (z * height + gy * cy + y) * width + gx * cx;
        piece.set(slices.subarray(from, from + rowLength), (z * cy + y) * cx); // same type: a bit-exact copy, NaN payloads too
      }
    }
    return new Uint8Array(piece.buffer);
  }

  /** Queues an append to chunk (gx, gy) after the ones before it; `parts` may still be compressing. */
  private append(layer: number, gx: number, gy: number, parts: (Uint8Array | Promise<Uint8Array>)[], bytes: number): void {
    const index = gy * this.grid[0] + gx;
    const path = join(this.dir, String(layer), String(gy), String(gx));
    const first = this.z === layer * this.sides[2];
    const previous = this.appended[index];
    const job = (async () => {
      const ready = await Promise.all(parts);
      await previous;
      await writeFile(path, Buffer.concat(ready), { flag: first ? 'w' : 'a' });
    })();
    this.appended[index] = job.catch(() => {});
    this.queue.add(bytes, job);
  }

  private trailer(at: number): Uint8Array {
    const [a, b] = [this.adler[at]!, this.adler[at + 1]!];
    return Uint8Array.of(b >> 8, b & 0xff, a >> 8, a & 0xff);
  }

  /** Queues, for each chunk of the layer, the part of `depth` slices that falls in it. */
  private async appendPieces(layer: number, slices: VoxelArray, depth: number, last: boolean): Promise<void> {
    const first = this.z === layer * this.sides[2];
    for (let gy = 0; gy < this.grid[1]; gy++) {
      for (let gx = 0; gx < this.grid[0]; gx++) {
        await this.queue.room(depth * this.sides[0] * this.sides[1] * bytesPerVoxel(this.dtype));
        const piece = this.cut(slices, depth, gx, gy);
        if (!this.zlib) {
          this.append(layer, gx, gy, [piece], piece.length);
          continue;
        }
        const at = (gy * this.grid[0] + gx) * 2;
        adlerUpdate(this.adler, at, piece);
        const flush = last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
        // one output buffer for the whole piece saves zlib a round trip to this thread per 16 KiB
        const deflated = deflatePiece(piece, { level: 1, finishFlush: flush, chunkSize: piece.length + 1024 });
        this.append(layer, gx, gy, [...(first ? [ZLIB_HEADER] : []), deflated, ...(last ? [this.trailer(at)] : [])], piece.length);
      }
    }
  }

  /** Pads a short last layer with zero slices, then closes every chunk stream of the layer. */
  private async endLayer(layer: number, padding: number): Promise<void> {
    if (padding > 0) return this.appendPieces(layer, voxelArray(this.dtype, new ArrayBuffer(0)), padding, true);
    if (!this.zlib) return;
    for (let gy = 0; gy < this.grid[1]; gy++) {
      for (let gx = 0; gx < this.grid[0]; gx++) this.append(layer, gx, gy, [DEFLATE_END, this.trailer((gy * this.grid[0] + gx) * 2)], 0);
    }
  }
}

async function readJson(path: string, what: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new VoxbenchError('BadPyramid', `${path}: the ${what} is missing.`);
  });
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new VoxbenchError('BadPyramid', `${path}: the ${what} is not valid JSON.`);
  }
}

interface ArrayLayout extends PyramidLevel {
  path: string;
  separator: string;
  zlib: boolean;
  fill: number;
}

async function readArray(dir: string, path: string, dtype: Dtype): Promise<ArrayLayout> {
  const file = join(dir, path, '.zarray');
  const zarray = await readJson(file, 'array description');
  const compressor = zarray.compressor as { id?: string } | null;
  const shape = zarray.shape as number[];
  const chunks = zarray.chunks as number[];
  const problem =
    zarray.zarr_format !== 2 ? 'it is not Zarr v2'
    : zarray.dtype !== ZARR_TYPES[dtype] ? `its type ${String(zarray.dtype)} is not ${ZARR_TYPES[dtype]} (${dtype})`
    : zarray.order !== 'C' ? 'it is not in C order'
    : compressor !== null && compressor?.id !== 'zlib' ? `its compressor ${String(compressor?.id)} is not zlib`
    : Array.isArray(zarray.filters) && zarray.filters.length ? 'it has filters'
    : shape?.length !== 3 || chunks?.length !== 3 ? 'it is not three-dimensional'
    : undefined;
  if (problem) throw new VoxbenchError('BadPyramid', `${file}: ${problem}.`);
  const separator = typeof zarray.dimension_separator === 'string' ? zarray.dimension_separator : '.';
  const fill = typeof zarray.fill_value === 'number' ? zarray.fill_value : 0;
  return { path, dims: zyx(shape) as Vec3, chunks: zyx(chunks) as Vec3, separator, zlib: compressor !== null, fill };
}

/** One chunk's voxels, or undefined where Zarr left it unwritten (all fill value). */
async function readChunk(dir: string, array: ArrayLayout, dtype: Dtype, index: Vec3): Promise<VoxelArray | undefined> {
  const path = join(dir, array.path, zyx(index).join(array.separator));
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VoxbenchError('BadPyramid', `${path}: ${(error as Error).message}`);
  }
  if (array.zlib) {
    bytes = await inflateChunk(bytes).catch((error: Error) => {
      throw new VoxbenchError('BadPyramid', `${path}: the chunk does not decompress (${error.message}).`);
    });
  }
  const expected = array.chunks.reduce((a, b) => a * b) * bytesPerVoxel(dtype);
  if (bytes.byteLength !== expected) throw new VoxbenchError('BadPyramid', `${path}: the chunk holds ${bytes.byteLength} bytes, not ${expected}.`);
  if (bytes.byteOffset % bytesPerVoxel(dtype)) bytes = bytes.slice();
  return voxelArray(dtype, bytes.buffer as ArrayBuffer, bytes.byteOffset, expected / bytesPerVoxel(dtype));
}

async function readArrayRegion(dir: string, array: ArrayLayout, dtype: Dtype, { min, max }: Box): Promise<VoxelArray> {
  if (min.some((value, axis) => !Number.isInteger(value) || value < 0 || value >= max[axis]! || max[axis]! > array.dims[axis]!)) {
    throw new VoxbenchError('BadRegion', `${join(dir, array.path)}: [${min}] … [${max}] is not a box inside ${array.dims.join('×')}.`);
  }
  const size = [0, 1, 2].map((axis) => max[axis]! - min[axis]!);
  const region = voxelArray(dtype, new ArrayBuffer(size[0]! * size[1]! * size[2]! * bytesPerVoxel(dtype)));
  if (array.fill) region.fill(array.fill);
  const [cx, cy, cz] = array.chunks;
  const first = min.map((value, axis) => Math.floor(value / array.chunks[axis]!));
  const last = max.map((value, axis) => Math.floor((value - 1) / array.chunks[axis]!));
  const tasks: (() => Promise<void>)[] = [];
  for (let gz = first[2]!; gz <= last[2]!; gz++) {
    for (let gy = first[1]!; gy <= last[1]!; gy++) {
      for (let gx = first[0]!; gx <= last[0]!; gx++) {
        tasks.push(async () => {
          const chunk = await readChunk(dir, array, dtype, [gx, gy, gz]);
          if (!chunk) return;
          const lo = [Math.max(min[0], gx * cx), Math.max(min[1], gy * cy), Math.max(min[2], gz * cz)];
          const hi = [Math.min(max[0], (gx + 1) * cx), Math.min(max[1], (gy + 1) * cy), Math.min(max[2], (gz + 1) * cz)];
          for (let z = lo[2]!; z < hi[2]!; z++) {
            for (let y = lo[1]!; y < hi[1]!; y++) {
              const from = ((z - gz * cz) * cy + y - gy * cy) * cx + lo[0]! - gx * cx;
              region.set(chunk.subarray(from, from + hi[0]! - lo[0]!), ((z - min[2]) * size[1]! + y - min[1]) * size[0]! + lo[0]! - min[0]);
            }
          }
        });
      }
    }
  }
  await inParallel(tasks);
  return region;
}

/** Opens a store `finishOmeZarr` completed; a store without its OME metadata or of another layout is refused. */
export async function openOmeZarr(dir: string): Promise<OmeZarrImage> {
  const attributes = await readJson(join(dir, '.zattrs'), 'OME-Zarr metadata (.zattrs)');
  const meta = attributes.voxbench as (PyramidMeta & { version?: number }) | undefined;
  const multiscale = (attributes.multiscales as { datasets?: { path: string }[] }[] | undefined)?.[0];
  if (meta?.version !== LAYOUT_VERSION || !multiscale?.datasets?.length) {
    throw new VoxbenchError('BadPyramid', `${dir}: not a Voxbench pyramid of layout ${LAYOUT_VERSION}.`);
  }
  delete meta.version;
  const arrays = await Promise.all(multiscale.datasets.map(({ path }) => readArray(dir, path, meta.dtype)));
  if (arrays[0]!.dims.some((side, axis) => side !== meta.dims[axis])) {
    throw new VoxbenchError('BadPyramid', `${dir}: level 0 is ${arrays[0]!.dims.join('×')}, the volume ${meta.dims.join('×')}.`);
  }
  const arrayAt = (level: number) => {
    const array = arrays[level];
    if (!array) throw new VoxbenchError('BadRegion', `${dir}: there is no level ${level} (levels 0 … ${arrays.length - 1}).`);
    return array;
  };
  const readRegion = (level: number, box: Box) => readArrayRegion(dir, arrayAt(level), meta.dtype, box);
  return {
    dir,
    meta,
    levels: arrays.map(({ dims, chunks }) => ({ dims, chunks })),
    readRegion,
    levelSource(level) {
      const { dims } = arrayAt(level);
      return {
        meta: { ...meta, ...levelGeometry(meta, level), dims, name: `${meta.name} (level ${level})` },
        readSlab: (z0, count) => readRegion(level, { min: [0, 0, z0], max: [dims[0], dims[1], z0 + count] }),
        readRegion: (box) => readRegion(level, box),
        close: async () => {},
      };
    },
  };
}
