// The slices of a DICOM series in order along the slice normal, and the grid they stand on. Spacing between
// slices comes from the positions (Slice Thickness says nothing about it); a gap or a slice out of line is a
// typed error naming the series, never a silently stretched volume.
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { Geometry } from '../volume/geometry.js';
import type { ImageHeader } from './dicomHeader.js';

export interface SliceRef {
  image: ImageHeader;
  frame: number;
}

export interface SeriesLayout {
  slices: SliceRef[];
  dims: Vec3;
  geometry: Geometry;
}

/** Gaps may differ from the series' step by this fraction: scanners round positions (a GE oblique MR series steps
 * 6.958–7.071 mm), and Slicer and ITK open such a series as one evenly spaced volume. A missing slice doubles a gap. */
const JITTER = 0.1;
const AXIAL = [1, 0, 0, 0, 1, 0];

const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const unit = (v: number[]) => v.map((x) => x / (Math.hypot(...v) || 1)) as Vec3;
export const cross = (a: number[], b: number[]): Vec3 => [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
const mm = (value: number) => `${+value.toFixed(3)} mm`;

export function seriesLabel(images: ImageHeader[]): string {
  const { seriesDescription, modality, seriesNumber } = images[0]!;
  return `${seriesDescription ?? modality ?? 'Unnamed series'}${seriesNumber !== undefined ? ` (series ${seriesNumber})` : ''}`;
}

export function sliceCount(images: ImageHeader[]): number {
  return images.reduce((sum, image) => sum + (Number.isFinite(image.frames) ? image.frames : 0), 0);
}

/** Series by SeriesInstanceUID, in the order their first file was listed. */
export function groupBySeries(images: ImageHeader[]): Map<string, ImageHeader[]> {
  const series = new Map<string, ImageHeader[]>();
  for (const image of images) series.set(image.seriesUid, [...(series.get(image.seriesUid) ?? []), image]);
  return series;
}

const near = (a: number[] | undefined, b: number[] | undefined, tolerance: number) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((value, i) => Math.abs(value - b[i]!) <= tolerance * Math.max(1, Math.abs(value))));

/** Every file of a series must share one pixel grid and sample format; a localizer in three planes does not. */
function checkConsistent(images: ImageHeader[], label: string): void {
  const first = images[0]!;
  const keys = ['rows', 'columns', 'bitsAllocated', 'bitsStored', 'signed', 'samplesPerPixel'] as const;
  for (const image of images.slice(1)) {
    const key = keys.find((name) => image[name] !== first[name]);
    const what = key ?? (!near(image.orientation, first.orientation, 1e-4) ? 'orientation' : !near(image.pixelSpacing, first.pixelSpacing, 1e-4) ? 'pixel spacing' : undefined);
    if (what) {
      const show = (header: ImageHeader) => JSON.stringify(key ? header[key] : what === 'orientation' ? header.orientation : header.pixelSpacing);
      throw new VoxbenchError('MixedSeries', `${label}: ${first.name} and ${image.name} differ in ${what} (${show(first)} vs ${show(image)}); Voxbench opens a series as one volume on one grid.`);
    }
  }
}

/** The series' slices sorted along the normal, its dims and its geometry; gaps and misaligned slices are refused. */
export function layoutSeries(images: ImageHeader[], label: string): SeriesLayout {
  checkConsistent(images, label);
  const first = images[0]!;
  const slices = images.flatMap((image) => Array.from({ length: image.frames }, (_, frame) => ({ image, frame })));
  const orientation = first.orientation ?? AXIAL;
  const [row, column] = [unit(orientation.slice(0, 3)), unit(orientation.slice(3))];
  const normal = unit(cross(row, column));
  const [dy, dx] = first.pixelSpacing ?? [1, 1];
  const dims: Vec3 = [first.columns, first.rows, slices.length];
  const positionOf = ({ image, frame }: SliceRef) => image.positions[frame];
  const unplaced = slices.filter((slice) => !positionOf(slice));
  if (unplaced.length) {
    if (slices.length > 1 && unplaced.length < slices.length) {
      throw new VoxbenchError('CorruptFile', `${label}: ${unplaced[0]!.image.name} has no Image Position (Patient) while other slices do; its place in the volume is unknown.`);
    }
    // No positions at all (secondary captures, some multi-frame files): instance order, nominal spacing.
    slices.sort((a, b) => (a.image.instanceNumber ?? 0) - (b.image.instanceNumber ?? 0) || a.frame - b.frame);
    const direction = [0, 1, 2].flatMap((i) => [row[i]!, column[i]!, normal[i]!]);
    return { slices, dims, geometry: { spacing: [dx, dy, first.sliceThickness ?? 1], origin: [0, 0, 0], direction } };
  }
  const depth = (slice: SliceRef) => dot(positionOf(slice)!, normal);
  slices.sort((a, b) => depth(a) - depth(b));
  const origin = positionOf(slices[0]!)!;
  if (slices.length === 1) {
    const direction = [0, 1, 2].flatMap((i) => [row[i]!, column[i]!, normal[i]!]);
    return { slices, dims, geometry: { spacing: [dx, dy, first.sliceThickness ?? 1], origin, direction } };
  }
  const step = checkEven(slices, depth, label);
  // The stacking axis is first → last slice: the normal, unless the gantry was tilted (then the grid is sheared).
  const last = positionOf(slices.at(-1)!)!;
  const span = last.map((value, i) => value - origin[i]!);
  const axis = unit(span);
  checkInLine(slices, positionOf, origin, span, step, label);
  const direction = [0, 1, 2].flatMap((i) => [row[i]!, column[i]!, axis[i]!]);
  return { slices, dims, geometry: { spacing: [dx, dy, Math.hypot(...span) / (slices.length - 1)], origin, direction } };
}

const where = ({ image, frame }: SliceRef) => (image.frames > 1 ? `${image.name} frame ${frame + 1}` : image.name);

/** Gaps along the normal must all be the median gap, within the jitter; returns the step along the normal. */
function checkEven(slices: SliceRef[], depth: (slice: SliceRef) => number, label: string): number {
  const gaps = slices.slice(1).map((slice, i) => depth(slice) - depth(slices[i]!));
  const step = [...gaps].sort((a, b) => a - b)[gaps.length >> 1]!;
  const bad = gaps.findIndex((gap) => Math.abs(gap - step) > JITTER * step || gap <= 0);
  if (bad < 0) return step;
  const [a, b] = [slices[bad]!, slices[bad + 1]!];
  const between = `slices ${bad + 1} and ${bad + 2} of ${slices.length} (${where(a)} at ${mm(depth(a))}, ${where(b)} at ${mm(depth(b))} along the normal)`;
  const gap = gaps[bad]!;
  if (step <= 0 || gap <= JITTER * Math.abs(step)) {
    throw new VoxbenchError('UnevenSlices', `${label}: ${between} are at the same position; the series holds more than one volume (echoes, phases or time points) and Voxbench cannot stack it as one.`);
  }
  const missing = Math.round(gap / step) - 1;
  const why = missing >= 1 ? `about ${missing} slice${missing > 1 ? 's are' : ' is'} missing` : 'the slices are unevenly spaced';
  throw new VoxbenchError('UnevenSlices', `${label}: the gap between ${between} is ${mm(gap)} where the series steps ${mm(step)}: ${why}. Voxbench does not stretch a series over a gap.`);
}

/** Every slice must sit on the line from the first to the last (a shifted slice would be drawn in the wrong place). */
function checkInLine(slices: SliceRef[], positionOf: (slice: SliceRef) => Vec3 | undefined, origin: Vec3, span: number[], step: number, label: string): void {
  slices.forEach((slice, k) => {
    const expected = origin.map((value, i) => value + (span[i]! * k) / (slices.length - 1));
    const off = Math.hypot(...positionOf(slice)!.map((value, i) => value - expected[i]!));
    if (off > JITTER * step) {
      throw new VoxbenchError('UnevenSlices', `${label}: ${where(slice)} (slice ${k + 1} of ${slices.length}) lies ${mm(off)} off the line through the other slices; the series is not one regular volume.`);
    }
  });
}
