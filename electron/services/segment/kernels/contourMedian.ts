// The slice halfway between two aligned regions and the recursion towards both ends, after ITK's
// MorphologicalContourInterpolator::Interpolate1to1 with its distance-transform median (Albu et al. 2008,
// Zukić et al. 2016; KitwareMedical/ITKMorphologicalContourInterpolation, Apache-2.0).
import { squaredDistance } from './distance.js';
import type { Shift } from './contourIslands.js';

/** Slice size and where interpolated pixels (u + nu v) go. */
export interface Canvas {
  nu: number;
  nv: number;
  paint(slice: number, pixels: Int32Array): void;
}

/**
 * Fills the slices strictly between slice `i` (pixels `from`) and slice `j` (pixels `to`), where `shift` moves
 * `from` onto `to`: each region moves half the shift towards the other, their median is painted at the middle
 * slice, and each half is filled the same way from the median.
 */
export function interpolateRegions(canvas: Canvas, i: number, j: number, from: Int32Array, to: Int32Array, shift: Shift): void {
  const { fromShift, toShift, carry } = halves(shift);
  const mid = Math.floor((i + j + (carry ? 1 : 0)) / 2);
  const median = medianRegion(canvas, moved(canvas, from, fromShift), moved(canvas, to, toShift));
  canvas.paint(mid, median);
  if (Math.abs(i - j) <= 2) return;
  if (Math.abs(i - mid) > 1) interpolateRegions(canvas, i, mid, from, median, fromShift);
  if (Math.abs(j - mid) > 1) interpolateRegions(canvas, j, mid, to, median, toShift);
}

/** Splits the shift in two, rounding towards zero; an odd leftover in u is made up in v, or else moves the middle slice. */
function halves(shift: Shift): { fromShift: Shift; toShift: Shift; carry: boolean } {
  const fromShift = [0, 0];
  let carry = false;
  for (const d of [0, 1]) {
    const t = shift[d]!;
    if (!carry || t % 2 === 0) {
      fromShift[d] = Math.trunc(t / 2);
      carry ||= t % 2 !== 0;
    } else {
      fromShift[d] = Math.trunc(t / 2) + Math.sign(t);
      carry = false;
    }
  }
  return { fromShift: [fromShift[0]!, fromShift[1]!], toShift: [fromShift[0]! - shift[0], fromShift[1]! - shift[1]], carry };
}

/** (u, v) pairs of the pixels after the shift, possibly outside the slice. */
function moved({ nu }: Canvas, pixels: Int32Array, [du, dv]: Shift): Int32Array {
  const uv = new Int32Array(pixels.length * 2);
  for (let k = 0; k < pixels.length; k++) [uv[2 * k], uv[2 * k + 1]] = [(pixels[k]! % nu) + du, Math.floor(pixels[k]! / nu) + dv];
  return uv;
}

/**
 * The pixels of the union whose distance to the intersection is at most the threshold that best balances what
 * is taken from each region (ITK bins distances in tenths of a pixel, in float32); clipped to the slice.
 */
function medianRegion(canvas: Canvas, a: Int32Array, b: Int32Array): Int32Array {
  let [u0, v0, u1, v1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const uv of [a, b]) {
    for (let k = 0; k < uv.length; k += 2) {
      [u0, u1] = [Math.min(u0, uv[k]!), Math.max(u1, uv[k]!)];
      [v0, v1] = [Math.min(v0, uv[k + 1]!), Math.max(v1, uv[k + 1]!)];
    }
  }
  const [w, h] = [u1 - u0 + 1, v1 - v0 + 1];
  const inA = new Uint8Array(w * h);
  const inB = new Uint8Array(w * h);
  for (let k = 0; k < a.length; k += 2) inA[a[k]! - u0 + w * (a[k + 1]! - v0)] = 1;
  for (let k = 0; k < b.length; k += 2) inB[b[k]! - u0 + w * (b[k + 1]! - v0)] = 1;
  const both = inA.map((x, p) => x & inB[p]!);
  if (!both.includes(1)) return new Int32Array(0);
  const squared = squaredDistance(both, [w, h, 1], [1, 1, 1], 1);
  const bins = new Int32Array(w * h);
  const histograms = [[0], [0]] as [number[], number[]];
  for (let p = 0; p < w * h; p++) {
    if (inA[p] === inB[p]) continue;
    bins[p] = Math.trunc(Math.fround(10 * Math.fround(Math.sqrt(squared[p]!))));
    const histogram = histograms[inA[p] ? 0 : 1];
    while (histogram.length <= bins[p]!) histogram.push(0);
    histogram[bins[p]!]!++;
  }
  const limit = bestBin(...histograms);
  const median: number[] = [];
  for (let p = 0; p < w * h; p++) {
    const [u, v] = [u0 + (p % w), v0 + Math.floor(p / w)];
    if (!(both[p] || ((inA[p] || inB[p]) && Math.fround(Math.sqrt(squared[p]!)) <= limit))) continue;
    if (u >= 0 && v >= 0 && u < canvas.nu && v < canvas.nv) median.push(u + canvas.nu * v);
  }
  return Int32Array.from(median);
}

/** The distance (pixels, float32) at which the pixels kept from a's and b's own parts are most nearly equal. */
function bestBin(a: number[], b: number[]): number {
  const size = Math.max(a.length, b.length);
  const [totalA, totalB] = [a.reduce((s, x) => s + x, 0), b.reduce((s, x) => s + x, 0)];
  let [best, bestDiff, sumA, sumB] = [0, Infinity, 0, 0];
  for (let bin = 0; bin < size; bin++) {
    [sumA, sumB] = [sumA + (a[bin] ?? 0), sumB + (b[bin] ?? 0)];
    const diff = Math.abs(Math.abs(totalA - sumA + sumB) - Math.abs(totalB - sumB + sumA));
    if (diff < bestDiff) [best, bestDiff] = [bin, diff];
  }
  return Math.fround(best / 10);
}
