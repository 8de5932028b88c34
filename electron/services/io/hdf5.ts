// HDF5 / NeXus through h5wasm, which reads the file from disk on demand. The image is the NXdata `signal`
// the file's `default` attributes point to, else the first NXdata with a ≥3-D signal, else the first ≥3-D
// numeric dataset; OpenOptions.dataset picks another. Spacing comes from the NXdata `@axes` coordinates, the
// placement in the lab from an NXtransformations chain (nexusTransformations.ts).
import { closeSync, openSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { Dataset, Group } from 'h5wasm';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { Geometry } from '../volume/geometry.js';
import type { Box, VolumeSource, VoxelArray } from '../volume/model.js';
import { nativePipeline, nativeRegionReader } from './hdf5NativeChunks.js';
import { nexusPlacement, placed } from './nexusTransformations.js';
import type { Candidate, OpenOptions, ScanReader } from './reader.js';
import { commonUnit, normaliseUnit } from './units.js';

type H5 = typeof import('h5wasm');

let h5: Promise<H5> | undefined;
/** Bumped when a wasm abort leaves the module unusable: the next load is a fresh instance. */
let instance = 0;

/**
 * h5wasm loads once (again after an abort); its throwing error handler turns HDF5's silent failures into
 * exceptions, and the filters of h5wasm-plugins (bitshuffle, LZ4, Blosc, zstd, LZF, bzip2 …) load from their
 * folder on disk.
 */
export function loadH5(): Promise<H5> {
  if (!h5) slowerWasmTierUp();
  // A query makes a new ESM instance of h5wasm, whose module-level wasm Module is then a fresh one.
  const specifier = instance ? `${import.meta.resolve('h5wasm/node')}?instance=${instance}` : 'h5wasm/node';
  h5 ??= (import(specifier) as Promise<typeof import('h5wasm/node')>).then(async (module) => {
    const h5module = await module.ready;
    h5module.activate_throwing_error_handler();
    h5module.insert_plugin_search_path(fileURLToPath(new URL('plugins', import.meta.resolve('h5wasm-plugins'))), 0);
    return module as unknown as H5;
  });
  return h5;
}

/**
 * V8 recompiles a wasm function with its optimising compiler once it has run "1.8 MB of code" (its default budget):
 * an HDF5 open alone makes dozens of h5wasm's functions that hot, and their compiles on background threads took the
 * cores from the first reads (a fresh process's 256³ sagittal slice 12.5 → 6.2 ms, median of 8, load 4.5). A budget
 * 55× larger still optimises a decoder's loop within its first tens of milliseconds. Process-wide; set before h5wasm
 * compiles (it is read as a module compiles).
 */
function slowerWasmTierUp(): void {
  setFlagsFromString('--wasm-tiering-budget=100000000');
}

/** An Emscripten abort (a plugin calling a symbol it lacks on damaged data): the module is dead after it. */
const isAbort = (error: unknown) => error instanceof WebAssembly.RuntimeError || (error instanceof Error && /^Aborted\(/.test(error.message));

/**
 * The one edge between h5wasm and the rest of Voxbench: every h5wasm call of open, candidates and reads
 * runs through it, and whatever h5wasm throws leaves as a VoxbenchError naming `where` (file, dataset).
 */
function atEdge<T>(where: () => string, work: () => T, reading?: { dataset: Dataset; z0: number; count: number }): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof VoxbenchError) throw error;
    if (isAbort(error)) {
      h5 = undefined;
      instance++;
      const what = reading ? `decoding slices ${reading.z0}-${reading.z0 + reading.count - 1} (${describeFilters(reading.dataset)})` : 'reading its structure';
      throw new VoxbenchError('ReaderCrashed', `${where()}: the HDF5 decoder crashed ${what}; the file is damaged.`);
    }
    const stack = error instanceof Error ? error.message : String(error);
    if (reading) throw readError(where(), reading.dataset, reading.z0, reading.count, stack);
    throw new VoxbenchError('CorruptFile', `${where()} is damaged: ${hdf5Reason(stack)}.`);
  }
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function hasSignatureAt(head: Uint8Array, offset: number): boolean {
  return HDF5_SIGNATURE.every((byte, i) => head[offset + i] === byte);
}

function dtypeOf(dataset: Dataset): Dtype | undefined {
  const { type, size, signed } = dataset.metadata;
  if (type === 1) return size === 4 ? 'float32' : size === 8 ? 'float64' : undefined;
  if (type !== 0 || size > 4) return undefined;
  return `${signed ? '' : 'u'}int${size * 8}` as Dtype;
}

function attr(node: Group | Dataset, name: string): unknown {
  return name in node.attrs ? node.get_attribute(name, true) : undefined;
}

function isDataset(entity: unknown, h5wasm: H5): entity is Dataset {
  return entity instanceof h5wasm.Dataset;
}

function isImage(entity: unknown, h5wasm: H5): entity is Dataset {
  return isDataset(entity, h5wasm) && (entity.shape?.length ?? 0) >= 3 && dtypeOf(entity) !== undefined;
}

/** The NXdata signal the `default` attribute chain leads to (NeXus: root → NXentry → NXdata). */
function defaultSignal(file: Group, h5wasm: H5): string | undefined {
  let group: Group = file;
  for (let depth = 0; depth < 4; depth++) {
    const signal = attr(group, 'signal');
    if (typeof signal === 'string') return `${group.path === '/' ? '' : group.path}/${signal}`;
    const next = attr(group, 'default');
    const child = typeof next === 'string' ? group.get(next) : null;
    if (!(child instanceof h5wasm.Group)) return undefined;
    group = child;
  }
  return undefined;
}

/** The image NeXus metadata names: the `default` chain's signal, else the first NXdata signal. */
function nexusImage(file: Group, h5wasm: H5): string | undefined {
  const viaDefault = defaultSignal(file, h5wasm);
  if (viaDefault && isImage(file.get(viaDefault), h5wasm)) return viaDefault;
  for (const path of file.paths()) {
    const node = file.get(path);
    if (!(node instanceof h5wasm.Group) || attr(node, 'NX_class') !== 'NXdata') continue;
    const signal = attr(node, 'signal');
    if (typeof signal === 'string' && isImage(node.get(signal), h5wasm)) return `${path}/${signal}`;
  }
  return undefined;
}

function findImage(file: Group, h5wasm: H5): string | undefined {
  return nexusImage(file, h5wasm) ?? file.paths().find((path) => isImage(file.get(path), h5wasm));
}

/** A `units` attribute as one of our unit spellings. */
const unitOf = (value: unknown) => normaliseUnit(typeof value === 'string' ? value : undefined);

interface AxisScale {
  start: number;
  step: number;
  unit: string | undefined;
}

/** Start, step and unit of each image axis (dataset order: slowest first) from the NXdata `@axes`. */
function axisScales(image: Dataset, h5wasm: H5): (AxisScale | undefined)[] {
  const rank = image.shape!.length;
  const axes = attr(image.parent, 'axes');
  const names = Array.isArray(axes) ? axes : typeof axes === 'string' ? [axes] : [];
  return Array.from({ length: rank }, (_, dim) => {
    const name = names[dim];
    const axis = typeof name === 'string' && name !== '.' ? image.parent.get(name) : null;
    if (!isDataset(axis, h5wasm) || axis.shape?.length !== 1 || axis.shape[0] !== image.shape![dim]) return undefined;
    const values = Array.from(axis.value as ArrayLike<number>, Number);
    const step = values.length > 1 ? (values.at(-1)! - values[0]!) / (values.length - 1) : 1;
    return { start: values[0]!, step, unit: unitOf(attr(axis, 'units')) };
  });
}

/** Geometry along x, y, z; axes in different units are converted to mm, descending axes flip direction. */
function spatialGeometry(scales: (AxisScale | undefined)[]): Geometry & { unit: string } {
  const xyz = scales.slice(-3).reverse();
  if (xyz.some((scale) => !scale)) {
    return { spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], unit: 'voxel' };
  }
  const { unit = 'mm', factors } = commonUnit(xyz.map((scale) => scale!.unit));
  return {
    spacing: xyz.map((scale, axis) => Math.abs(scale!.step) * factors[axis]!) as Vec3,
    origin: xyz.map((scale, axis) => scale!.start * factors[axis]!) as Vec3,
    direction: [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => (row === col ? Math.sign(xyz[col]!.step) || 1 : 0))),
    unit,
  };
}

const BITSHUFFLE_CODECS: Record<number, string> = { 0: 'no compression', 2: 'LZ4', 3: 'zstd' };

/** The dataset's filter pipeline in words, e.g. "bitshuffle with zstd (32008)". */
function describeFilters(dataset: Dataset): string {
  return dataset.filters
    .map(({ id, name, cd_values }) => {
      const short = name.split(/[;:]/)[0]!.trim() || `filter ${id}`;
      const codec = id === 32008 ? ` with ${BITSHUFFLE_CODECS[cd_values[4] ?? 0] ?? `codec ${cd_values[4]}`}` : '';
      return `${short}${codec} (${id})`;
    })
    .join(', ');
}

/** HDF5's error stack cut down to its last line, what a user can act on (empty after an abort). */
const hdf5Reason = (stack: string) => /minor: (.+)\s*$/.exec(stack.trim())?.[1] ?? (stack.split('\n')[0] || 'HDF5 gave no reason');

function readError(where: string, dataset: Dataset, z0: number, count: number, stack: string): VoxbenchError {
  const missing = /required filter '([^']+)' is not registered/.exec(stack)?.[1];
  if (missing) {
    return new VoxbenchError('UnsupportedFilter', `${where} is compressed with the HDF5 filter '${missing}', which this Voxbench cannot decode.`);
  }
  if (/filter returned failure during read/.test(stack)) {
    return new VoxbenchError('UnsupportedFilter', `${where}: its filters (${describeFilters(dataset)}) failed to decode slices ${z0}-${z0 + count - 1}; this Voxbench's plugins cannot decode that combination, or the data is damaged.`);
  }
  return new VoxbenchError('ReadError', `${where}: reading slices ${z0}-${z0 + count - 1} failed: ${hdf5Reason(stack)}`);
}

/** The direction hdf5Write.ts keeps for volumes whose axes are not aligned with LPS. */
function obliqueDirection(image: Dataset): { direction?: number[] } {
  const direction = attr(image, 'voxbench_direction');
  return Array.isArray(direction) && direction.length === 9 ? { direction: direction.map(Number) } : {};
}

/** From the NXdata axes (or hdf5Write's direction), placed in the lab by an NXtransformations chain if any. */
function geometryOf(h5wasm: H5, file: Group, image: Dataset, where: string): Geometry & { unit: string } {
  const local = { ...spatialGeometry(axisScales(image, h5wasm)), ...obliqueDirection(image) };
  // Placements are lengths: an image without physical axes has nothing to place them in.
  const placement = local.unit === 'voxel' ? undefined : nexusPlacement(h5wasm, file, image, local.unit, where);
  return placement ? { ...local, ...placed(local, placement) } : local;
}

/**
 * A damaged dataspace can claim 10^11 slices of fill value: refused before reading when the file could not
 * hold it. Contiguous data needs its bytes in the file; chunked data at least one byte per chunk (a
 * generous bound for any compression).
 */
function refuseUnholdable(image: Dataset, shape: number[], fileBytes: number, where: string): void {
  const chunks = image.metadata.chunks;
  const stored = chunks?.length === shape.length
    ? shape.reduce((count, extent, dim) => count * Math.ceil(extent / Math.max(1, chunks[dim]!)), 1)
    : shape.reduce((voxels, extent) => voxels * extent, image.metadata.size);
  if (stored > fileBytes) {
    const what = chunks ? `${stored} chunks` : `${stored} bytes`;
    throw new VoxbenchError('CorruptFile', `${where} claims shape [${shape.join(', ')}] (${what}), more than this ${fileBytes}-byte file can hold: its header is damaged.`);
  }
}

/** The storage chunks of a chunked dataset, [x, y, z] (the last three dataset axes, reversed). */
function chunkShape(image: Dataset): { chunks?: Vec3 } {
  const stored = image.metadata.chunks;
  return stored && stored.length >= 3 ? { chunks: [stored.at(-1)!, stored.at(-2)!, stored.at(-3)!] } : {};
}

type H5File = InstanceType<H5['File']>;

/** Reads decoded by the native addon where the dataset's chunks allow it (hdf5NativeChunks.ts), else undefined. */
function nativeReads(h5wasm: H5, file: H5File, image: Dataset, path: string, datasetPath: string, dtype: Dtype, dims: Vec3, where: string) {
  const { chunks } = chunkShape(image);
  const filters = nativePipeline(image.filters, image.metadata.size);
  if (!chunks || !filters || !image.metadata.littleEndian) return undefined;
  // An HDF5 object reference is the object header's address in the file.
  const reference = Uint8Array.from(h5wasm.Module.create_object_reference(file.file_id, datasetPath));
  const objectHeader = Number(new DataView(reference.buffer).getBigUint64(0, true));
  const fd = openSync(path, 'r');
  const read = nativeRegionReader({ fd, objectHeader, filters, dtype, dims, chunks, where });
  if (!read) {
    closeSync(fd);
    return undefined;
  }
  // The addon's threads pread from the descriptor: it closes once the reads under way are done (a number closed
  // early could be reused by another file).
  const reading = new Set<Promise<unknown>>();
  return {
    read: (box: Box, into?: VoxelArray) => {
      const voxels = read(box, into);
      reading.add(voxels);
      void voxels.catch(() => undefined).finally(() => reading.delete(voxels));
      return voxels;
    },
    close: async () => {
      await Promise.allSettled(reading);
      closeSync(fd);
    },
  };
}

/** Runs `work` on the open file at the edge, closing the file when it fails. */
async function withFile<T>(path: string, where: () => string, work: (file: H5File, h5wasm: H5) => T): Promise<T> {
  const h5wasm = await loadH5();
  const file = atEdge(() => `${basename(path)} (opening it as HDF5)`, () => new h5wasm.File(path, 'r'));
  try {
    return atEdge(where, () => work(file, h5wasm));
  } catch (error) {
    try {
      file.close();
    } catch {
      // A file of a crashed module cannot close; the module is discarded with it.
    }
    throw error;
  }
}

async function open(path: string, { choice, frame = 0 }: OpenOptions): Promise<VolumeSource> {
  const name = basename(path);
  const fileBytes = statSync(path).size; // blocking: reader threads open (registry.ts openScan)
  let where = name;
  const module = instance;
  return withFile(path, () => where, (file, h5wasm) => {
    const found = choice ?? findImage(file, h5wasm);
    if (!found) throw new VoxbenchError('NoImage', `${name} holds no dataset with three or more dimensions.`);
    const datasetPath = `/${found.replace(/^\/+/, '')}`;
    where = `${name}:${datasetPath}`;
    const image = file.get(datasetPath);
    if (!isDataset(image, h5wasm)) throw new VoxbenchError('NoImage', `${name} has no dataset ${datasetPath}.`);
    const dtype = dtypeOf(image);
    if (!dtype) throw new VoxbenchError('UnsupportedDatatype', `${where} stores ${JSON.stringify(image.dtype)}; Voxbench reads 8-32 bit integers and floats.`);
    const shape = image.shape ?? [];
    if (shape.length < 3 || shape.length > 4) throw new VoxbenchError('NotAVolume', `${where} has shape [${shape.join(', ')}]; a volume needs 3 dimensions (4 with frames).`);
    refuseUnholdable(image, shape, fileBytes, where);
    const hasFrames = shape.length === 4;
    if (frame >= (hasFrames ? shape[0]! : 1)) throw new VoxbenchError('NoSuchFrame', `${where} has ${hasFrames ? shape[0] : 1} frame(s); frame ${frame} does not exist.`);
    const offset = hasFrames ? 1 : 0;
    const dims = [shape[offset + 2]!, shape[offset + 1]!, shape[offset]!] as Vec3;
    const native = hasFrames ? undefined : nativeReads(h5wasm, file, image, path, datasetPath, dtype, dims, where);
    /** A hyperslab in dataset order (z, y, x), of the chosen frame. */
    const read = async (ranges: [number, number][], z0: number, count: number, into?: VoxelArray) =>
      native
        ? native.read({ min: [ranges[2]?.[0] ?? 0, ranges[1]?.[0] ?? 0, ranges[0]![0]], max: [ranges[2]?.[1] ?? dims[0], ranges[1]?.[1] ?? dims[1], ranges[0]![1]] }, into)
        : atEdge(() => where, () => image.slice(hasFrames ? [[frame, frame + 1], ...ranges] : ranges) as VoxelArray, { dataset: image, z0, count });
    const source: VolumeSource = {
      meta: {
        name,
        path,
        format: 'hdf5',
        frame: 'sample', // NeXus and plain HDF5 place a sample on an instrument, never a patient
        dims,
        ...geometryOf(h5wasm, file, image, where),
        dtype,
        storedType: dtype,
        valueUnit: unitOf(attr(image, 'units')),
        dataset: datasetPath,
        ...(hasFrames && { frames: { count: shape[0]!, shown: frame } }),
      },
      ...chunkShape(image),
      ...(native && { decodesOnThreads: true }),
      readSlab: (z0, count, into) => read([[z0, z0 + count]], z0, count, into),
      readRegion: ({ min, max }) => read([2, 1, 0].map((axis) => [min[axis]!, max[axis]!]), min[2], max[2] - min[2]),
      // A file of a crashed (discarded) module has nothing left to close.
      close: async () => {
        await native?.close();
        if (module === instance) atEdge(() => where, () => file.close());
      },
    };
    return source;
  });
}

/** Every numeric dataset of three or more dimensions, the NeXus default first (and preferred). */
async function candidates(path: string): Promise<Candidate[]> {
  return withFile(path, () => basename(path), (file, h5wasm) => {
    const absolute = (entry: string) => `/${entry.replace(/^\/+/, '')}`;
    const named = nexusImage(file, h5wasm);
    const preferred = named && absolute(named);
    const images = file.paths().filter((entry) => isImage(file.get(entry), h5wasm)).map(absolute);
    images.sort((a, b) => Number(b === preferred) - Number(a === preferred));
    return images.map((entry): Candidate => {
      const dataset = file.get(entry) as Dataset;
      const shape = dataset.shape!;
      const frames = shape.length === 4 ? [shape[0]!] : [];
      return {
        choice: entry,
        label: entry,
        dims: [...shape.slice(-3).reverse(), ...frames],
        detail: `${dtypeOf(dataset)}${entry === preferred ? ', NeXus default' : ''}`,
        ...(entry === preferred && { preferred: true }),
      };
    });
  });
}

export const hdf5Reader: ScanReader = {
  format: 'hdf5',
  extensions: ['.h5', '.hdf5', '.nxs', '.hdf', '.nx5'],
  sniff: (head) => hasSignatureAt(head, 0) || hasSignatureAt(head, 512),
  candidates,
  open,
};
