// HDF5 in the NeXus layout our reader and H5Web look for: /entry/data/data (z, y, x), chunked and gzip
// compressed, with axes in world (LPS) coordinates and units. An oblique direction, which NeXus axes cannot
// express, is kept in a `voxbench_direction` attribute.
import type { Dataset } from 'h5wasm';
import { loadH5 } from './hdf5.js';
import { slabs } from '../volume/model.js';
import { writeAtomically, type ScanWriter } from './writeScan.js';

const h5Dtype: Record<string, string> = {
  uint8: '<B',
  int8: '<b',
  uint16: '<H',
  int16: '<h',
  uint32: '<I',
  int32: '<i',
  float32: '<f',
  float64: '<d',
};

export const hdf5Writer: ScanWriter = {
  format: 'hdf5',
  extensions: ['.h5', '.hdf5', '.nxs'],
  async write(path, source) {
    const { meta } = source;
    const h5wasm = await loadH5();
    const [nx, ny, nz] = meta.dims;
    await writeAtomically(path, async (temporary) => {
      const file = new h5wasm.File(temporary, 'w');
      try {
        file.create_attribute('default', 'entry');
        const entry = file.create_group('entry');
        entry.create_attribute('NX_class', 'NXentry');
        entry.create_attribute('default', 'data');
        const group = entry.create_group('data');
        group.create_attribute('NX_class', 'NXdata');
        group.create_attribute('signal', 'data');
        group.create_attribute('axes', ['z', 'y', 'x']);
        // Axis-aligned directions (the usual case) are the signs of the axis steps; others need the attribute.
        const signs = [0, 1, 2].map((axis) => meta.direction[axis * 3 + axis]!);
        const axisAligned = meta.direction.every((value, i) => (i % 4 === 0 ? Math.abs(value) === 1 : value === 0));
        ['z', 'y', 'x'].forEach((axis, i) => {
          const index = 2 - i;
          const step = (axisAligned ? signs[index]! : 1) * meta.spacing[index]!;
          const values = Float64Array.from({ length: meta.dims[index]! }, (_, n) => meta.origin[index]! + n * step);
          group.create_dataset({ name: axis, data: values }).create_attribute('units', meta.unit);
        });
        let dataset: Dataset | undefined;
        let z = 0;
        for await (const slab of slabs(source)) {
          const depth = slab.length / (nx * ny);
          if (!dataset) {
            const chunks = [Math.min(nz, 32), Math.min(ny, 256), Math.min(nx, 256)];
            dataset = group.create_dataset({ name: 'data', data: slab, shape: [depth, ny, nx], maxshape: [nz, ny, nx], dtype: h5Dtype[meta.dtype], chunks, compression: 'gzip', compression_opts: 4 });
          } else {
            dataset.resize([z + depth, ny, nx]);
            dataset.write_slice([[z, z + depth]], slab);
          }
          z += depth;
        }
        if (meta.valueUnit) dataset?.create_attribute('units', meta.valueUnit);
        if (!axisAligned) dataset?.create_attribute('voxbench_direction', meta.direction);
      } finally {
        file.close();
      }
    });
  },
};
