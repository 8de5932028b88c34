// A pyramid build that survives a kill (a publish's staged store): a record beside the partial store lists each
// chunk file once its last byte is written (key, bytes) and each source slab's value range. A build started again
// keeps the chunks whose file still has its recorded size (one cut short by the kill has fewer bytes, or no record)
// and goes on from each level's first layer of chunks that is not whole; coarser levels get the slices of their
// unfinished layer back from the finer level's whole chunks. Layers are rewritten from their first slice in the
// same pieces as an uninterrupted build, so every chunk has the bytes it would have had.
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { chunkSides } from './chunkWriter.js';
import { bytesPerVoxel, type VoxelArray, voxelArray } from './model.js';

const inflated = promisify(inflate);

type RecordLine = { build: unknown } | { chunk: string; bytes: number } | { slab: [number, number]; range: [number, number] | null };

/** Appends go out in the order made; a failure surfaces at `flush`. */
export class BuildRecord {
  readonly whole = new Map<string, number>();
  private readonly slabs: { z0: number; count: number; range: [number, number] | null }[] = [];
  private written: Promise<void> = Promise.resolve();
  private pending = '';

  private constructor(private readonly path: string) {}

  /** The record at `path` if it was made by a build with the same `shape`; else a fresh one (`fresh`: start over). */
  static async open(path: string, shape: unknown): Promise<{ record: BuildRecord; fresh: boolean }> {
    const record = new BuildRecord(path);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
    const lines = text.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as RecordLine];
      } catch {
        return []; // the line a kill cut short
      }
    });
    const same = lines.length > 0 && 'build' in lines[0]! && JSON.stringify(lines[0].build) === JSON.stringify(shape);
    if (!same) {
      await writeFile(path, `${JSON.stringify({ build: shape })}\n`);
      return { record, fresh: true };
    }
    for (const line of lines) {
      if ('chunk' in line) record.whole.set(line.chunk, line.bytes);
      else if ('slab' in line) record.slabs.push({ z0: line.slab[0], count: line.slab[1], range: line.range });
    }
    return { record, fresh: false };
  }

  chunk(key: string, bytes: number): void {
    this.add({ chunk: key, bytes });
  }

  slab(z0: number, count: number, range: Float64Array): void {
    this.add({ slab: [z0, count], range: range[0]! <= range[1]! ? [range[0]!, range[1]!] : null });
  }

  /** The value range of the source slices before `z`, from the slabs recorded. */
  rangeBefore(z: number): Float64Array {
    const range = Float64Array.of(Infinity, -Infinity);
    for (const slab of this.slabs) {
      if (slab.z0 + slab.count > z || !slab.range) continue;
      range[0] = Math.min(range[0]!, slab.range[0]);
      range[1] = Math.max(range[1]!, slab.range[1]);
    }
    return range;
  }

  async flush(): Promise<void> {
    await this.written;
  }

  private add(line: RecordLine): void {
    this.pending += `${JSON.stringify(line)}\n`;
    this.written = this.written.then(() => {
      const text = this.pending;
      this.pending = '';
      return text ? appendFile(this.path, text) : undefined;
    });
    this.written.catch(() => undefined); // reported by flush
  }

  /** The recorded chunks whose file under `partial` still has its recorded size. */
  async onDisk(partial: string): Promise<Map<string, number>> {
    const kept = new Map<string, number>();
    const entries = [...this.whole];
    for (let i = 0; i < entries.length; i += 256) {
      await Promise.all(
        entries.slice(i, i + 256).map(async ([key, bytes]) => {
          const size = await stat(join(partial, key)).then((info) => info.size, () => -1);
          if (size === bytes) kept.set(key, bytes);
        }),
      );
    }
    return kept;
  }
}

/** The key of a chunk file in the store: level/z/y/x of its grid position. */
export const chunkKey = (level: number, layer: number, gy: number, gx: number) => `${level}/${layer}/${gy}/${gx}`;

function layerKeys(level: number, dims: Vec3, layer: number): string[] {
  const sides = chunkSides(dims);
  const [columns, rows] = [Math.ceil(dims[0] / sides[0]), Math.ceil(dims[1] / sides[1])];
  const keys: string[] = [];
  for (let gy = 0; gy < rows; gy++) for (let gx = 0; gx < columns; gx++) keys.push(chunkKey(level, layer, gy, gx));
  return keys;
}

/** The first slice of the layer that holds slice `z`. */
const layerStart = (dims: Vec3, z: number) => {
  const side = chunkSides(dims)[2];
  return Math.floor(z / side) * side;
};

/**
 * The slice each level starts again at: its first layer with a chunk not kept, no later than the finer level's
 * start allows (the slices before it must come from whole chunks of the finer level). Level 0 whole while a coarser
 * level is not: its last layer is built again, so the last slices pass down the levels. Every chunk kept: the
 * levels' sizes (nothing to build).
 */
export function restartSlices(levels: Vec3[], kept: Map<string, number>): number[] {
  const whole = levels.map((dims, level) => {
    const side = chunkSides(dims)[2];
    for (let z = 0; z < dims[2]; z += side) if (!layerKeys(level, dims, z / side).every((key) => kept.has(key))) return z;
    return dims[2];
  });
  if (whole.every((z, level) => z === levels[level]![2])) return whole;
  const starts = [whole[0] === levels[0]![2] ? layerStart(levels[0]!, levels[0]![2] - 1) : whole[0]!];
  for (let level = 1; level < levels.length; level++) starts.push(Math.min(whole[level]!, layerStart(levels[level]!, starts[level - 1]! / 2)));
  return starts;
}

/** The kept chunks of the layers before each level's start: (key, bytes), for a publish to send. */
export function keptBefore(levels: Vec3[], starts: number[], kept: Map<string, number>): [string, number][] {
  return levels.flatMap((dims, level) => {
    const side = chunkSides(dims)[2];
    const layers = Array.from({ length: Math.ceil(starts[level]! / side) }, (_, layer) => layer);
    return layers.flatMap((layer) => layerKeys(level, dims, layer).map((key) => [key, kept.get(key)!] as [string, number]));
  });
}

/** The slices of one whole layer of chunks of a level, read back from the store's zlib chunk files. */
export async function readLayer(partial: string, level: number, dims: Vec3, dtype: Dtype, layer: number, zlib: boolean): Promise<VoxelArray> {
  const [cx, cy, cz] = chunkSides(dims);
  const [width, height] = dims;
  const depth = Math.min(cz, dims[2] - layer * cz);
  const slices = voxelArray(dtype, new ArrayBuffer(width * height * depth * bytesPerVoxel(dtype)));
  const [columns, rows] = [Math.ceil(width / cx), Math.ceil(height / cy)];
  for (let gy = 0; gy < rows; gy++) {
    await Promise.all(
      Array.from({ length: columns }, async (_, gx) => {
        const path = join(partial, chunkKey(level, layer, gy, gx));
        const stored = await readFile(path);
        const bytes = zlib ? await inflated(stored).catch((error: Error) => Promise.reject(new VoxbenchError('BadPyramid', `${path}: ${error.message}.`))) : stored;
        const chunk = voxelArray(dtype, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        const rowLength = Math.min(cx, width - gx * cx);
        for (let z = 0; z < depth; z++) {
          for (let y = 0; y < Math.min(cy, height - gy * cy); y++) {
            const from = (z * cy + y) * cx;
            slices.set(chunk.subarray(from, from + rowLength), (z * height + gy * cy + y) * width + gx * cx);
          }
        }
      }),
    );
  }
  return slices;
}
