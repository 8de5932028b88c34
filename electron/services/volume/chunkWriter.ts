// Streamed chunk writing for the OME-Zarr pyramid: slices arrive in z order and each chunk file grows as a
// zlib stream of sync-flushed deflate pieces, compressed on zlib's threads while the next slices are read.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, deflateRaw } from 'node:zlib';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { bytesPerVoxel, type VoxelArray, voxelArray } from './model.js';

export const CHUNK_SIDE = 64;

const ZLIB_HEADER = Uint8Array.of(0x78, 0x01);
/** An empty final deflate block: closes a stream of sync-flushed pieces. */
const DEFLATE_END = Uint8Array.of(0x03, 0x00);
const ADLER_MOD = 65521;

const deflatePiece = promisify(deflateRaw);

export const chunkSides = (dims: Vec3) => dims.map((side) => Math.min(CHUNK_SIDE, side)) as Vec3;

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

/** Told of each chunk file once its last bytes are on disk (a publish uploads it while the build goes on). */
export type OnChunkWritten = (path: string, bytes: number) => void;

/**
 * Writes one array's chunks from slices that arrive in z order, holding none of them: each chunk is a zlib
 * stream of raw-deflate pieces (sync-flushed, so they concatenate) appended as slices arrive, closed by an
 * empty final block and the Adler-32 of the whole chunk. Edge chunks are padded with zeros, as Zarr v2 wants.
 */
export class ChunkWriter {
  private z: number;
  private readonly sides: Vec3;
  private readonly grid: [number, number];
  /** Adler-32 [a, b] of each chunk of the current layer of chunks. */
  private readonly adler: Uint32Array;
  /** The last append to each chunk of the layer, resolving to the chunk's bytes so far: the next one waits for it, so pieces land in order. */
  private readonly appended: Promise<number>[];

  constructor(
    private readonly dir: string,
    readonly dims: Vec3,
    private readonly dtype: Dtype,
    private readonly queue: WriteQueue,
    private readonly zlib = true,
    private readonly onChunkWritten?: OnChunkWritten,
    /** The first slice to write, at the start of a layer: a build started again keeps the layers before it. */
    from = 0,
  ) {
    this.z = from;
    this.sides = chunkSides(dims);
    this.grid = [Math.ceil(dims[0] / this.sides[0]), Math.ceil(dims[1] / this.sides[1])];
    this.adler = new Uint32Array(this.grid[0] * this.grid[1] * 2);
    this.appended = new Array<Promise<number>>(this.grid[0] * this.grid[1]).fill(Promise.resolve(0));
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
    const previous = first ? Promise.resolve(0) : this.appended[index]!;
    const job = (async () => {
      const ready = parts.length === 1 ? await parts[0]! : Buffer.concat(await Promise.all(parts));
      const before = await previous;
      await writeFile(path, ready, { flag: first ? 'w' : 'a' });
      return before + ready.length;
    })();
    this.appended[index] = job; // a failure also reaches the queue, which reports the first one
    this.queue.add(bytes, job.then(() => undefined));
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
    if (padding > 0) await this.appendPieces(layer, voxelArray(this.dtype, new ArrayBuffer(0)), padding, true);
    else if (this.zlib) {
      for (let gy = 0; gy < this.grid[1]; gy++) {
        for (let gx = 0; gx < this.grid[0]; gx++) this.append(layer, gx, gy, [DEFLATE_END, this.trailer((gy * this.grid[0] + gx) * 2)], 0);
      }
    }
    const report = this.onChunkWritten;
    if (!report) return;
    for (let gy = 0; gy < this.grid[1]; gy++) {
      for (let gx = 0; gx < this.grid[0]; gx++) {
        const path = join(this.dir, String(layer), String(gy), String(gx));
        this.appended[gy * this.grid[0] + gx]!.then((bytes) => report(path, bytes), () => {});
      }
    }
  }
}
