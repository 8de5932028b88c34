// A uint16 volume computed slab by slab, for pyramid builds of any size without a file.
import type { Vec3 } from '../../electron/common/contract';
import type { VolumeSource } from '../../electron/services/volume/model';

/** A uint16 volume computed on the fly: smooth ramps plus a hashed texture, so chunks differ and compress. */
export function syntheticSource(dims: Vec3, reads: number[] = []): VolumeSource {
  const [width, height, depth] = dims;
  return {
    meta: {
      name: 'synthetic',
      path: '/synthetic',
      format: 'test',
      dims,
      spacing: [0.5, 0.75, 1.25],
      origin: [-10, 20, 5],
      direction: [0, 1, 0, -1, 0, 0, 0, 0, 1],
      dtype: 'uint16',
      storedType: 'uint16',
      unit: 'mm',
    },
    async readSlab(z0, count) {
      if (z0 < 0 || count < 1 || z0 + count > depth) throw new Error(`slab ${z0}+${count} outside ${depth}`);
      reads.push(z0);
      const slab = new Uint16Array(width * height * count);
      for (let z = 0; z < count; z++) {
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const texture = Math.imul(x * 73856093 ^ y * 19349663 ^ (z0 + z) * 83492791, 0x9e3779b1) >>> 24;
            slab[(z * height + y) * width + x] = x * 97 + y * 61 + (z0 + z) * 131 + texture;
          }
        }
      }
      return slab;
    },
    close: async () => {},
  };
}
