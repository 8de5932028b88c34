// Per-segment statistics: voxel count, volume, intensity mean/std/min/max, surface area, bounding box; and
// the CSV the user exports. computeStatistics runs in a segment worker.
import type { Vec3 } from '../../common/contract.js';
import type { SegmentStatistics } from '../../common/segmentCalls.js';
import { marchingCubes, type Dims, type Labels, type Scalars, type Spacing } from './kernels/index.js';
import { readBox } from './regions.js';
import { meshMeasures } from './surface/measure.js';

interface Sums {
  voxels: number;
  sum: number;
  squares: number;
  min: number;
  max: number;
  low: Vec3;
  high: Vec3;
}

export const emptyStatistics = (value: number, name: string, unit: string): SegmentStatistics => ({ value, name, voxels: 0, volume: 0, unit, mean: NaN, std: NaN, min: NaN, max: NaN, surfaceArea: 0 });

export function computeStatistics(labels: Labels, image: Scalars, dims: Dims, spacing: Spacing, unit: string, segments: { value: number; name: string }[]): SegmentStatistics[] {
  const sums = new Map<number, Sums>(segments.map(({ value }) => [value, { voxels: 0, sum: 0, squares: 0, min: Infinity, max: -Infinity, low: [Infinity, Infinity, Infinity], high: [-1, -1, -1] }]));
  for (let z = 0, i = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      for (let x = 0; x < dims[0]; x++, i++) {
        const s = labels[i] ? sums.get(labels[i]!) : undefined;
        if (!s) continue;
        const value = image[i]!;
        s.voxels++;
        s.sum += value;
        s.squares += value * value;
        if (value < s.min) s.min = value;
        if (value > s.max) s.max = value;
        [x, y, z].forEach((c, k) => {
          if (c < s.low[k]!) s.low[k] = c;
          if (c > s.high[k]!) s.high[k] = c;
        });
      }
    }
  }
  const voxelVolume = spacing[0] * spacing[1] * spacing[2];
  return segments.map(({ value, name }) => {
    const s = sums.get(value)!;
    if (s.voxels === 0) return emptyStatistics(value, name, unit);
    const mean = s.sum / s.voxels;
    const box = { min: s.low, max: s.high.map((h) => h + 1) as Vec3 };
    return {
      value,
      name,
      voxels: s.voxels,
      volume: s.voxels * voxelVolume,
      unit,
      mean,
      std: Math.sqrt(Math.max(0, s.squares / s.voxels - mean * mean)),
      min: s.min,
      max: s.max,
      surfaceArea: surfaceArea(labels, dims, spacing, value, box),
      box,
    };
  });
}

/** Area of the marching-cubes surface of the segment, cropped to its box with one voxel of background around it. */
function surfaceArea(labels: Labels, dims: Dims, spacing: Spacing, value: number, box: { min: Vec3; max: Vec3 }): number {
  const cropped = readBox(labels, dims, box);
  const size = [0, 1, 2].map((k) => box.max[k]! - box.min[k]! + 2) as [number, number, number];
  const padded = new Uint8Array(size[0] * size[1] * size[2]);
  const [w, h] = [size[0] - 2, size[1] - 2];
  for (let z = 0, o = 0; z < size[2] - 2; z++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++, o++) if (cropped[o] === value) padded[x + 1 + size[0] * (y + 1 + size[1] * (z + 1))] = 1;
    }
  }
  return meshMeasures(marchingCubes(padded, size, spacing, 0.5)).area;
}

const csvField = (value: string | number) => (typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function statisticsCsv(rows: SegmentStatistics[]): string {
  const unit = rows[0]?.unit ?? 'mm';
  const header = ['label', 'name', 'voxels', `volume_${unit}3`, 'mean', 'std', 'min', 'max', `surface_area_${unit}2`, 'x_min', 'y_min', 'z_min', 'x_max', 'y_max', 'z_max'];
  const lines = rows.map((r) => [r.value, r.name, r.voxels, r.volume, r.mean, r.std, r.min, r.max, r.surfaceArea, ...(r.box ? [...r.box.min, ...r.box.max.map((m) => m - 1)] : ['', '', '', '', '', ''])].map(csvField).join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}
