// NIfTI-1/2 (.nii, .nii.gz). Header parsing by nifti-reader-js; geometry from sform, else qform, else
// pixdim (NIfTI method 1); scl_slope/scl_inter applied, so voxels are the values the user sees.
import { basename } from 'node:path';
import * as nifti from 'nifti-reader-js';
import type { Dtype, Vec3 } from '../contract.js';
import { VoxbenchError } from '../errors.js';
import { geometryFromRasAffine } from '../volume/geometry.js';
import { bytesPerVoxel, voxelArray, type VolumeSource } from '../volume/model.js';
import { openFileBytes } from './fileBytes.js';
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

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

function isNiftiHead(head: Uint8Array): boolean {
  return head.length >= 348 && nifti.isNIFTI(toArrayBuffer(head));
}

async function open(path: string): Promise<VolumeSource> {
  const name = basename(path);
  const file = await openFileBytes(path);
  const header = nifti.readHeader(toArrayBuffer(await file.read(0, 544)));
  if (!header) throw new VoxbenchError('CorruptFile', `${name} has no valid NIfTI header.`);
  const storedType = dtypeOfCode[header.datatypeCode];
  if (!storedType) {
    throw new VoxbenchError('UnsupportedDatatype', `${name} stores NIfTI datatype ${header.datatypeCode}; Voxbench reads 8-64 bit integer and float scalars.`);
  }
  const rank = header.dims[0]!;
  const dims = [1, 2, 3].map((axis) => (axis <= rank ? header.dims[axis]! : 1)) as Vec3;
  if (rank < 1 || rank > 7 || dims.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new VoxbenchError('CorruptFile', `${name} has impossible dimensions ${JSON.stringify(header.dims.slice(1, rank + 1))}.`);
  }
  const width = bytesPerVoxel(storedType);
  const sliceBytes = dims[0] * dims[1] * width;
  const needed = header.vox_offset + sliceBytes * dims[2];
  if (file.size < needed) {
    await file.close();
    throw new VoxbenchError('TruncatedFile', `${name} is truncated: its header promises ${needed} bytes, the file has ${file.size}.`);
  }

  const slope = header.scl_slope;
  const inter = header.scl_inter;
  const scaled = Number.isFinite(slope) && slope !== 0 && (slope !== 1 || inter !== 0);
  const dtype: Dtype = scaled ? (storedType === 'float64' ? 'float64' : 'float32') : storedType;
  const affine = header.qform_code > 0 || header.sform_code > 0 ? header.affine : methodOneAffine(header.pixDims);

  return {
    meta: {
      name,
      path,
      format: 'nifti',
      dims,
      ...geometryFromRasAffine(affine),
      dtype,
      storedType,
      unit: unitOfCode[header.xyzt_units & nifti.NIFTI1.SPATIAL_UNITS_MASK] ?? 'mm',
    },
    async readSlab(z0, count) {
      const bytes = await file.read(header.vox_offset + z0 * sliceBytes, count * sliceBytes);
      if (!header.littleEndian) swapBytes(bytes, width);
      const stored = voxelArray(storedType, toArrayBuffer(bytes));
      if (!scaled) return stored;
      const values = voxelArray(dtype, new ArrayBuffer(stored.length * bytesPerVoxel(dtype)));
      for (let i = 0; i < stored.length; i++) values[i] = stored[i]! * slope + inter;
      return values;
    },
    close: () => file.close(),
  };
}

/** NIfTI "method 1": no transform codes, only voxel sizes. */
function methodOneAffine(pixDims: number[]): number[][] {
  const size = (axis: number) => Math.abs(pixDims[axis] || 1);
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
  open: (path) => open(path),
};
