// Every kernel, on both backends (C++ addon and TypeScript), against scipy.ndimage / scikit-image on the same inputs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { itkInterpolate } from './interpolateReference.js';
import { computeReference, differences, meshMeasures, sameUpToRenumbering, type Reference } from './kernelReference.js';

type Kernels = typeof import('../../electron/services/segment/kernels/index.js');
let addonBuilt = false;
let ref: Reference;
beforeAll(() => {
  execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
  addonBuilt = existsSync('native/build/voxbench_kernels.node');
  ref = computeReference();
}, 120_000);

describe.each(['native', 'typescript'] as const)('%s kernels', (backend) => {
  let k: Kernels;
  beforeAll(async () => {
    process.env.VOXBENCH_KERNELS = backend === 'typescript' ? 'typescript' : '';
    vi.resetModules();
    k = await import('../../electron/services/segment/kernels/index.js');
  });

  it('runs on the requested backend', () => {
    expect(k.kernelBackend).toBe(backend === 'native' && addonBuilt ? 'native' : 'typescript');
  });

  it.each([6, 18, 26] as const)('labels components like scipy.ndimage.label with %i-connectivity', (connectivity) => {
    for (const name of ['noise', 'spheres']) {
      const expected = ref.array(`label_${name}_${connectivity}`, 'uint32');
      const { labels, count, sizes } = k.labelComponents(ref.array(name, 'uint8'), ref.dims, connectivity);
      expect(sameUpToRenumbering(labels, expected)).toBe(true);
      expect(count).toBe(Math.max(...expected));
      expect(sizes[0]).toBe(0);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(expected.filter((l) => l > 0).length);
    }
  });

  it('keeps the largest island and removes small ones', () => {
    const expected = ref.array('label_spheres_26', 'uint32');
    const sizes = new Map<number, number>();
    for (const l of expected) if (l) sizes.set(l, (sizes.get(l) ?? 0) + 1);
    const largest = [...sizes].sort((a, b) => b[1] - a[1])[0]![0];
    const kept = k.keepLargestComponent(ref.array('spheres', 'uint8'), ref.dims, 26);
    expect(differences(kept, Uint8Array.from(expected, (l) => (l === largest ? 1 : 0)))).toBe(0);
    const cleaned = k.removeSmallComponents(ref.array('spheres', 'uint8'), ref.dims, 26, 10);
    expect(differences(cleaned, Uint8Array.from(expected, (l) => ((sizes.get(l) ?? 0) >= 10 ? 1 : 0)))).toBe(0);
  });

  it('fills holes like scipy.ndimage.binary_fill_holes, in 3-D and per slice', () => {
    const mask = ref.array('spheres', 'uint8');
    expect(differences(k.fillHoles(mask, ref.dims), ref.array('fill_3d', 'uint8'))).toBe(0);
    for (const axis of [0, 1, 2] as const) expect(differences(k.fillHoles(mask, ref.dims, axis), ref.array(`fill_slices_${axis}`, 'uint8'))).toBe(0);
  });

  it('measures anisotropic distances like scipy distance_transform_edt(sampling)', () => {
    const ours = k.distanceTransform(ref.array('spheres', 'uint8'), ref.dims, ref.spacing);
    const expected = ref.array('distance', 'float32');
    expect(Math.max(...ours.map((d, i) => Math.abs(d - expected[i]!)))).toBeLessThan(1e-4);
  });

  it.each([1.7, 3.2, 9.5])('dilates and erodes by a %f mm ball like binary_dilation / binary_erosion', (mm) => {
    const mask = ref.array('spheres', 'uint8');
    expect(differences(k.dilate(mask, ref.dims, ref.spacing, mm), ref.array(`dilate_${mm}`, 'uint8'))).toBe(0);
    expect(differences(k.erode(mask, ref.dims, ref.spacing, mm), ref.array(`erode_${mm}`, 'uint8'))).toBe(0);
  });

  it.each([6, 26] as const)('grows a region like threshold + scipy label + seed components (%i-connectivity)', (connectivity) => {
    const { seeds, range } = ref.scalars.grow as { seeds: number[]; range: [number, number] };
    const image = ref.array('image', 'int16');
    const free = k.growRegion(image, ref.dims, seeds, range, connectivity);
    expect(free.some((v) => v === 1)).toBe(true);
    expect(differences(free, ref.array(`grow_${connectivity}_0`, 'uint8'))).toBe(0);
    const limited = k.growRegion(image, ref.dims, seeds, range, connectivity, ref.array('allowed', 'uint8'));
    expect(differences(limited, ref.array(`grow_${connectivity}_1`, 'uint8'))).toBe(0);
  });

  it('grows several seed labels by cheapest intensity path like scipy csgraph dijkstra', () => {
    const [z, y, x] = ref.scalars.seed_shape as [number, number, number];
    const seeds = ref.array('seeds', 'uint8');
    const floats = k.growFromSeeds(ref.array('seed_image', 'float32'), [x, y, z], seeds);
    expect(differences(floats, ref.array('grow_seeds', 'uint8'), ref.array('grow_seeds_unsure', 'uint8'))).toBe(0);
    const integers = k.growFromSeeds(ref.array('seed_image_int', 'int16'), [x, y, z], seeds, [0, 9]);
    expect(differences(integers, ref.array('grow_seeds_int', 'uint8'), ref.array('grow_seeds_int_unsure', 'uint8'))).toBe(0);
    expect(integers.filter((label) => label === 0).length).toBeGreaterThan(0);
  });

  it.each(['blob', 'spheres'])('meshes the %s like skimage marching_cubes (volume and area within 1 %)', (name) => {
    const volume = name === 'blob' ? ref.array('blob', 'float32') : Float32Array.from(ref.array('spheres', 'uint8'));
    const mesh = k.marchingCubes(volume, ref.dims, ref.spacing, name === 'blob' ? 0 : 0.5);
    const expected = ref.scalars[`mesh_${name}`] as { area: number; volume: number };
    const ours = meshMeasures(mesh);
    // A positive signed volume means the triangles face outward (inside = above the level).
    expect(Math.abs(ours.volume / expected.volume - 1)).toBeLessThan(0.01);
    expect(Math.abs(ours.area / expected.area - 1)).toBeLessThan(0.01);
    expect(Math.max(...mesh.indices)).toBe(mesh.positions.length / 3 - 1);
  });

  it.each([1, 2])('smooths by a median over a %i-voxel radius box like scipy median_filter', (radius) => {
    expect(differences(k.medianFilter(ref.array('spheres', 'uint8'), ref.dims, radius), ref.array(`median_${radius}`, 'uint8'))).toBe(0);
  });

  it.each([1.2, 2.5])('smooths by a %f mm Gaussian like scipy gaussian_filter > 0.5', (sigma) => {
    const ours = k.gaussianSmooth(ref.array('spheres', 'uint8'), ref.dims, ref.spacing, sigma);
    expect(differences(ours, ref.array(`gauss_${sigma}`, 'uint8'), ref.array(`gauss_${sigma}_unsure`, 'uint8'))).toBe(0);
  });

  it('accepts every scalar type and treats empty and full masks sensibly', () => {
    const blob = ref.array('blob', 'float32');
    const mesh = k.marchingCubes(blob, ref.dims, ref.spacing, 0);
    for (const other of [Float64Array.from(blob), Int32Array.from(blob, (v) => Math.round(v * 1000))]) {
      const again = k.marchingCubes(other, ref.dims, ref.spacing, 0);
      expect(Math.abs(meshMeasures(again).volume / meshMeasures(mesh).volume - 1)).toBeLessThan(0.01);
    }
    const empty = new Uint8Array(ref.dims[0] * ref.dims[1] * ref.dims[2]);
    const full = empty.slice().fill(1);
    expect(k.labelComponents(empty, ref.dims, 26).count).toBe(0);
    expect(k.keepLargestComponent(empty, ref.dims, 6).some((v) => v)).toBe(false);
    expect(k.marchingCubes(empty, ref.dims, ref.spacing, 0.5).indices.length).toBe(0);
    expect(k.dilate(empty, ref.dims, ref.spacing, 2).some((v) => v)).toBe(false);
    expect(k.erode(full, ref.dims, ref.spacing, 2).every((v) => v === 1)).toBe(true);
    expect(k.distanceTransform(empty, ref.dims, ref.spacing)[0]).toBe(Infinity);
    const { seeds } = ref.scalars.grow as { seeds: number[] };
    expect(k.growRegion(Float32Array.from(ref.array('image', 'int16')), ref.dims, seeds, [1e6, 2e6], 6).some((v) => v)).toBe(false);
  });

  it('reads views on a SharedArrayBuffer as workers receive them', () => {
    const shared = <T extends Uint8Array | Int16Array>(array: T): T => {
      const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
      copy.set(array);
      return copy;
    };
    const mask = ref.array('spheres', 'uint8');
    expect(sameUpToRenumbering(k.labelComponents(shared(mask), ref.dims, 26).labels, ref.array('label_spheres_26', 'uint32'))).toBe(true);
    const { seeds, range } = ref.scalars.grow as { seeds: number[]; range: [number, number] };
    expect(differences(k.growRegion(shared(ref.array('image', 'int16')), ref.dims, seeds, range, 6), ref.array('grow_6_0', 'uint8'))).toBe(0);
  });

  it('names the array and dims when they disagree', () => {
    expect(() => k.labelComponents(new Uint8Array(10), ref.dims, 6)).toThrow(/mask has 10 voxels but dims 26×30×34 need 26520/);
    expect(() => k.marchingCubes(new Float32Array(8), [2, 2, 3], [1, 1, 1], 0)).toThrow(/volume has 8 voxels/);
  });

  it("interpolates between painted slices as ITK's MorphologicalContourInterpolator", () => {
    const sparse = ref.array('sparse', 'uint8');
    expect(differences(k.interpolateSlices(sparse, ref.dims, 2), itkInterpolate(sparse, ref.dims, 2).mask)).toBe(0);
  });
});
