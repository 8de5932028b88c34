// NeXus NXtransformations: a `depends_on` chain of translations and rotations that places an object in the
// laboratory frame (NeXus/McStas axes: z along the beam, y up), applied to an image whose NXdata group (field
// or attribute) or signal dataset (attribute) has one. World = T₁·T₂·…·Tₙ·(position in the image's own frame),
// T₁ the transformation `depends_on` names, each Tᵢ = translate(offset)·(translate(vector·value) or rotate).
import type { Dataset, Group } from 'h5wasm';
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { Geometry } from '../volume/geometry.js';
import { mmPerUnit } from './units.js';

type H5 = typeof import('h5wasm');
/** 4×4, row-major: rotation in the upper 3×3, translation in the last column. */
type Affine = number[];

const IDENTITY: Affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
/** Longer chains than this are loops in a damaged file. */
const MAX_CHAIN = 64;

function multiply(a: Affine, b: Affine): Affine {
  return Array.from({ length: 16 }, (_, i) => [0, 1, 2, 3].reduce((sum, k) => sum + a[(i >> 2) * 4 + k]! * b[k * 4 + (i & 3)]!, 0));
}

const translate = ([x, y, z]: number[]): Affine => [1, 0, 0, x!, 0, 1, 0, y!, 0, 0, 1, z!, 0, 0, 0, 1];

/** Rotation by `angle` radians about the unit `axis` (Rodrigues), right-handed. */
function rotate([x, y, z]: number[], angle: number): Affine {
  const [c, s, t] = [Math.cos(angle), Math.sin(angle), 1 - Math.cos(angle)];
  return [t * x! * x! + c, t * x! * y! - s * z!, t * x! * z! + s * y!, 0, t * x! * y! + s * z!, t * y! * y! + c, t * y! * z! - s * x!, 0, t * x! * z! - s * y!, t * y! * z! + s * x!, t * z! * z! + c, 0, 0, 0, 0, 1];
}

const RADIANS_PER: Record<string, number> = { deg: Math.PI / 180, degree: Math.PI / 180, degrees: Math.PI / 180, rad: 1, radian: 1, radians: 1 };

function attribute(node: Group | Dataset, name: string): unknown {
  return name in node.attrs ? node.get_attribute(name, true) : undefined;
}

const numbers = (value: unknown) => (Array.isArray(value) || ArrayBuffer.isView(value) ? Array.from(value as ArrayLike<number>, Number) : typeof value === 'number' ? [value] : []);

/** A `depends_on` target: absolute, or relative to the group holding the object that names it. */
const resolve = (target: string, group: string) => (target.startsWith('/') ? target : `${group === '/' ? '' : group}/${target}`);

/**
 * The placement of an NXdata group and its signal in `unit` (the image's length unit), or undefined where
 * neither has a `depends_on`. `where` names the file for errors about a broken chain.
 */
export function nexusPlacement(h5wasm: H5, file: Group, image: Dataset, unit: string, where: string): Affine | undefined {
  const field = image.parent.get('depends_on');
  const start = attribute(image, 'depends_on') ?? (field instanceof h5wasm.Dataset ? field.value : undefined) ?? attribute(image.parent, 'depends_on');
  const first = Array.isArray(start) ? start[0] : start;
  if (typeof first !== 'string' || first === '.') return undefined;
  const toImageUnit = (from: unknown, what: string) => {
    const [mm, image] = [mmPerUnit(typeof from === 'string' ? from : unit), mmPerUnit(unit)];
    if (mm === undefined || image === undefined) throw new VoxbenchError('CorruptFile', `${where}: ${what} is in ${String(from)}, which Voxbench cannot turn into ${unit}.`);
    return mm / image;
  };
  let affine = IDENTITY;
  let path = resolve(first, image.parent.path);
  for (let step = 0; path !== '.' && step < MAX_CHAIN; step++) {
    const node = file.get(path);
    if (!(node instanceof h5wasm.Dataset)) throw new VoxbenchError('CorruptFile', `${where}: its NXtransformations chain names ${path}, which is not a dataset in the file.`);
    const type = attribute(node, 'transformation_type');
    const vector = numbers(attribute(node, 'vector'));
    const length = Math.hypot(...vector);
    const value = numbers(node.value)[0] ?? NaN;
    if ((type !== 'translation' && type !== 'rotation') || vector.length !== 3 || !length || !Number.isFinite(value)) {
      throw new VoxbenchError('CorruptFile', `${where}: the transformation ${path} is not a translation or rotation with a 3-vector and a value.`);
    }
    const axis = vector.map((component) => component / length);
    const units = attribute(node, 'units');
    const offsetUnit = attribute(node, 'offset_units') ?? (type === 'translation' ? units : unit);
    const offset = numbers(attribute(node, 'offset') ?? [0, 0, 0]).map((component) => component * toImageUnit(offsetUnit, `the offset of ${path}`));
    const radians = RADIANS_PER[typeof units === 'string' ? units.toLowerCase() : 'deg'];
    if (type === 'rotation' && radians === undefined) throw new VoxbenchError('CorruptFile', `${where}: the rotation ${path} is in ${String(units)}, not degrees or radians.`);
    const motion = type === 'translation' ? translate(axis.map((component) => component * value * toImageUnit(units, `the translation ${path}`))) : rotate(axis, value * radians!);
    affine = multiply(affine, multiply(translate(offset), motion));
    const next = attribute(node, 'depends_on');
    path = typeof next === 'string' && next !== '.' ? resolve(next, node.parent.path) : '.';
  }
  if (path !== '.') throw new VoxbenchError('CorruptFile', `${where}: its NXtransformations chain is longer than ${MAX_CHAIN} steps (a loop?).`);
  return affine;
}

/** The image's geometry moved by a placement: origin through the whole affine, direction through its rotation. */
export function placed(geometry: Geometry, affine: Affine): Geometry {
  const rotation = [0, 1, 2].map((row) => [0, 1, 2].map((col) => affine[row * 4 + col]!));
  const origin = rotation.map((row, i) => row.reduce((sum, r, k) => sum + r * geometry.origin[k]!, affine[i * 4 + 3]!)) as Vec3;
  const direction = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => rotation[row]!.reduce((sum, r, k) => sum + r * geometry.direction[k * 3 + col]!, 0)));
  return { spacing: geometry.spacing, origin, direction };
}
