// MRC / CCP4 maps (MRC2014), the format of electron tomography and cryo-EM (IMOD, RELION, mrcfile): a 1024-byte
// header, an extended header of NSYMBT bytes, then the voxels x fastest. The voxel size is CELLA / MXYZ in
// ångström, the origin the header's ORIGIN; the axes are a sample's, not a patient's.
import { basename } from 'node:path';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { VolumeSource } from '../volume/model.js';
import { openForReading, openRawVolume, readAt } from './rawVoxels.js';
import type { ScanReader } from './reader.js';

const HEADER_BYTES = 1024;

/** MRC2014 modes of one real value per voxel (mode 0 is signed since MRC2014, as mrcfile reads it). */
const MODES: Record<number, Dtype> = { 0: 'int8', 1: 'int16', 2: 'float32', 6: 'uint16' };
const OTHER_MODES: Record<number, string> = { 3: 'complex int16', 4: 'complex float32', 12: 'float16', 101: '4-bit packed' };

/** "MAP " at byte 208 marks MRC2000/2014 and CCP4 files. */
const isMrcHead = (head: Uint8Array) => head.length >= 212 && String.fromCharCode(...head.subarray(208, 212)) === 'MAP ';

/** MACHST: 0x44 0x4? little-endian, 0x11 0x11 big-endian; files from before MRC2000 have none (little-endian then). */
const isBigEndian = (header: DataView) => header.getUint8(212) === 0x11 && header.getUint8(213) === 0x11;

async function open(path: string, frame = 0): Promise<VolumeSource> {
  const name = basename(path);
  const fail = (kind: string, why: string): never => {
    throw new VoxbenchError(kind, `${name} ${why}`);
  };
  const handle = await openForReading(path);
  const bytes = await readAt(handle, 0, HEADER_BYTES).finally(() => handle.close());
  if (bytes.length < HEADER_BYTES) fail('TruncatedFile', `is cut short: an MRC header is ${HEADER_BYTES} bytes, the file holds ${bytes.length}.`);
  if (!isMrcHead(bytes)) fail('CorruptFile', 'is not an MRC/CCP4 map: it has no "MAP " mark at byte 208.');
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const little = !isBigEndian(header);
  const int = (at: number) => header.getInt32(at, little);
  const float = (at: number) => header.getFloat32(at, little);
  const triple = (read: (at: number) => number, at: number) => [read(at), read(at + 4), read(at + 8)] as Vec3;

  const dims = triple(int, 0);
  const mode = int(12);
  const dtype = MODES[mode] ?? fail('UnsupportedDatatype', `stores ${OTHER_MODES[mode] ?? `mode ${mode}`} voxels; Voxbench reads modes 0, 1, 2 and 6 (int8, int16, float32, uint16).`);
  const axes = triple(int, 64);
  if (axes.join() !== '1,2,3') fail('UnsupportedLayout', `stores its axes in the order MAPC/MAPR/MAPS = ${axes.join(', ')}; Voxbench reads maps stored x, y, z (1, 2, 3).`);
  const sampling = triple(int, 28);
  const cell = triple(float, 40);
  // A cell of 0 (IMOD writes one when unknown) or no sampling means no voxel size: 1 Å, as mrcfile reports 0.
  const spacing = cell.map((length, k) => (sampling[k]! > 0 && length > 0 ? length / sampling[k]! : 1)) as Vec3;
  const extended = int(92);
  if (extended < 0) fail('CorruptFile', `has a negative extended header size (NSYMBT = ${extended}).`);
  // A volume stack (ISPG 401–630) is a 4-D map: NZ counts every section, MZ one volume's.
  const frames = int(88) >= 401 && int(88) <= 630 && sampling[2]! > 0 && dims[2] % sampling[2]! === 0 ? dims[2] / sampling[2]! : 1;
  const depth = dims[2] / frames;
  if (frame >= frames) fail('NoSuchFrame', `has ${frames} volume(s); volume ${frame} does not exist.`);
  return openRawVolume(
    { name, dataPath: path, dims: [dims[0], dims[1], depth], dtype, bigEndian: !little, compression: 'none', offset: HEADER_BYTES + extended, frames, frame },
    { path, format: 'mrc', spacing, origin: triple(float, 196), direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], unit: 'Å', frame: 'sample' },
  );
}

export const mrcReader: ScanReader = {
  format: 'mrc',
  extensions: ['.mrc', '.rec', '.st', '.ali', '.map', '.ccp4', '.mrcs'],
  sniff: (head) => isMrcHead(head),
  open: (path, options) => open(path, options.frame),
};
