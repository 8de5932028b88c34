// What a TIFF's first ImageDescription says about the stack it heads: ImageJ's "key=value" lines or OME-XML.
// Voxel size and unit, and where the pages of slice z of frame t are: page = first + z·zStride + t·frameStride.
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { commonUnit } from './units.js';

export interface Calibration {
  spacing: Vec3;
  origin: Vec3;
  unit: string;
}

export interface PageOrder {
  slices: number;
  frames: number;
  first: number;
  zStride: number;
  frameStride: number;
  /** ImageJ's image count: more than the file's pages when ImageJ kept only the first IFD (stacks over 4 GiB). */
  images?: number;
}

export interface StackDescription {
  calibration: Calibration;
  order?: PageOrder;
}

/** XResolution / YResolution as TIFF rationals: pixels per unit. */
export interface Resolution {
  x?: ArrayLike<number>;
  y?: ArrayLike<number>;
}

const UNCALIBRATED: Calibration = { spacing: [1, 1, 1], origin: [0, 0, 0], unit: 'voxel' };

/** Size of one pixel from a pixels-per-unit rational; 1 when absent or unusable. */
function pixelSize(rational: ArrayLike<number> | undefined): number {
  const size = rational && rational.length >= 2 ? rational[1]! / rational[0]! : NaN;
  return Number.isFinite(size) && size > 0 ? size : 1;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function count(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function oneChannel(where: string, channels: number | undefined): void {
  if ((channels ?? 1) > 1) {
    throw new VoxbenchError('MultiComponent', `${where} holds ${channels} channels; Voxbench reads one value per voxel for now (split the channels, e.g. in Fiji, and open one).`);
  }
}

/** ImageJ: "ImageJ=1.54f\nimages=20\nslices=10\nframes=2\nunit=micron\nspacing=2.5"; pages run C, then Z, then T. */
function imageJ(where: string, description: string, resolution: Resolution): StackDescription {
  const fields = new Map(description.split(/\r?\n/).map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]));
  oneChannel(where, count(fields.get('channels')));
  const { unit, factors } = commonUnit(['unit', 'yunit', 'zunit'].map((key) => fields.get(key) ?? fields.get('unit')));
  const pixel = [pixelSize(resolution.x), pixelSize(resolution.y ?? resolution.x), positive(Number(fields.get('spacing')), 1)];
  const spacing = pixel.map((size, axis) => size * factors[axis]!) as Vec3;
  // ImageJ's origin is in pixels, and pixel i sits at (i - origin) · size.
  const origin = ['xorigin', 'yorigin', 'zorigin'].map((key, axis) => -(Number(fields.get(key)) || 0) * spacing[axis]! + 0) as Vec3;
  const images = count(fields.get('images')) ?? 1;
  const frames = count(fields.get('frames')) ?? 1;
  const slices = count(fields.get('slices')) ?? Math.max(1, Math.floor(images / frames));
  return {
    calibration: unit ? { spacing, origin, unit } : UNCALIBRATED,
    order: { slices, frames, first: 0, zStride: 1, frameStride: slices, images },
  };
}

function attributes(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
}

/** OME-XML: the first Image's Pixels element; its planes start at its first TiffData's IFD. */
function ome(where: string, description: string): StackDescription {
  const pixelsTag = /<(?:\w+:)?Pixels\b([^>]*)>/.exec(description);
  if (!pixelsTag) return { calibration: UNCALIBRATED };
  const pixels = attributes(pixelsTag[1]!);
  const tiffData = /<(?:\w+:)?TiffData\b([^>]*)>/.exec(description.slice(pixelsTag.index));
  const sizes: Record<string, number> = { Z: count(pixels.get('SizeZ')) ?? 1, C: count(pixels.get('SizeC')) ?? 1, T: count(pixels.get('SizeT')) ?? 1 };
  oneChannel(where, sizes.C);
  const strides: Record<string, number> = {};
  let stride = 1;
  for (const letter of (pixels.get('DimensionOrder') ?? 'XYZCT').slice(2)) {
    strides[letter] = stride;
    stride *= sizes[letter] ?? 1;
  }
  const axes = ['X', 'Y', 'Z'].map((axis) => ({ size: Number(pixels.get(`PhysicalSize${axis}`)), unit: pixels.get(`PhysicalSize${axis}Unit`) ?? 'µm' }));
  const known = axes.some(({ size }) => size > 0);
  const { unit, factors } = commonUnit(axes.map(({ unit }) => unit));
  const order = { slices: sizes.Z!, frames: sizes.T!, first: Number(attributes(tiffData?.[1] ?? '').get('IFD') ?? 0) || 0, zStride: strides.Z ?? 1, frameStride: strides.T ?? 1 };
  if (!known || !unit) return { calibration: UNCALIBRATED, order };
  const spacing = axes.map(({ size }, axis) => positive(size, 1) * factors[axis]!) as Vec3;
  return { calibration: { spacing, origin: [0, 0, 0], unit }, order };
}

/** Calibration and page order from the first page's ImageDescription, if it is ImageJ's or OME-XML. */
export function describeStack(where: string, description: string | undefined, resolution: Resolution): StackDescription {
  if (description?.startsWith('ImageJ=')) return imageJ(where, description, resolution);
  if (description && /<(?:\w+:)?OME\b/.test(description)) return ome(where, description);
  return { calibration: UNCALIBRATED };
}

/**
 * A folder of numbered slices (slice_0001.tif …) with numbers missing: refused, as DICOM series gaps are,
 * rather than stacked with the rest closer together. Names without one common numbering are not judged.
 */
export function refuseMissingSlices(folderName: string, names: string[]): void {
  const numbered = names.map((name) => /^(.*?)(\d+)(\D*)$/.exec(name));
  if (names.length < 3 || numbered.some((match) => !match || match[1] !== numbered[0]![1] || match[3] !== numbered[0]![3])) return;
  const numbers = numbered.map((match) => Number(match![2]));
  const steps = numbers.slice(1).map((number, i) => number - numbers[i]!);
  const step = Math.min(...steps);
  const gap = steps.findIndex((other) => other !== step);
  if (step <= 0 || gap < 0) return;
  const missing = steps[gap]! / step - 1;
  throw new VoxbenchError('MissingSlices', `${folderName}/ jumps from ${names[gap]} to ${names[gap + 1]}: ${Number.isInteger(missing) ? missing : 'some'} slice(s) are missing, and stacking the rest would stretch the volume.`);
}
