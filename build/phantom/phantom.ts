// A 3-D Shepp–Logan head phantom (the modified-contrast ellipsoids of Schabel's phantom3d, rotations about
// the vertical axis only), sampled on an LPS grid centred on the origin. Values are the phantom's ×1000:
// skull 1000, brain 200, ventricles 0, small features 300, air 0.
import type { Vec3 } from '../../electron/common/contract.js';
import { indexToWorld, type Geometry } from '../../electron/services/volume/geometry.js';
import type { VolumeMeta } from '../../electron/services/volume/model.js';

interface Ellipsoid {
  value: number;
  radii: Vec3;
  centre: Vec3;
  /** Rotation about the vertical axis, degrees. */
  phi: number;
}

// Phantom axes: x to the patient's left, y anterior, z superior; unit = half the field of view.
export const ellipsoids: Ellipsoid[] = [
  { value: 1, radii: [0.69, 0.92, 0.81], centre: [0, 0, 0], phi: 0 },
  { value: -0.8, radii: [0.6624, 0.874, 0.78], centre: [0, -0.0184, 0], phi: 0 },
  { value: -0.2, radii: [0.11, 0.31, 0.22], centre: [0.22, 0, 0], phi: -18 },
  { value: -0.2, radii: [0.16, 0.41, 0.28], centre: [-0.22, 0, 0], phi: 18 },
  { value: 0.1, radii: [0.21, 0.25, 0.41], centre: [0, 0.35, -0.15], phi: 0 },
  { value: 0.1, radii: [0.046, 0.046, 0.05], centre: [0, 0.1, 0.25], phi: 0 },
  { value: 0.1, radii: [0.046, 0.046, 0.05], centre: [0, -0.1, 0.25], phi: 0 },
  { value: 0.1, radii: [0.046, 0.023, 0.05], centre: [-0.08, -0.605, 0], phi: 0 },
  { value: 0.1, radii: [0.023, 0.023, 0.02], centre: [0, -0.606, 0], phi: 0 },
  { value: 0.1, radii: [0.023, 0.046, 0.02], centre: [0.06, -0.605, 0], phi: 0 },
];

/** Phantom value (unscaled) at a point in phantom coordinates. */
export function phantomValue([x, y, z]: Vec3): number {
  let value = 0;
  for (const { value: add, radii, centre, phi } of ellipsoids) {
    const angle = (phi * Math.PI) / 180;
    const dx = x - centre[0];
    const dy = y - centre[1];
    const u = (Math.cos(angle) * dx + Math.sin(angle) * dy) / radii[0];
    const v = (-Math.sin(angle) * dx + Math.cos(angle) * dy) / radii[1];
    const w = (z - centre[2]) / radii[2];
    if (u * u + v * v + w * w <= 1) value += add;
  }
  return value;
}

export interface PhantomGrid extends Geometry {
  dims: Vec3;
  /** Half the field of view in mm: the phantom's unit length. */
  halfWidth: number;
}

export const defaultPhantomGrid: PhantomGrid = phantomGrid([128, 128, 96], [1.5, 1.5, 2]);

export function phantomGrid(dims: Vec3, spacing: Vec3): PhantomGrid {
  const origin = dims.map((n, axis) => (-(n - 1) / 2) * spacing[axis]!) as Vec3;
  const halfWidth = Math.max(...dims.map((n, axis) => (n * spacing[axis]!) / 2));
  return { dims, spacing, origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], halfWidth };
}

/** LPS world (mm) to phantom coordinates. */
export function worldToPhantom(grid: PhantomGrid, [x, y, z]: Vec3): Vec3 {
  return [x / grid.halfWidth, -y / grid.halfWidth, z / grid.halfWidth];
}

export function sampleSheppLogan(grid: PhantomGrid): Int16Array {
  const [nx, ny, nz] = grid.dims;
  const voxels = new Int16Array(nx * ny * nz);
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        voxels[n] = Math.round(1000 * phantomValue(worldToPhantom(grid, indexToWorld(grid, [i, j, k]))));
      }
    }
  }
  return voxels;
}

/** What the default phantom is, as a volume's metadata. */
export function phantomMeta(path: string, grid: PhantomGrid = defaultPhantomGrid): VolumeMeta {
  const { dims, spacing, origin, direction } = grid;
  return { name: 'Voxbench 3-D Shepp-Logan phantom', path, format: 'nifti', dims, spacing, origin, direction, dtype: 'int16', storedType: 'int16', unit: 'mm' };
}
