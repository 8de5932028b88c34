// NIfTI-1 (.nii or .nii.gz) whose sform holds the volume's geometry (qform left unset).
import type { Dtype } from '../../common/contract.js';
import { rasAffineFromGeometry } from '../volume/geometry.js';
import { bytesPerVoxel } from '../volume/model.js';
import { madeFrom, writeHeaderAndVoxels, type ImageMeta, type ScanWriter } from './writeScan.js';

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

const unitCode: Record<string, number> = { m: 1, mm: 2, µm: 3 };

const HEADER_BYTES = 352;

export function niftiHeader(meta: ImageMeta, description = ''): Uint8Array {
  const header = new DataView(new ArrayBuffer(HEADER_BYTES));
  header.setInt32(0, 348, true);
  [3, ...meta.dims, 1, 1, 1, 1].forEach((n, i) => header.setInt16(40 + 2 * i, n, true));
  header.setInt16(70, codeOfDtype[meta.dtype], true);
  header.setInt16(72, bytesPerVoxel(meta.dtype) * 8, true);
  [1, ...meta.spacing, 1, 1, 1, 1].forEach((n, i) => header.setFloat32(76 + 4 * i, n, true));
  header.setFloat32(108, HEADER_BYTES, true);
  header.setFloat32(112, 1, true);
  header.setUint8(123, (unitCode[meta.unit] ?? 0) + 8); // spatial unit + seconds
  new TextEncoder().encodeInto(description.slice(0, 79), new Uint8Array(header.buffer, 148, 80));
  header.setInt16(254, 1, true); // sform_code: scanner anatomical; qform left unset
  rasAffineFromGeometry(meta)
    .slice(0, 3)
    .forEach((row, r) => row.forEach((n, c) => header.setFloat32(280 + 16 * r + 4 * c, n, true)));
  new Uint8Array(header.buffer).set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  return new Uint8Array(header.buffer);
}

export const niftiWriter: ScanWriter = {
  format: 'nifti',
  extensions: ['.nii', '.nii.gz'],
  write: (path, source) => writeHeaderAndVoxels(path, niftiHeader(source.meta, `Voxbench: ${madeFrom(source.meta)}`), source, path.endsWith('.gz') ? 'file' : 'none'),
};
