// The HDF5 chunk index read from the file itself, against h5py's get_chunk_info on the same files
// (test/fixtures/make_hdf5_chunks.py): every chunk's origin, byte offset, stored size and filter mask.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkIndexOf } from '../../electron/services/io/hdf5ChunkIndex.js';
import { loadH5 } from '../../electron/services/io/hdf5.js';

const dir = 'test/fixtures/generated/hdf5_chunks';

interface Truth {
  dataset: string;
  dtype: string;
  shape: number[];
  chunks: number[];
  filters: number[];
  chunkIndex: { origin: number[]; address: number; size: number; filterMask: number }[];
  sha256: string;
}

const truth = (): Record<string, Truth> => JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));

/** The object header address, as an HDF5 object reference holds it (what h5wasm gives for a path). */
async function objectHeaderOf(file: string, dataset: string): Promise<number> {
  const h5wasm = await loadH5();
  const opened = new h5wasm.File(file, 'r');
  try {
    const reference = h5wasm.Module.create_object_reference(opened.file_id, dataset);
    return Number(new DataView(Uint8Array.from(reference).buffer).getBigUint64(0, true));
  } finally {
    opened.close();
  }
}

describe('HDF5 chunk index (h5py get_chunk_info as the reference)', () => {
  it.each(Object.keys(truth()))('%s: every chunk where h5py says', async (name) => {
    const expected = truth()[name]!;
    const fd = openSync(join(dir, name), 'r');
    try {
      const chunks = chunkIndexOf(fd, await objectHeaderOf(join(dir, name), expected.dataset));
      expect(chunks).toEqual(expected.chunkIndex);
    } finally {
      closeSync(fd);
    }
  });
});
