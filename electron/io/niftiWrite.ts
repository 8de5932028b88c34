// Writes a NIfTI-1 (.nii or .nii.gz) whose sform holds the volume's geometry (qform left unset).
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Dtype } from '../contract.js';
import { rasAffineFromGeometry, type Geometry } from '../volume/geometry.js';
import type { VoxelArray } from '../volume/model.js';

const codeOfDtype: Record<Dtype, number> = {
  uint8: 2,
  int16: 4,
  int32: 8,
  float32: 16,
  float64: 64,
  int8: 256,
  uint16: 512,
  uint32: 768,
};

const HEADER_BYTES = 352;

export interface NiftiImage extends Geometry {
  dims: [number, number, number];
  voxels: VoxelArray;
  dtype: Dtype;
  description?: string;
}

export function encodeNifti(image: NiftiImage): Uint8Array {
  const header = new DataView(new ArrayBuffer(HEADER_BYTES));
  const affine = rasAffineFromGeometry(image);
  header.setInt32(0, 348, true);
  [3, ...image.dims, 1, 1, 1, 1].forEach((n, i) => header.setInt16(40 + 2 * i, n, true));
  header.setInt16(70, codeOfDtype[image.dtype], true);
  header.setInt16(72, image.voxels.BYTES_PER_ELEMENT * 8, true);
  [1, ...image.spacing, 1, 1, 1, 1].forEach((n, i) => header.setFloat32(76 + 4 * i, n, true));
  header.setFloat32(108, HEADER_BYTES, true);
  header.setFloat32(112, 1, true);
  header.setUint8(123, 2 + 8); // mm, seconds
  new TextEncoder().encodeInto((image.description ?? '').slice(0, 79), new Uint8Array(header.buffer, 148, 80));
  header.setInt16(254, 1, true); // sform_code: scanner anatomical; qform left unset
  affine.slice(0, 3).forEach((row, r) => row.forEach((n, c) => header.setFloat32(280 + 16 * r + 4 * c, n, true)));
  new Uint8Array(header.buffer).set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  const bytes = new Uint8Array(HEADER_BYTES + image.voxels.byteLength);
  bytes.set(new Uint8Array(header.buffer));
  bytes.set(new Uint8Array(image.voxels.buffer, image.voxels.byteOffset, image.voxels.byteLength), HEADER_BYTES);
  return bytes;
}

export async function writeNifti(path: string, image: NiftiImage): Promise<void> {
  const bytes = encodeNifti(image);
  await writeFile(path, path.endsWith('.gz') ? gzipSync(bytes, { level: 9 }) : bytes);
}
