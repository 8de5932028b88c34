// Segmentation kernels: pure, synchronous functions on flat x-fastest typed arrays (callers run them in workers).
// Each runs in the C++ addon when it loaded (see native.ts), else in TypeScript; both are tested against scipy.
import { VoxbenchError } from '../../../common/errors.js';
import * as components from './components.js';
import * as distance from './distance.js';
import * as holes from './fillHoles.js';
import * as grow from './grow.js';
import { interpolateSlices as interpolateInTypeScript } from './interpolate.js';
import * as surface from './marchingCubes.js';
import { loadNativeKernels } from './native.js';
import * as smoothing from './smoothing.js';
import type { Components, Connectivity, Dims, Labels, Mask, Mesh, Scalars, Spacing } from './types.js';

export type { Components, Connectivity, Dims, Labels, Mask, Mesh, Scalars, Spacing } from './types.js';

const native = loadNativeKernels();

/** 'native' when the C++ addon loaded, else 'typescript'. VOXBENCH_KERNELS=typescript forces the fallback. */
export const kernelBackend: 'native' | 'typescript' = native ? 'native' : 'typescript';

const nativeFilter: smoothing.AxisFilter | undefined = native && ((volume, dims, axis, weights) => native.filterAxis(volume, ...dims, axis, weights));

/** Throws before any kernel (above all the C++ one) reads past the end of an array that does not match dims. */
function checkVolume(name: string, array: ArrayLike<number>, dims: Dims): void {
  const voxels = dims[0] * dims[1] * dims[2];
  if (!dims.every((n) => Number.isInteger(n) && n > 0) || array.length !== voxels) {
    throw new VoxbenchError('InvalidKernelInput', `${name} has ${array.length} voxels but dims ${dims.join('×')} need ${voxels}`);
  }
  // Voxel indices and labels are 32-bit: larger volumes are processed by region.
  if (voxels >= 2 ** 32) throw new VoxbenchError('VolumeTooLarge', `${name} of ${dims.join('×')} voxels is too large for one kernel call; process it by region`);
}

export function labelComponents(mask: Mask, dims: Dims, connectivity: Connectivity): Components {
  checkVolume('mask', mask, dims);
  return native ? native.labelComponents(mask, ...dims, connectivity) : components.labelComponents(mask, dims, connectivity);
}

export function keepLargestComponent(mask: Mask, dims: Dims, connectivity: Connectivity): Mask {
  const { labels, sizes } = labelComponents(mask, dims, connectivity);
  const largest = sizes.reduce((best, size, label) => (size > sizes[best]! ? label : best), 0);
  return keepLabels(labels, (label) => label === largest);
}

export function removeSmallComponents(mask: Mask, dims: Dims, connectivity: Connectivity, minVoxels: number): Mask {
  const { labels, sizes } = labelComponents(mask, dims, connectivity);
  return keepLabels(labels, (label) => sizes[label]! >= minVoxels);
}

/** Mask of the voxels whose component (never the background) passes `keep`, decided once per label. */
function keepLabels(labels: Uint32Array, keep: (label: number) => boolean): Mask {
  const kept = new Uint8Array(labels.reduce((top, label) => Math.max(top, label), 0) + 1).map((_, label) => (label > 0 && keep(label) ? 1 : 0));
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = kept[labels[i]!]!;
  return out;
}

/** Voxels connected to any seed (linear indices) whose value lies in [lo, hi]; `allowed` (optional) limits where it may grow. */
export function growRegion(image: Scalars, dims: Dims, seeds: readonly number[], range: readonly [number, number], connectivity: Connectivity, allowed?: Mask): Mask {
  checkVolume('image', image, dims);
  if (allowed) checkVolume('allowed mask', allowed, dims);
  if (!native) return grow.growRegion(image, dims, seeds, range, connectivity, allowed);
  return native.growRegion(image, ...dims, Float64Array.from(seeds), range[0], range[1], connectivity, allowed ?? null);
}

/** Multi-label grow: every voxel (within `range` if given) takes the label of the seed that reaches it by the cheapest path (cost = intensity differences). Seeds = voxels > 0 of `seeds`. */
export function growFromSeeds(image: Scalars, dims: Dims, seeds: Labels, range?: readonly [number, number]): Labels {
  checkVolume('image', image, dims);
  checkVolume('seeds', seeds, dims);
  if (!native) return grow.growFromSeeds(image, dims, seeds, range);
  return native.growFromSeeds(image, ...dims, seeds, range?.[0] ?? null, range?.[1] ?? null);
}

/** Euclidean distance in mm from each voxel to the nearest voxel with mask = 1 (0 on the mask), anisotropic. */
export function distanceTransform(mask: Mask, dims: Dims, spacing: Spacing): Float32Array {
  checkVolume('mask', mask, dims);
  return native ? native.distanceTransform(mask, ...dims, ...spacing) : distance.distanceTransform(mask, dims, spacing);
}

/** Voxels within `mm` of the mask (a ball in physical units, not voxels). */
export function dilate(mask: Mask, dims: Dims, spacing: Spacing, mm: number): Mask {
  checkVolume('mask', mask, dims);
  if (!(mm > 0)) return mask.slice();
  return native ? native.morphology(mask, ...dims, ...spacing, mm, false) : distance.dilate(mask, dims, spacing, mm);
}

/** Voxels farther than `mm` from the outside (the volume's border is not outside). */
export function erode(mask: Mask, dims: Dims, spacing: Spacing, mm: number): Mask {
  checkVolume('mask', mask, dims);
  if (!(mm > 0)) return mask.slice();
  return native ? native.morphology(mask, ...dims, ...spacing, mm, true) : distance.erode(mask, dims, spacing, mm);
}

/** scipy.ndimage.binary_fill_holes in 3-D, or slice by slice across `perSliceAxis`. */
export function fillHoles(mask: Mask, dims: Dims, perSliceAxis?: 0 | 1 | 2): Mask {
  checkVolume('mask', mask, dims);
  return native ? native.fillHoles(mask, ...dims, perSliceAxis ?? -1) : holes.fillHoles(mask, dims, perSliceAxis);
}

/** Iso-surface at `level`; positions are index * spacing (mm, voxel 0's centre at 0), triangles outward-facing. */
export function marchingCubes(volume: Scalars, dims: Dims, spacing: Spacing, level: number): Mesh {
  checkVolume('volume', volume, dims);
  return native ? native.marchingCubes(volume, ...dims, ...spacing, level) : surface.marchingCubes(volume, dims, spacing, level);
}

/** Median of the binary mask over a (2r+1)^3 box. */
export function medianFilter(mask: Mask, dims: Dims, radiusVoxels: number): Mask {
  checkVolume('mask', mask, dims);
  return smoothing.medianFilter(mask, dims, radiusVoxels, nativeFilter);
}

/** Gaussian blur (sigma in mm) of the mask, thresholded at 0.5. */
export function gaussianSmooth(mask: Mask, dims: Dims, spacing: Spacing, sigmaMm: number): Mask {
  checkVolume('mask', mask, dims);
  return smoothing.gaussianSmooth(mask, dims, spacing, sigmaMm, nativeFilter);
}

/** Fills the slices between sparsely painted slices along `axis` (morphological contour interpolation, as ITK and 3D Slicer). */
export function interpolateSlices(mask: Mask, dims: Dims, axis: 0 | 1 | 2): Mask {
  checkVolume('mask', mask, dims);
  return interpolateInTypeScript(mask, dims, axis);
}
