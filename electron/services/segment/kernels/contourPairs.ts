// Which region of one painted slice becomes which of the next (1-to-1, 1-to-N, N-to-1, M-to-N, 1-to-0), after
// ITK's MorphologicalContourInterpolator::InterpolateBetweenTwo (KitwareMedical/ITKMorphologicalContourInterpolation, Apache-2.0).
import { align, centroid, phantomPoint, type Islands } from './contourIslands.js';
import { interpolateRegions, type Canvas } from './contourMedian.js';
import { splitRegion } from './contourSplit.js';

interface Pair {
  a: number;
  b: number;
  gone: boolean;
}

/** Fills the slices between painted slices i and j (i < j) from their islands. */
export function interpolateBetween(canvas: Canvas, i: number, j: number, first: Islands, second: Islands): void {
  const pairs = overlappingPairs(first, second);
  for (const p of pairs) {
    if (p.b === 0) vanish(canvas, i, j, first, p.a);
    if (p.a === 0) vanish(canvas, j, i, second, p.b);
    p.gone = p.a === 0 || p.b === 0;
  }
  const countA = new Map<number, number>();
  const countB = new Map<number, number>();
  const live = () => pairs.filter((p) => !p.gone);
  const drop = (p: Pair) => {
    p.gone = true;
    countA.set(p.a, countA.get(p.a)! - 1);
    countB.set(p.b, countB.get(p.b)! - 1);
  };
  for (const { a, b } of live()) {
    countA.set(a, (countA.get(a) ?? 0) + 1);
    countB.set(b, (countB.get(b) ?? 0) + 1);
  }
  for (const p of live()) {
    if (countA.get(p.a) !== 1 || countB.get(p.b) !== 1) continue;
    interpolateRegions(canvas, i, j, first.pixels[p.a]!, second.pixels[p.b]!, align(first, p.a, second, [p.b]));
    drop(p);
  }
  for (const p of pairs) {
    if (p.gone) continue;
    if (countA.get(p.a) === 1) {
      // Several regions of i merge into p.b: split p.b, interpolating from j towards i.
      const group = live().filter((q) => q.b === p.b);
      splitAndInterpolate(canvas, j, i, second, p.b, first, group.map((q) => q.a));
      group.forEach(drop);
    } else if (countB.get(p.b) === 1) {
      const group = live().filter((q) => q.a === p.a);
      splitAndInterpolate(canvas, i, j, first, p.a, second, group.map((q) => q.b));
      // As ITK, which starts its clean-up after the first remaining pair.
      const firstLive = live()[0];
      group.filter((q) => q === p || q !== firstLive).forEach(drop);
    }
  }
  // M-to-N: each region of i with its partners in j, as 1-to-N.
  for (const p of pairs) {
    if (p.gone) continue;
    const group = pairs.slice(pairs.indexOf(p)).filter((q) => !q.gone && q.a === p.a);
    splitAndInterpolate(canvas, i, j, first, p.a, second, group.map((q) => q.b));
    group.forEach((q) => (q.gone = true));
  }
}

/**
 * (island of i, island of j) for every pair that overlaps, plus (island, 0) / (0, island) for islands that
 * overlap nothing in the other slice; sorted, as ITK's std::set.
 */
function overlappingPairs(first: Islands, second: Islands): Pair[] {
  const stride = second.pixels.length;
  const seen = new Set<number>();
  const touchesA = new Uint8Array(first.pixels.length);
  const touchesB = new Uint8Array(second.pixels.length);
  for (let p = 0; p < first.labels.length; p++) {
    const [a, b] = [first.labels[p]!, second.labels[p]!];
    if (a || b) seen.add(a * stride + b);
    if (a && b) [touchesA[a], touchesB[b]] = [1, 1];
  }
  return [...seen]
    .sort((x, y) => x - y)
    .map((key) => ({ a: Math.floor(key / stride), b: key % stride, gone: false }))
    .filter(({ a, b }) => (a && b) || (a && !touchesA[a]) || (b && !touchesB[b]));
}

/** Region `id` of slice `from` has no partner in slice `to`: it shrinks towards its pixel nearest the centroid. */
function vanish(canvas: Canvas, from: number, to: number, islands: Islands, id: number): void {
  const [cu, cv] = centroid(islands, [id]);
  const phantom = phantomPoint(islands.nu, islands.nv, cu + islands.nu * cv, id);
  const [du, dv] = align(islands, id, phantom, [id]);
  const point = cu - du + islands.nu * (cv - dv);
  interpolateRegions(canvas, from, to, islands.pixels[id]!, Int32Array.of(point), [0, 0]);
}

function splitAndInterpolate(canvas: Canvas, i: number, j: number, first: Islands, id: number, second: Islands, partners: number[]): void {
  const shift = align(first, id, second, partners);
  const pieces = splitRegion(first, id, second, partners, shift);
  partners.forEach((b, k) => interpolateRegions(canvas, i, j, pieces[k]!, second.pixels[b]!, shift));
}
