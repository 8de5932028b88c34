// What the readers of "header + raw voxels" formats share (MetaImage, NRRD, ImageJ's contiguous TIFFs):
// byte order, size checks before anything is allocated, text headers, physical units, and a VolumeSource
// over voxels stored x fastest at an offset in a file, read slab by slab or inflated once when compressed.
import { constants } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { bytesPerVoxel, voxelArray, type VolumeMeta, type VolumeSource } from '../volume/model.js';

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The bytes' buffer when they fill it (fresh reads do), else a copy. */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : toArrayBuffer(bytes);
}

/** Reverses each `width`-byte value in place (big-endian file → little-endian typed array). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/** Largest single allocation a reader makes (one slab, one inflated stream): Node's limit, at most 4 GiB. */
const MAX_BYTES = Math.min(constants.MAX_LENGTH, 2 ** 32);

/** Refuses sizes that are not voxel counts, or whose slices or whole could never be allocated. */
export function checkSize(name: string, dims: number[], width: number): number {
  if (dims.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw new VoxbenchError('CorruptFile', `${name} has impossible dimensions [${dims.join(', ')}].`);
  }
  const total = dims.reduce((product, n) => product * n, width);
  if (dims[0]! * dims[1]! * width > MAX_BYTES || !Number.isSafeInteger(total)) {
    throw new VoxbenchError('TooLarge', `${name} claims ${dims.join('×')} voxels of ${width} bytes; one slice alone is more than Voxbench can hold in memory.`);
  }
  return total;
}

/** A file that would not open, as a FileNotFound naming it (and the header naming it). */
export function cannotOpen(path: string, error: NodeJS.ErrnoException, header?: string): VoxbenchError {
  const why = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a folder' : error.message;
  const cause = header && header !== basename(path) ? `${header} names its data file ${path}, which cannot be opened` : `Cannot open ${path}`;
  return new VoxbenchError('FileNotFound', `${cause}: ${why}.`);
}

/** Opens a file for reading; a missing file or a folder is a FileNotFound naming it, and the header naming it. */
export async function openForReading(path: string, header?: string): Promise<FileHandle> {
  return open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw cannotOpen(path, error, header);
  });
}

/** Reads up to `length` bytes at `offset`; fewer at the end of the file. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(Math.max(0, length));
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, offset);
  return bytesRead === bytes.length ? bytes : bytes.subarray(0, bytesRead);
}

const HEADER_CHUNK = 64 << 10;
const MAX_HEADER = 4 << 20;

/**
 * The text header at the start of a file, decoded as latin1 so string offsets are byte offsets.
 * `findEnd` gives the offset of the first data byte, or undefined while the header is not complete yet;
 * a file that ends first is all header (a detached header).
 */
export async function readTextHeader(path: string, findEnd: (text: string) => number | undefined): Promise<{ text: string; dataOffset: number; size: number }> {
  const handle = await openForReading(path);
  try {
    const { size } = await handle.stat();
    for (let length = HEADER_CHUNK; ; length *= 4) {
      const text = Buffer.from(await readAt(handle, 0, Math.min(length, size))).toString('latin1');
      const end = findEnd(text);
      if (end !== undefined) return { text: text.slice(0, end), dataOffset: end, size };
      if (text.length >= size) return { text, dataOffset: size, size };
      if (length >= MAX_HEADER) throw new VoxbenchError('CorruptFile', `${basename(path)} has no end to its text header in the first ${MAX_HEADER >> 20} MiB.`);
    }
  } finally {
    await handle.close();
  }
}

/** Numbers of a header value ("0.5 0.5 2", "(1,0,0)"); NaN where a word is not a number. */
export function numbers(value: string | undefined): number[] {
  return value?.trim() ? value.trim().split(/[\s,()]+/).filter(Boolean).map(Number) : [];
}

export interface VoxelLayout {
  /** Name of the header file, for messages. */
  name: string;
  dataPath: string;
  dims: Vec3;
  dtype: Dtype;
  bigEndian: boolean;
  /** 'deflate': a gzip or zlib stream (told apart by its first bytes), inflated once into memory. */
  compression: 'none' | 'deflate';
  /** Where the data starts in the file; 'end': its last bytes (NRRD byte skip -1, MetaImage HeaderSize -1). */
  offset: number | 'end';
  /** Bytes to drop from the inflated stream first (NRRD byte skip with gzip). */
  inflatedSkip?: number;
  /** Volumes stored one after the other (a 4-D image), and the one to read. */
  frames?: number;
  frame?: number;
  /** False where other bytes may follow the voxels (a TIFF's trailing IFDs and tags). */
  exactSize?: boolean;
}

/** Where the volume sits in the world and what it is called; the rest of its meta comes from the layout. */
export type Placement = Pick<VolumeMeta, 'path' | 'format' | 'spacing' | 'origin' | 'direction' | 'unit'> & Partial<Pick<VolumeMeta, 'storedType' | 'frame'>>;

/** A volume over the voxels a header describes; the data's size is checked against the header before any read. */
export async function openRawVolume(layout: VoxelLayout, placement: Placement): Promise<VolumeSource> {
  const { frames = 1, frame = 0 } = layout;
  const meta: VolumeMeta = {
    name: layout.name,
    dims: layout.dims,
    dtype: layout.dtype,
    storedType: layout.dtype,
    ...placement,
    ...(frames > 1 && { frames: { count: frames, shown: frame } }),
  };
  return { meta, ...(await openVoxels(layout)) };
}

async function openVoxels(layout: VoxelLayout): Promise<Pick<VolumeSource, 'readSlab' | 'close'>> {
  const { name, dims, dtype } = layout;
  const width = bytesPerVoxel(dtype);
  const volumeBytes = checkSize(name, [...dims, layout.frames ?? 1], width) / (layout.frames ?? 1);
  const needed = volumeBytes * (layout.frames ?? 1);
  const data = layout.compression === 'deflate' ? await inflated(layout, needed) : await rawData(layout, needed);
  const start = (layout.frame ?? 0) * volumeBytes;
  const sliceBytes = dims[0] * dims[1] * width;
  return {
    async readSlab(z0, count) {
      const bytes = await data.read(start + z0 * sliceBytes, count * sliceBytes);
      if (bytes.length !== count * sliceBytes) throw new VoxbenchError('TruncatedFile', `${name} became shorter while open: slices ${z0}-${z0 + count - 1} are missing.`);
      if (layout.bigEndian) swapBytes(bytes, width);
      return voxelArray(dtype, ownBuffer(bytes));
    },
    close: data.close,
  };
}

interface DataBytes {
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** `has` undefined: more than needed, by an amount not worth inflating to learn. */
function sizeError(layout: VoxelLayout, has: number | undefined, needed: number): VoxbenchError {
  const file = basename(layout.dataPath);
  const where = file === layout.name ? layout.name : `${layout.name} (data in ${file})`;
  const promise = `its header promises ${layout.dims.join('×')}${layout.frames && layout.frames > 1 ? `×${layout.frames}` : ''} ${layout.dtype} voxels (${needed} bytes)`;
  return has !== undefined && has < needed
    ? new VoxbenchError('TruncatedFile', `${where} is truncated: ${promise}, the data has ${Math.max(0, has)}.`)
    : new VoxbenchError('SizeMismatch', `${where} holds ${has ?? `more than ${needed}`} bytes of voxel data but ${promise}: the header's sizes or type are wrong.`);
}

async function rawData(layout: VoxelLayout, needed: number): Promise<DataBytes> {
  const handle = await openForReading(layout.dataPath, layout.name);
  const { size } = await handle.stat();
  const offset = layout.offset === 'end' ? size - needed : layout.offset;
  if (offset < 0 || size - offset < needed || (layout.exactSize !== false && size - offset !== needed)) {
    await handle.close();
    throw sizeError(layout, size - Math.max(0, offset), needed);
  }
  return { read: (at, length) => readAt(handle, offset + at, length), close: () => handle.close() };
}

async function inflated(layout: VoxelLayout, needed: number): Promise<DataBytes> {
  if (layout.offset === 'end') throw new VoxbenchError('CorruptFile', `${layout.name}: compressed data cannot be found from the end of the file (byte skip -1 needs raw encoding).`);
  const skip = layout.inflatedSkip ?? 0;
  if (needed + skip > MAX_BYTES) {
    throw new VoxbenchError('TooLarge', `${layout.name} inflates to ${needed + skip} bytes, more than Voxbench holds in memory at once; save it uncompressed to open it slice by slice.`);
  }
  const handle = await openForReading(layout.dataPath, layout.name);
  let stream: Uint8Array;
  try {
    const { size } = await handle.stat();
    stream = await readAt(handle, layout.offset, size - layout.offset);
  } finally {
    await handle.close();
  }
  let data: Uint8Array;
  try {
    // One byte more than promised tells "too much data" apart from "just right" without inflating a bomb.
    const options = { maxOutputLength: needed + skip + 1 };
    data = stream[0] === 0x1f && stream[1] === 0x8b ? gunzipSync(stream, options) : inflateSync(stream, options);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw sizeError(layout, undefined, needed);
    if (code === 'Z_BUF_ERROR') throw new VoxbenchError('TruncatedFile', `${layout.name} is truncated: its compressed voxel data ends early.`);
    throw new VoxbenchError('CorruptFile', `${layout.name}: its compressed voxel data is damaged (${message}).`);
  }
  if (data.length - skip !== needed) throw sizeError(layout, data.length - skip, needed);
  return { read: async (at, length) => data.slice(skip + at, skip + at + length), close: async () => undefined };
}
