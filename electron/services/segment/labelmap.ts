// A labelmap in bricks of 64³ voxels, so a segmentation costs memory for what is painted rather than for the
// whole grid: a brick is one value throughout (no voxels kept), its voxels, or those voxels deflated once the
// unpacked bricks pass the memory budget (labels deflate a hundredfold). Volumes larger than memory are
// segmented this way; tools read and write boxes of it (electron/segment/windows.ts).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import type { Vec3 } from '../../common/contract.js';
import type { Region } from '../../common/segmentCalls.js';
import type { Labels } from './kernels/index.js';
import { boxVoxels, copyRows, intersectBox, rowsIn, unionBox } from './regions.js';

export const BRICK = 64;
export type LabelType = 'uint8' | 'uint16';

/** A brick's voxels deflated, with the values among them. */
export interface Packed {
  bytes: Buffer;
  type: LabelType;
  values: number[];
}

/** One value throughout, the voxels (x fastest within the brick), or the voxels deflated. */
export type Brick = number | Labels | Packed;

/** A brick's voxels as they were: writes replace a brick's array, never change it, so keeping the array is enough. */
export interface Kept {
  voxels: Labels;
  values: number[];
}

/** A brick's state as later writes cannot change it (what undo keeps: deflated once `packKept` has run). */
export type Frozen = number | Packed | Kept;

export const isPacked = (brick: Brick): brick is Packed => typeof brick === 'object' && 'bytes' in brick;

/** How many bricks cover a grid. */
export const brickCount = (dims: readonly number[]) => dims.reduce((count, n) => count * Math.ceil(n / BRICK), 1);

export function newLabels(type: LabelType, length: number, shared = false): Labels {
  const bytes = length * (type === 'uint16' ? 2 : 1);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return type === 'uint16' ? new Uint16Array(buffer) : new Uint8Array(buffer);
}

/** The one value all voxels hold, or undefined. */
function uniformValue(voxels: Labels): number | undefined {
  const first = voxels[0]!;
  for (let i = 1; i < voxels.length; i++) if (voxels[i] !== first) return undefined;
  return first;
}

/** The non-zero values present, ascending. */
export function valuesIn(voxels: Labels): number[] {
  const seen = new Uint8Array(voxels instanceof Uint16Array ? 65536 : 256);
  for (let i = 0; i < voxels.length; i++) seen[voxels[i]!] = 1;
  const values: number[] = [];
  for (let value = 1; value < seen.length; value++) if (seen[value]) values.push(value);
  return values;
}

/** A deflated brick's voxels, in the type they were stored as; a brick inflates to one brick's bytes at most. */
export function inflateBrick({ bytes, type }: Pick<Packed, 'bytes' | 'type'>): Labels {
  const raw = inflateRawSync(bytes, { maxOutputLength: BRICK ** 3 * (type === 'uint16' ? 2 : 1) });
  return type === 'uint16' ? new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2) : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

const bytesOf = (voxels: Labels) => Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength);
const typeOf = (voxels: Labels): LabelType => (voxels instanceof Uint16Array ? 'uint16' : 'uint8');
const deflate = promisify(deflateRaw);

/** Deflates voxels off the event loop (zlib's thread pool). */
const packed = async (voxels: Labels, values: number[]): Promise<Packed> => ({ bytes: await deflate(bytesOf(voxels), { level: 1 }), type: typeOf(voxels), values });

/** Maps of kept bricks being deflated now (a second call on one would deflate them twice). */
const packing = new WeakSet<Map<number, Frozen>>();

/** Deflates the kept bricks of `states` in place (undo's bricks then take little memory; until then they are the old arrays themselves). */
export async function packKept(states: Map<number, Frozen> | undefined): Promise<void> {
  if (!states || packing.has(states)) return;
  packing.add(states);
  await Promise.all([...states].map(async ([b, state]) => typeof state === 'object' && 'voxels' in state && states.set(b, await packed(state.voxels, state.values)))).finally(() => packing.delete(states));
}

/** Bricks handled between two turns of the event loop, so a long read or write never holds the host up for long. */
const BRICKS_PER_TURN = 16;

export class Labelmap {
  /** Bricks along each axis. */
  readonly counts: Vec3;
  private readonly bricks: Brick[];
  private readonly values: number[][];
  /** Unpacked bricks, least recently used first. */
  private readonly unpacked = new Set<number>();
  private unpackedBytes = 0;

  constructor(
    readonly dims: Vec3,
    /** Unpacked bricks beyond this many bytes are deflated, least recently used first. */
    readonly budgetBytes: number,
    public type: LabelType = 'uint8',
  ) {
    this.counts = dims.map((n) => Math.ceil(n / BRICK)) as Vec3;
    const count = brickCount(dims);
    this.bricks = new Array<Brick>(count).fill(0);
    this.values = Array.from({ length: count }, () => []);
  }

  /** The voxels of `box`, x fastest (in shared memory when asked, for workers). */
  async readBox(box: Region, shared = false): Promise<Labels> {
    const out = newLabels(this.type, boxVoxels(box), shared);
    let done = 0;
    for (const b of this.bricksIn(box)) {
      const brick = this.bricks[b]!;
      const part = intersectBox(box, this.boxOf(b))!;
      if (typeof brick !== 'number') copyRows(this.unpack(b), this.boxOf(b), out, box, part);
      else if (brick !== 0) for (const [start, end] of rowsIn(box, part)) out.fill(brick, start, end);
      if (++done % BRICKS_PER_TURN === 0) await nextTurn();
    }
    await this.evict();
    return out;
  }

  /** Writes `values` (laid out over `box`, x fastest); each brick it changes first leaves its old state in `saved` (for undo). */
  async writeBox(box: Region, values: Labels, saved?: Map<number, Frozen>): Promise<void> {
    let done = 0;
    for (const b of this.bricksIn(box)) {
      const brickBox = this.boxOf(b);
      const before = this.bricks[b]!;
      const current = typeof before === 'number' ? undefined : this.unpack(b);
      const after = current ? current.slice() : newLabels(this.type, boxVoxels(brickBox)).fill(before as number);
      copyRows(values, box, after, brickBox, intersectBox(box, brickBox)!);
      const same = current ? bytesOf(after).equals(bytesOf(current)) : uniformValue(after) === before;
      if (!same) {
        if (saved && !saved.has(b)) saved.set(b, this.frozen(b));
        this.put(b, after);
      }
      if (++done % BRICKS_PER_TURN === 0) await nextTurn();
    }
    await this.evict();
  }

  /** Puts bricks back as `states` holds them (undo, redo, a failed edit) and returns the states they replace. */
  swap(states: Map<number, Frozen>): Map<number, Frozen> {
    const replaced = new Map<number, Frozen>();
    for (const [b, state] of states) {
      replaced.set(b, this.frozen(b));
      this.forgetUnpacked(b);
      if (typeof state === 'object' && 'voxels' in state) this.put(b, this.type === typeOf(state.voxels) ? state.voxels : Uint16Array.from(state.voxels));
      else {
        this.bricks[b] = state;
        this.values[b] = typeof state === 'number' ? (state ? [state] : []) : state.values;
      }
    }
    return replaced;
  }

  /** Labels above 255 need 16 bits: every brick widens (packed ones as they are unpacked). */
  widen(): void {
    if (this.type === 'uint16') return;
    this.type = 'uint16';
    for (const b of this.unpacked) {
      const wide = Uint16Array.from(this.bricks[b] as Labels);
      this.unpackedBytes += wide.byteLength / 2;
      this.bricks[b] = wide;
    }
  }

  /** The box of the bricks holding any of `wanted` (any non-zero value when left out); null when none does. */
  bounds(wanted?: readonly number[]): Region | null {
    let box: Region | null = null;
    for (let b = 0; b < this.bricks.length; b++) {
      const values = this.values[b]!;
      if (values.length > 0 && (!wanted || values.some((value) => wanted.includes(value)))) box = unionBox(box, this.boxOf(b));
    }
    return box;
  }

  /** Every brick as it is now. Writes replace a brick's voxels rather than change them, so this stays true to the moment it was taken (a workspace save reads it while editing goes on). */
  snapshot(): Brick[] {
    return this.bricks.slice();
  }

  /** Takes every brick from a saved workspace (one per brick, in brick order). */
  load(bricks: Frozen[]): void {
    if (bricks.length !== this.bricks.length) throw new RangeError(`${bricks.length} bricks for a labelmap of ${this.bricks.length}`);
    this.swap(new Map(bricks.entries()));
  }

  /** Bytes held: unpacked voxels and deflated ones. */
  memory(): { unpacked: number; packed: number } {
    const packed = this.bricks.reduce<number>((sum, brick) => sum + (isPacked(brick) ? brick.bytes.byteLength : 0), 0);
    return { unpacked: this.unpackedBytes, packed };
  }

  boxOf(b: number): Region {
    const [cx, cy] = this.counts;
    const min = [b % cx, Math.floor(b / cx) % cy, Math.floor(b / (cx * cy))].map((c) => c * BRICK) as Vec3;
    return { min, max: min.map((m, k) => Math.min(m + BRICK, this.dims[k]!)) as Vec3 };
  }

  /** The bricks a box touches. */
  *bricksIn({ min, max }: Region): Generator<number> {
    const [cx, cy] = this.counts;
    const first = min.map((m) => Math.floor(m / BRICK));
    const last = max.map((m) => Math.ceil(m / BRICK));
    for (let z = first[2]!; z < last[2]!; z++) for (let y = first[1]!; y < last[1]!; y++) for (let x = first[0]!; x < last[0]!; x++) yield x + cx * (y + cy * z);
  }

  /** The brick's state as a value that later writes cannot change: its one value, its deflated voxels, or its voxels. */
  private frozen(b: number): Frozen {
    const brick = this.bricks[b]!;
    if (typeof brick === 'number' || isPacked(brick)) return brick;
    return { voxels: brick, values: this.values[b]! };
  }

  private unpack(b: number): Labels {
    const brick = this.bricks[b]!;
    if (isPacked(brick)) {
      const stored = inflateBrick(brick);
      const voxels = this.type === brick.type ? stored : Uint16Array.from(stored);
      this.bricks[b] = voxels;
      this.unpackedBytes += voxels.byteLength;
    }
    this.unpacked.delete(b);
    this.unpacked.add(b);
    return this.bricks[b] as Labels;
  }

  /** A brick's new voxels: kept as one value when they are. */
  private put(b: number, voxels: Labels): void {
    this.forgetUnpacked(b);
    const uniform = uniformValue(voxels);
    if (uniform !== undefined) {
      this.bricks[b] = uniform;
      this.values[b] = uniform ? [uniform] : [];
      return;
    }
    this.bricks[b] = voxels;
    this.values[b] = valuesIn(voxels);
    this.unpacked.add(b);
    this.unpackedBytes += voxels.byteLength;
  }

  private forgetUnpacked(b: number): void {
    if (!this.unpacked.delete(b)) return;
    this.unpackedBytes -= (this.bricks[b] as Labels).byteLength;
  }

  /** Deflates the least recently used bricks until the unpacked ones fit the budget (a brick written meanwhile stays as written). */
  private async evict(): Promise<void> {
    for (const b of [...this.unpacked]) {
      if (this.unpackedBytes <= this.budgetBytes) return;
      if (!this.unpacked.has(b)) continue;
      const voxels = this.bricks[b] as Labels;
      const deflated = await packed(voxels, this.values[b]!);
      if (this.bricks[b] !== voxels) continue;
      this.forgetUnpacked(b);
      this.bricks[b] = deflated;
    }
  }
}
