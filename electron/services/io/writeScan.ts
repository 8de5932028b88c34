// Writing a volume out: one writer per format, chosen by the output name; voxels stream slab by slab and
// land under a temporary name that is renamed only when complete, so a crash never leaves half a file.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { VoxbenchError } from '../../common/errors.js';
import { slabs, type VolumeMeta, type VolumeSource } from '../volume/model.js';

export type ImageMeta = Pick<VolumeMeta, 'name' | 'dims' | 'spacing' | 'origin' | 'direction' | 'dtype' | 'unit'> &
  Partial<Pick<VolumeMeta, 'valueUnit' | 'format'>>;

/** What a written file says it was made from: the scan's name, never a DICOM series' (its folder or its series
 * description may name the patient, and a converted volume may leave for the data centre). */
export const madeFrom = (meta: ImageMeta) => (meta.format === 'dicom' ? 'a DICOM series' : meta.name);

export interface ScanWriter {
  format: string;
  extensions: string[];
  /** Writes the whole of `source`, reading it slab by slab. */
  write(path: string, source: VolumeSource): Promise<void>;
}

/** Runs `write` against a temporary path and moves the result into place only if it succeeded. */
export async function writeAtomically(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = `${path}.partial`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true, recursive: true });
    throw error instanceof VoxbenchError ? error : new VoxbenchError('WriteFailed', `Writing ${basename(path)} failed: ${(error as Error).message}`);
  }
}

/** Where gzip applies: the whole file (.nii.gz), only the voxels after a plain header (NRRD), or nowhere. */
export type Compression = 'file' | 'voxels' | 'none';

/** A header then the voxel bytes, slab by slab. */
export async function writeHeaderAndVoxels(path: string, header: Uint8Array, source: VolumeSource, compression: Compression): Promise<void> {
  async function* voxels() {
    for await (const slab of slabs(source)) yield new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength);
  }
  async function* whole() {
    yield header;
    yield* voxels();
  }
  await writeAtomically(path, async (temporary) => {
    const out = createWriteStream(temporary);
    if (compression === 'voxels') out.write(header);
    const source = Readable.from(compression === 'voxels' ? voxels() : whole());
    await (compression === 'none' ? pipeline(source, out) : pipeline(source, createGzip({ level: 6 }), out));
  });
}
