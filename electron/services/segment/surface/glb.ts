// glTF 2.0 binary (.glb): one node and mesh per segment, named, with its colour and opacity as the material.
// Positions stay in LPS millimetres (glTF's own convention is Y-up metres); asset.extras says so.
import type { Mesh } from '../kernels/index.js';
import { meshBounds } from './measure.js';

export interface NamedMesh {
  name: string;
  /** sRGB, 0–255. */
  color: readonly [number, number, number];
  opacity: number;
  mesh: Mesh;
}

const FLOAT = 5126;
const UNSIGNED_INT = 5125;
const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;

const padTo4 = (n: number) => (n + 3) & ~3;

/** sRGB byte to the linear factor glTF materials take. */
const linear = (byte: number) => {
  const c = byte / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Segments without triangles are left out (glTF accessors may not be empty). */
export function writeGlb(all: readonly NamedMesh[], title: string): Uint8Array {
  const segments = all.filter(({ mesh }) => mesh.indices.length > 0);
  const chunks: Uint8Array[] = [];
  const bufferViews: object[] = [];
  const accessors: object[] = [];
  let offset = 0;
  const addView = (array: Float32Array | Uint32Array, target: number) => {
    chunks.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    bufferViews.push({ buffer: 0, byteOffset: offset, byteLength: array.byteLength, target });
    offset += array.byteLength; // 4-byte elements keep every view aligned
    return bufferViews.length - 1;
  };
  const meshes = segments.map(({ name, mesh }, n) => {
    const { min, max } = meshBounds(mesh.positions);
    accessors.push({ bufferView: addView(mesh.positions, ARRAY_BUFFER), componentType: FLOAT, count: mesh.positions.length / 3, type: 'VEC3', min, max });
    accessors.push({ bufferView: addView(mesh.indices, ELEMENT_ARRAY_BUFFER), componentType: UNSIGNED_INT, count: mesh.indices.length, type: 'SCALAR' });
    return { name, primitives: [{ attributes: { POSITION: 2 * n }, indices: 2 * n + 1, material: n, mode: 4 }] };
  });
  const gltf = {
    asset: { version: '2.0', generator: 'Voxbench', extras: { title, units: 'mm', space: 'LPS' } },
    scene: 0,
    scenes: [{ nodes: segments.map((_, n) => n) }],
    nodes: segments.map(({ name }, n) => ({ name, mesh: n })),
    meshes,
    materials: segments.map(({ name, color, opacity }) => ({
      name,
      pbrMetallicRoughness: { baseColorFactor: [...color.map(linear), opacity], metallicFactor: 0, roughnessFactor: 0.6 },
      alphaMode: opacity < 1 ? 'BLEND' : 'OPAQUE',
      doubleSided: true,
    })),
    accessors,
    bufferViews,
    buffers: [{ byteLength: offset }],
  };
  const json = new TextEncoder().encode(JSON.stringify(gltf));
  const jsonLength = padTo4(json.length);
  const binLength = padTo4(offset);
  const glb = new Uint8Array(12 + 8 + jsonLength + 8 + binLength);
  const view = new DataView(glb.buffer);
  view.setUint32(0, 0x46546c67, true); // 'glTF'
  view.setUint32(4, 2, true);
  view.setUint32(8, glb.length, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, 0x4e4f534a, true); // 'JSON'
  glb.set(json, 20);
  glb.fill(0x20, 20 + json.length, 20 + jsonLength); // JSON pads with spaces
  view.setUint32(20 + jsonLength, binLength, true);
  view.setUint32(24 + jsonLength, 0x004e4942, true); // 'BIN\0'
  let at = 28 + jsonLength;
  for (const chunk of chunks) {
    glb.set(chunk, at);
    at += chunk.length;
  }
  return glb;
}
