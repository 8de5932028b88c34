// NIfTI-1/2 (.nii, .nii.gz). Header parsing by nifti-reader-js; geometry from sform, else qform, else
// pixdim (NIfTI method 1); scl_slope/scl_inter applied, so voxels are the values the user sees. A 4-D
// image is a series of volumes (time points): OpenOptions.frame picks one.
import { basename } from 'node:path';
import * as nifti from 'nifti-reader-js';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { geometryFromRasAffine, type Geometry } from '../volume/geometry.js';
import { bytesPerVoxel, voxelArray, type VolumeSource } from '../volume/model.js';
import { gzipStatedSize, openFileBytes, type FileBytes } from './fileBytes.js';
import { ownBuffer, swapBytes, toArrayBuffer } from './rawVoxels.js';
import type { ScanReader } from './reader.js';

const dtypeOfCode: Record<number, Dtype> = {
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  64: 'float64',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
};

const unitOfCode: Record<number, string> = { 0: 'mm', 1: 'm', 2: 'mm', 3: 'µm' };

function isNiftiHead(head: Uint8Array): boolean {
  return head.length >= 348 && nifti.isNIFTI(toArrayBuffer(head));
}

type Header = nifti.NIFTI1 | nifti.NIFTI2;

/** NIfTI-1 and NIfTI-2 sizeof_hdr, and where each keeps its magic ('n+1' / 'n+2'). */
const MAGIC_AT: Record<number, number> = { 348: 344, 540: 4 };

/**
 * The header, parsed from exactly its own bytes: nifti-reader-js then skips the extensions (which Voxbench
 * does not use, and whose parser loops or throws on damaged sizes) and never tries to inflate the header.
 */
function parseHeader(bytes: Uint8Array, name: string): { header: Header; size: number } {
  if (bytes.length === 0) throw new VoxbenchError('TruncatedFile', `${name} is empty.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length < 4 ? undefined : [view.getInt32(0, true), view.getInt32(0, false)].find((value) => value in MAGIC_AT);
  if (!size) throw new VoxbenchError('CorruptFile', `${name} has no NIfTI header: it does not start with a header size of 348 (NIfTI-1) or 540 (NIfTI-2).`);
  if (bytes.length < size) throw new VoxbenchError('TruncatedFile', `${name} is truncated inside its NIfTI header (${bytes.length} of ${size} bytes).`);
  const version = size === 348 ? 1 : 2;
  const magic = String.fromCharCode(...bytes.subarray(MAGIC_AT[size]!, MAGIC_AT[size]! + 3));
  if (magic === `ni${version}`) throw new VoxbenchError('UnsupportedFormat', `${name} is the header of a .hdr/.img pair; Voxbench reads single-file NIfTI (.nii, .nii.gz).`);
  if (magic !== `n+${version}`) throw new VoxbenchError('CorruptFile', `${name} has a NIfTI-${version} header size but not the magic 'n+${version}'.`);
  const header = version === 1 ? new nifti.NIFTI1() : new nifti.NIFTI2();
  try {
    header.readHeader(toArrayBuffer(bytes.subarray(0, size)));
  } catch (error) {
    throw new VoxbenchError('CorruptFile', `${name} has a damaged NIfTI header (${(error as Error).message}).`);
  }
  return { header, size };
}

/** x, y, z and the number of volumes after them (time points, or the product of dims 4-7). */
function volumeDims(header: Header, name: string): { dims: Vec3; frames: number } {
  const rank = header.dims[0]!;
  const all = [1, 2, 3, 4, 5, 6, 7].map((axis) => (axis <= rank ? header.dims[axis]! : 1));
  if (rank < 1 || rank > 7 || all.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw new VoxbenchError('CorruptFile', `${name} has impossible dimensions ${JSON.stringify(header.dims.slice(1, rank + 1))} (rank ${rank}).`);
  }
  return { dims: all.slice(0, 3) as Vec3, frames: all.slice(3).reduce((product, n) => product * n, 1) };
}

/** Where the voxels start: vox_offset, or right after the header and extension flags when a writer left 0. */
function voxelOffset(header: Header, headerSize: number, name: string): number {
  const offset = header.vox_offset === 0 ? headerSize + 4 : header.vox_offset;
  if (!Number.isSafeInteger(offset) || offset < headerSize + 4) {
    throw new VoxbenchError('CorruptFile', `${name} has an impossible vox_offset ${header.vox_offset}: its voxels must start at a whole byte from ${headerSize + 4} on.`);
  }
  return offset;
}

/** The sform rows as stored (NIfTI-1 float32 at 280, NIfTI-2 float64 at 400), with the affine's last row. */
function sformRows(bytes: Uint8Array, header: Header): number[][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [at, width] = header instanceof nifti.NIFTI1 ? [280, 4] : [400, 8];
  const value = (offset: number) => (width === 4 ? view.getFloat32(offset, header.littleEndian) : view.getFloat64(offset, header.littleEndian));
  const rows = [0, 1, 2].map((row) => [0, 1, 2, 3].map((col) => value(at + (row * 4 + col) * width)));
  return [...rows, [0, 0, 0, 1]];
}

/**
 * nibabel's rule (and the README's): the sform whenever sform_code > 0, else the qform, else voxel sizes.
 * nifti-reader-js's `affine` prefers the qform when its code is higher, so it is not used.
 * NaN, infinite or zero-length axes fall back to the voxel sizes.
 */
function geometryOf(header: Header, bytes: Uint8Array): Geometry {
  const methodOne = geometryFromRasAffine(methodOneAffine(header.pixDims));
  if (header.qform_code <= 0 && header.sform_code <= 0) return methodOne;
  const geometry = geometryFromRasAffine(header.sform_code > 0 ? sformRows(bytes, header) : header.getQformMat());
  const values = [...geometry.spacing, ...geometry.origin, ...geometry.direction];
  return values.every(Number.isFinite) && geometry.spacing.every((step) => step > 0) ? geometry : methodOne;
}

/** CIFTI-2 (intents 3000-3099) keeps its brain model in an XML extension: its voxel grid is not an image. */
function refuseCifti(header: Header, name: string): void {
  if (header.intent_code >= 3000 && header.intent_code < 3100) {
    throw new VoxbenchError(
      'UnsupportedFormat',
      `${name} is a CIFTI-2 file (NIfTI intent code ${header.intent_code}): its data are brain-model matrices, not a volume; Voxbench does not read CIFTI (open it in Connectome Workbench).`,
    );
  }
}

async function open(path: string, frame: number): Promise<VolumeSource> {
  const file = await openFileBytes(path);
  try {
    const head = await file.read(0, 544);
    return await volumeSource(file, { ...parseHeader(head, basename(path)), head }, path, frame);
  } catch (error) {
    await file.close();
    throw error;
  }
}

async function volumeSource(file: FileBytes, { header, size, head }: { header: Header; size: number; head: Uint8Array }, path: string, frame: number): Promise<VolumeSource> {
  const name = basename(path);
  refuseCifti(header, name);
  const storedType = dtypeOfCode[header.datatypeCode];
  if (!storedType) {
    throw new VoxbenchError('UnsupportedDatatype', `${name} stores NIfTI datatype ${header.datatypeCode}; Voxbench reads 8-64 bit integer and float scalars.`);
  }
  const { dims, frames } = volumeDims(header, name);
  if (!(frame < frames)) throw new VoxbenchError('NoSuchFrame', `${name} has ${frames} volume(s); volume ${frame} does not exist.`);
  const width = bytesPerVoxel(storedType);
  const sliceBytes = dims[0] * dims[1] * width;
  const offset = voxelOffset(header, size, name) + frame * sliceBytes * dims[2];
  // Checked before anything is allocated: a header claiming 2^45 bytes is refused here. A gzip stream's
  // length shows only as it inflates: shorter than promised, a read reports it.
  const needed = offset + sliceBytes * dims[2] * (frames - frame);
  if (!(needed <= file.size)) {
    throw file.compressed
      ? new VoxbenchError('CorruptFile', `${name} claims ${needed} bytes of header and voxels, more than its gzip stream can inflate to: the header is damaged.`)
      : new VoxbenchError('TruncatedFile', `${name} is truncated: its header promises ${needed} bytes, the file has ${file.size}.`);
  }
  file.declare(needed);
  const frameBytes = sliceBytes * dims[2];
  if (file.compressed && frames > 1) await checkFramesPresent(path, file, { first: needed - frames * frameBytes, frameBytes, frames });

  const slope = header.scl_slope;
  const inter = header.scl_inter;
  // As nibabel: a slope of 0 or not finite means no scaling; a valid slope with an invalid intercept is damage.
  const scaled = Number.isFinite(slope) && slope !== 0 && (slope !== 1 || inter !== 0);
  if (scaled && !Number.isFinite(inter)) throw new VoxbenchError('CorruptFile', `${name} has scl_slope ${slope} with an invalid scl_inter ${inter}.`);
  const dtype: Dtype = scaled ? (storedType === 'float64' ? 'float64' : 'float32') : storedType;

  return {
    meta: {
      name,
      path,
      format: 'nifti',
      dims,
      ...geometryOf(header, head),
      dtype,
      storedType,
      unit: unitOfCode[header.xyzt_units & nifti.NIFTI1.SPATIAL_UNITS_MASK] ?? 'mm',
      ...(frames > 1 && { frames: { count: frames, shown: frame } }),
    },
    async readSlab(z0, count) {
      const bytes = await file.read(offset + z0 * sliceBytes, count * sliceBytes);
      if (bytes.length !== count * sliceBytes) throw new VoxbenchError('TruncatedFile', `${name} ended while reading slices ${z0}-${z0 + count - 1}.`);
      if (!header.littleEndian) swapBytes(bytes, width);
      const stored = voxelArray(storedType, ownBuffer(bytes));
      if (!scaled) return stored;
      const values = voxelArray(dtype, new ArrayBuffer(stored.length * bytesPerVoxel(dtype)));
      for (let i = 0; i < stored.length; i++) values[i] = stored[i]! * slope + inter;
      return values;
    },
    close: () => file.close(),
  };
}

/**
 * A 4-D .nii.gz cut short would show its first frames and hide the loss: its gzip trailer states the
 * inflated length; where that disagrees, the stream is inflated frame by frame to count the whole ones.
 */
async function checkFramesPresent(path: string, file: FileBytes, { first, frameBytes, frames }: { first: number; frameBytes: number; frames: number }): Promise<void> {
  const needed = first + frames * frameBytes;
  if ((await gzipStatedSize(path)) === needed % 2 ** 32) return;
  let whole = 0;
  for (; whole < frames; whole++) {
    const last = await file.read(first + (whole + 1) * frameBytes - 1, 1).catch((error: unknown) => {
      if (error instanceof VoxbenchError && error.kind === 'TruncatedFile') return new Uint8Array(0);
      throw error;
    });
    if (!last.length) break;
  }
  if (whole < frames) {
    const missing = whole + 1 === frames ? `frame ${frames} is` : `frames ${whole + 1}-${frames} are`;
    throw new VoxbenchError('TruncatedFile', `${basename(path)} is cut short: its header promises ${frames} frames, its gzip stream holds ${whole} whole; ${missing} missing.`);
  }
}

/** NIfTI "method 1": no transform codes, only voxel sizes (1 where a size is 0 or not finite). */
function methodOneAffine(pixDims: number[]): number[][] {
  const size = (axis: number) => {
    const value = Math.abs(pixDims[axis] ?? 1);
    return Number.isFinite(value) && value > 0 ? value : 1;
  };
  return [
    [size(1), 0, 0, 0],
    [0, size(2), 0, 0],
    [0, 0, size(3), 0],
    [0, 0, 0, 1],
  ];
}

export const niftiReader: ScanReader = {
  format: 'nifti',
  extensions: ['.nii', '.nii.gz'],
  sniff: (head) => isNiftiHead(head),
  open: (path, { frame = 0 }) => open(path, frame),
};
