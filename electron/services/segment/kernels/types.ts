// Shapes shared by every kernel: flat x-fastest volumes, index = x + dims[0] * (y + dims[1] * z).
export type Dims = readonly [number, number, number];
/** mm per voxel along x, y, z. */
export type Spacing = readonly [number, number, number];
export type Connectivity = 6 | 18 | 26;
export type Scalars = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
/** 0 or 1 per voxel. */
export type Mask = Uint8Array;
/** 0 = background. */
export type Labels = Uint8Array | Uint16Array;
export interface Components {
  labels: Uint32Array;
  count: number;
  /** sizes[k] = voxels of component k, sizes[0] = 0. */
  sizes: Float64Array;
}
export interface Mesh {
  positions: Float32Array;
  indices: Uint32Array;
}
