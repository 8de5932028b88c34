// Reading a box of one level of an OME-Zarr image through zarrita: only the chunks the box meets, fetched and
// decoded (any codec zarrita knows, Zarr v2 or v3, sharded or not) several at once, copied into one array.
import type { Array as ZarrArray, DataType, Readable } from 'zarrita';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { ChunkLanes, type LaneTask, type Urgency } from './chunkLanes.js';
import { decodedChunkBudget } from './decodedChunks.js';
import { type Box, bytesPerVoxel, type VoxelArray, voxelArray } from './model.js';
import { ChunkInflatesPastShape } from './zarrCodecs.js';

export const zyx = (v: readonly number[]) => [v[2]!, v[1]!, v[0]!];

/** One level: its zarrita array, whose last three axes are z, y, x (NGFF order); earlier axes are read at 0. */
export interface LevelArray {
  array: ZarrArray<DataType, Readable>;
  /** Voxels and chunk sides [x, y, z]. */
  dims: Vec3;
  chunks: Vec3;
  /** What errors call it: "<store> level <n>". */
  name: string;
}

type Chunk = { data: VoxelArray; stride: number[] };

/** The chunk at grid position [gx, gy, gz] as a view with strides [sx, sy, sz] (zarrita fills a missing one). */
async function decodeChunk(level: LevelArray, coords: number[]): Promise<Chunk> {
  const lead = level.array.shape.length - 3;
  try {
    const chunk = await level.array.getChunk(coords);
    return { data: chunk.data as VoxelArray, stride: zyx(chunk.stride.slice(lead)) };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const what = cause instanceof ChunkInflatesPastShape ? cause.message : (cause as Error).message;
    if (error instanceof VoxbenchError) throw error;
    throw new VoxbenchError('BadPyramid', `${level.name}, chunk [${coords.join(', ')}]: ${what}.`);
  }
}

/** Decoded chunks of every array this thread opened, least recently used out first, within the budget: the next
 * slice of a chunk layer is a copy, not a fetch and inflate of every chunk it cuts. Keyed by the array object, so
 * a store opened again (rebuilt) never meets the chunks of the one before. */
const decoded = new Map<string, Promise<Chunk>>();
const decodedBytes = new Map<string, number>();
/** Chunks still waiting to be read ahead, by key: a slice that needs one moves it up; one the user has moved away
 * from is dropped. */
const waitingAhead = new Map<string, Pick<LaneTask<Chunk>, 'hurry' | 'drop'>>();
/** The chunks each view (an array and the axis it slices across) last asked to read ahead. */
const aheadOfView = new Map<string, Set<string>>();
const lanes = new ChunkLanes();
const arrayIds = new WeakMap<object, number>();
let arraysSeen = 0;
let held = 0;

function arrayId(level: LevelArray): number {
  let id = arrayIds.get(level.array);
  if (id === undefined) arrayIds.set(level.array, (id = arraysSeen++));
  return id;
}

const chunkKey = (level: LevelArray, grid: Vec3) => `${arrayId(level)}/${[...Array<number>(level.array.shape.length - 3).fill(0), ...zyx(grid)].join('/')}`;

function readChunk(level: LevelArray, grid: Vec3, urgency: Urgency): Promise<Chunk> {
  const coords = [...Array<number>(level.array.shape.length - 3).fill(0), ...zyx(grid)];
  const key = chunkKey(level, grid);
  const kept = decoded.get(key);
  if (kept) {
    decoded.delete(key);
    decoded.set(key, kept);
    if (urgency === 'now') waitingAhead.get(key)?.hurry();
    return kept;
  }
  const { done: chunk, hurry, drop } = lanes.run(urgency, () => decodeChunk(level, coords));
  decoded.set(key, chunk);
  if (urgency === 'ahead') waitingAhead.set(key, { hurry, drop });
  void chunk.finally(() => waitingAhead.delete(key)).catch(() => undefined);
  chunk.then(
    ({ data }) => {
      if (decoded.get(key) !== chunk) return;
      decodedBytes.set(key, data.byteLength);
      held += data.byteLength;
      for (const [oldest] of decoded) {
        if (held <= decodedChunkBudget()) break;
        const bytes = decodedBytes.get(oldest);
        if (bytes === undefined) continue; // still decoding
        decoded.delete(oldest);
        decodedBytes.delete(oldest);
        held -= bytes;
      }
    },
    () => decoded.delete(key), // a failed fetch is tried again next time
  );
  return chunk;
}

/** Each chunk a box meets, as [gx, gy, gz]. */
function chunksOf(level: LevelArray, { min, max }: Box): Vec3[] {
  const first = min.map((value, axis) => Math.floor(value / level.chunks[axis]!));
  const last = max.map((value, axis) => Math.floor((value - 1) / level.chunks[axis]!));
  const grid: Vec3[] = [];
  for (let gz = first[2]!; gz <= last[2]!; gz++) for (let gy = first[1]!; gy <= last[1]!; gy++) for (let gx = first[0]!; gx <= last[0]!; gx++) grid.push([gx, gy, gz]);
  return grid;
}

/** Decodes, in the background (lanes no slice waits for), the chunk layers on either side of a box read from a remote
 * store, across its thinnest axis (a slice's own: x for a sagittal one): the next slices either way are then copies. */
export function prefetchNeighbours(level: LevelArray, box: Box): void {
  const extent = box.max.map((max, axis) => max - box.min[axis]!);
  const axis = [1, 0].reduce((thinnest, other) => (extent[other]! < extent[thinnest]! ? other : thinnest), 2);
  const depth = level.chunks[axis]!;
  const across = (from: number, to: number): Box => {
    const min = [...box.min] as Vec3;
    const max = [...box.max] as Vec3;
    [min[axis], max[axis]] = [from, to];
    return { min, max };
  };
  const layers = [across(Math.max(0, box.min[axis]! - depth), box.min[axis]!), across(box.max[axis]!, Math.min(level.dims[axis]!, box.max[axis]! + depth))];
  const grid = layers.filter((layer) => layer.max[axis]! > layer.min[axis]!).flatMap((layer) => chunksOf(level, layer));
  const wanted = new Set(grid.map((index) => chunkKey(level, index)));
  const view = `${arrayId(level)}/${axis}`;
  const others = [...aheadOfView].filter(([other]) => other !== view).map(([, keys]) => keys);
  for (const key of aheadOfView.get(view) ?? []) if (!wanted.has(key) && !others.some((keys) => keys.has(key))) waitingAhead.get(key)?.drop();
  aheadOfView.set(view, wanted);
  for (const index of grid) readChunk(level, index, 'ahead').catch(() => undefined); // a slice that needs it reports why
}

/** A box of a level (a slice on screen, a tool's window): read ahead gives way while it is read (chunkLanes.ts). */
export function readLevelRegion(level: LevelArray, dtype: Dtype, box: Box): Promise<VoxelArray> {
  return lanes.slice(() => copyRegion(level, dtype, box));
}

async function copyRegion(level: LevelArray, dtype: Dtype, { min, max }: Box): Promise<VoxelArray> {
  if (min.some((value, axis) => !Number.isInteger(value) || value < 0 || value >= max[axis]! || max[axis]! > level.dims[axis]!)) {
    throw new VoxbenchError('BadRegion', `${level.name}: [${min}] … [${max}] is not a box inside ${level.dims.join('×')}.`);
  }
  const size = [0, 1, 2].map((axis) => max[axis]! - min[axis]!);
  const region = voxelArray(dtype, new ArrayBuffer(size[0]! * size[1]! * size[2]! * bytesPerVoxel(dtype)));
  const [cx, cy, cz] = level.chunks;
  const copies = chunksOf(level, { min, max }).map(async ([gx, gy, gz]) => {
    const { data, stride } = await readChunk(level, [gx, gy, gz], 'now');
    const [sx, sy, sz] = stride as Vec3;
    const lo = [Math.max(min[0], gx * cx), Math.max(min[1], gy * cy), Math.max(min[2], gz * cz)];
    const hi = [Math.min(max[0], (gx + 1) * cx), Math.min(max[1], (gy + 1) * cy), Math.min(max[2], (gz + 1) * cz)];
    const width = hi[0]! - lo[0]!;
    for (let z = lo[2]!; z < hi[2]!; z++) {
      for (let y = lo[1]!; y < hi[1]!; y++) {
        const from = (z - gz * cz) * sz + (y - gy * cy) * sy + (lo[0]! - gx * cx) * sx;
        const to = ((z - min[2]) * size[1]! + y - min[1]) * size[0]! + lo[0]! - min[0];
        // A sagittal slice copies one voxel per row: a loop beats a subarray per voxel (1.7 M of them for 1290²).
        if (sx === 1 && width >= 16) region.set(data.subarray(from, from + width), to);
        else for (let x = 0; x < width; x++) region[to + x] = data[from + x * sx]!;
      }
    }
  });
  await Promise.all(copies);
  return region;
}
