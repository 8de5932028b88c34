// Segment surfaces against scikit-image on the same sphere mask, the sphere's true volume and area, and the
// exported STL/glb read back by numpy/struct (an independent reader).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract.js';
import type { Mesh } from '../../electron/services/segment/kernels/index.js';
import { segmentSurface, type Grid } from '../../electron/services/segment/surface/build.js';
import { writeGlb } from '../../electron/services/segment/surface/glb.js';
import { meshMeasures } from '../../electron/services/segment/surface/measure.js';
import { writeStl } from '../../electron/services/segment/surface/stl.js';

interface Sphere {
  dims: Vec3;
  spacing: Vec3;
  label: number;
  radius: number;
  centre: Vec3;
  skimage: { volume: number; area: number };
}

const dir = mkdtempSync(join(tmpdir(), 'voxbench-surface-'));
let sphere: Sphere;
let labels: Uint8Array;
const rawOptions = { smoothing: 0, maxTriangles: Infinity };

// A mirroring direction (as NIfTI's RAS→LPS makes) and an origin far from zero, so a wrong transform or winding shows.
const direction = [-1, 0, 0, 0, 0, 1, 0, -1, 0];
const origin: Vec3 = [-30, 12.5, 100];
const worldOf = (c: Vec3): Vec3 => [0, 1, 2].map((row) => origin[row]! + [0, 1, 2].reduce((s, col) => s + direction[3 * row + col]! * c[col]!, 0)) as Vec3;

beforeAll(() => {
  execFileSync('/usr/bin/python3', ['test/fixtures/surface_reference.py', dir], { stdio: 'inherit' });
  sphere = JSON.parse(readFileSync(join(dir, 'sphere.json'), 'utf8')) as Sphere;
  labels = new Uint8Array(readFileSync(join(dir, 'sphere.raw')));
});

const grid = (world = false): Grid => ({ dims: sphere.dims, spacing: sphere.spacing, origin: world ? origin : [0, 0, 0], direction: world ? direction : [1, 0, 0, 0, 1, 0, 0, 0, 1] });
const within = (ours: number, theirs: number, fraction: number) => expect(Math.abs(ours / theirs - 1)).toBeLessThan(fraction);

/** Centre of the enclosed volume (sum of origin-based tetrahedra). */
function centroid({ positions: p, indices }: Mesh): Vec3 {
  const sum = [0, 0, 0];
  let volume = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [0, 1, 2].map((k) => [0, 1, 2].map((i) => p[3 * indices[t + k]! + i]!)) as [number[], number[], number[]];
    const v = (a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) + a[1]! * (b[2]! * c[0]! - b[0]! * c[2]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!)) / 6;
    volume += v;
    for (let i = 0; i < 3; i++) sum[i]! += (v * (a[i]! + b[i]! + c[i]!)) / 4;
  }
  return sum.map((s) => s / volume) as Vec3;
}

function python(script: string, path: string): Record<string, number[] | number> {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })) as Record<string, number[] | number>;
}

describe('segment surface of a sphere (r = 14 mm, spacing 0.8 × 1 × 1.5 mm)', () => {
  it('marching cubes encloses the volume and area skimage finds on the same mask (within 1 %)', () => {
    const { volume, area } = meshMeasures(segmentSurface(labels, grid(), sphere.label, rawOptions));
    within(volume, sphere.skimage.volume, 0.01);
    within(area, sphere.skimage.area, 0.01);
  });

  it('smoothed, it has the true sphere volume and area within 2 %', () => {
    const { volume, area } = meshMeasures(segmentSurface(labels, grid(), sphere.label));
    within(volume, (4 / 3) * Math.PI * sphere.radius ** 3, 0.02);
    within(area, 4 * Math.PI * sphere.radius ** 2, 0.02);
  });

  it('decimation to a tenth of the triangles keeps the volume within 1 %', () => {
    const full = segmentSurface(labels, grid(), sphere.label, { smoothing: 15, maxTriangles: Infinity });
    const target = Math.round(full.indices.length / 30);
    const reduced = segmentSurface(labels, grid(), sphere.label, { smoothing: 15, maxTriangles: target });
    expect(reduced.indices.length / 3).toBeLessThan(target * 1.3);
    within(meshMeasures(reduced).volume, meshMeasures(full).volume, 0.01);
  });

  it('sits in LPS world mm at the segment centre, facing outward under a mirroring direction', () => {
    const mesh = segmentSurface(labels, grid(true), sphere.label);
    expect(meshMeasures(mesh).volume).toBeGreaterThan(0);
    const expected = worldOf(sphere.centre);
    centroid(mesh).forEach((value, axis) => expect(Math.abs(value - expected[axis]!)).toBeLessThan(0.1));
  });

  it('a label with no voxels has an empty surface', () => {
    expect(segmentSurface(labels, grid(), 9).indices.length).toBe(0);
  });
});

describe('export', () => {
  it('binary STL read back by numpy has every triangle, outward normals and the same volume', () => {
    const mesh = segmentSurface(labels, grid(true), sphere.label);
    const path = join(dir, 'sphere.stl');
    writeFileSync(path, writeStl([mesh], 'sphere'));
    const read = python(
      `import sys, json, numpy as np
data = open(sys.argv[1], 'rb').read()
count = int(np.frombuffer(data, '<u4', 1, 80)[0])
rec = np.frombuffer(data, np.dtype([('n', '<f4', 3), ('v', '<f4', (3, 3)), ('a', '<u2')]), count, 84)
v = rec['v'].astype(float)
cross = np.cross(v[:, 1] - v[:, 0], v[:, 2] - v[:, 0])
print(json.dumps({'bytes': len(data), 'count': count, 'volume': float(np.einsum('ij,ij->i', v[:, 0], np.cross(v[:, 1], v[:, 2])).sum() / 6),
  'agree': float(np.mean(np.einsum('ij,ij->i', cross, rec['n']) > 0))}))`,
      path,
    );
    expect(read.count).toBe(mesh.indices.length / 3);
    expect(read.bytes).toBe(84 + 50 * (mesh.indices.length / 3));
    expect(read.agree).toBe(1);
    within(read.volume as number, meshMeasures(mesh).volume, 1e-4);
  });

  it('glb parsed with json/struct has the accessor counts, and bounds equal the sphere in world mm', () => {
    const mesh = segmentSurface(labels, grid(true), sphere.label);
    const empty = { positions: new Float32Array(0), indices: new Uint32Array(0) };
    const path = join(dir, 'sphere.glb');
    writeFileSync(path, writeGlb([{ name: 'Sphere', color: [230, 80, 60], opacity: 1, mesh }, { name: 'Empty', color: [0, 0, 0], opacity: 1, mesh: empty }], 'sphere'));
    const read = python(
      `import sys, json, struct, numpy as np
data = open(sys.argv[1], 'rb').read()
magic, version, length = struct.unpack_from('<III', data, 0)
assert (magic, version, length) == (0x46546C67, 2, len(data))
jlen, jtype = struct.unpack_from('<II', data, 12)
assert jtype == 0x4E4F534A
gltf = json.loads(data[20:20 + jlen])
blen, btype = struct.unpack_from('<II', data, 20 + jlen)
assert btype == 0x004E4942
binary = data[28 + jlen:28 + jlen + blen]
prim = gltf['meshes'][0]['primitives'][0]
pos_acc = gltf['accessors'][prim['attributes']['POSITION']]
idx_acc = gltf['accessors'][prim['indices']]
def view(acc, dtype, width):
    bv = gltf['bufferViews'][acc['bufferView']]
    return np.frombuffer(binary, dtype, acc['count'] * width, bv['byteOffset'] + acc.get('byteOffset', 0))
pos = view(pos_acc, '<f4', 3).reshape(-1, 3)
idx = view(idx_acc, '<u4', 1)
print(json.dumps({'meshes': len(gltf['meshes']), 'name': gltf['nodes'][0]['name'], 'vertices': pos_acc['count'], 'indices': idx_acc['count'],
  'min': pos_acc['min'], 'max': pos_acc['max'], 'dataMin': pos.min(0).tolist(), 'dataMax': pos.max(0).tolist(), 'maxIndex': int(idx.max())}))`,
      path,
    );
    expect(read.meshes).toBe(1);
    expect(read.vertices).toBe(mesh.positions.length / 3);
    expect(read.indices).toBe(mesh.indices.length);
    expect(read.maxIndex).toBeLessThan(read.vertices as number);
    expect(read.min).toEqual(read.dataMin);
    expect(read.max).toEqual(read.dataMax);
    // The sphere's world bounds: centre ± r (the direction only permutes and flips axes); within half the coarsest voxel.
    const centre = worldOf(sphere.centre);
    const half = Math.max(...sphere.spacing) / 2;
    for (let axis = 0; axis < 3; axis++) {
      expect(Math.abs((read.min as number[])[axis]! - (centre[axis]! - sphere.radius))).toBeLessThan(half);
      expect(Math.abs((read.max as number[])[axis]! - (centre[axis]! + sphere.radius))).toBeLessThan(half);
    }
  });
});
