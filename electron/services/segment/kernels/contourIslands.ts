// The islands of one painted slice and the heuristic alignment of two of them, after ITK's
// MorphologicalContourInterpolator (KitwareMedical/ITKMorphologicalContourInterpolation, Apache-2.0).
import { labelComponents } from './components.js';

/** A slice (nu × nv, u fastest) cut into 4-connected islands, numbered 1.. in raster order of their first pixel. */
export interface Islands {
  nu: number;
  nv: number;
  /** Island id per pixel u + nu v, 0 outside every island. */
  labels: Uint32Array;
  /** pixels[id]: the island's pixels (u + nu v) in raster order. */
  pixels: Int32Array[];
  /** Where its pixels may lie: the whole slice, or 3 × 3 around a phantom point; bounds the alignment search. */
  box: readonly [u0: number, v0: number, width: number, height: number];
}

export type Shift = readonly [du: number, dv: number];

export function islandsOf(slice: Uint8Array, nu: number, nv: number): Islands {
  const { labels, count, sizes } = labelComponents(slice, [nu, nv, 1], 6);
  const pixels = Array.from({ length: count + 1 }, (_, id) => new Int32Array(sizes[id]!));
  const filled = new Int32Array(count + 1);
  for (let p = 0; p < labels.length; p++) if (labels[p]) pixels[labels[p]!]![filled[labels[p]!]!++] = p;
  return { nu, nv, labels, pixels, box: [0, 0, nu, nv] };
}

/** A single pixel `id` at `point`, standing in for the slice where an island without partner ends. */
export function phantomPoint(nu: number, nv: number, point: number, id: number): Islands {
  const labels = new Uint32Array(nu * nv);
  labels[point] = id;
  const pixels = Array.from({ length: id + 1 }, (_, k) => (k === id ? Int32Array.of(point) : new Int32Array(0)));
  return { nu, nv, labels, pixels, box: [(point % nu) - 1, Math.floor(point / nu) - 1, 3, 3] };
}

/** Mean pixel of the islands `ids`, rounded down (as ITK's integer index division). */
export function centroid(islands: Islands, ids: readonly number[]): Shift {
  let [su, sv, n] = [0, 0, 0];
  for (const id of ids) {
    for (const p of islands.pixels[id]!) {
      su += p % islands.nu;
      sv += Math.floor(p / islands.nu);
    }
    n += islands.pixels[id]!.length;
  }
  return [Math.floor(su / n), Math.floor(sv / n)];
}

/** Runs of consecutive pixels (raster order) as flat (v, first u, one past the last u) triples. */
function runsOf(pixels: Int32Array, nu: number): Int32Array {
  const runs: number[] = [];
  for (let k = 0; k < pixels.length; k++) {
    const p = pixels[k]!;
    if (k > 0 && p === pixels[k - 1]! + 1 && p % nu !== 0) runs[runs.length - 1]!++;
    else runs.push(Math.floor(p / nu), p % nu, (p % nu) + 1);
  }
  return Int32Array.from(runs);
}

/** Pixels of the `from` runs that land on each target island's runs when moved by `shift`; 0 unless every target is hit. */
function overlap(from: Int32Array, to: Map<number, number[]>, targets: number, [du, dv]: Shift): number {
  const hits = new Float64Array(targets);
  for (let r = 0; r < from.length; r += 3) {
    const row = to.get(from[r]! + dv);
    if (!row) continue;
    const [start, end] = [from[r + 1]! + du, from[r + 2]! + du];
    for (let k = 0; k < row.length; k += 3) hits[row[k + 2]!]! += Math.max(0, Math.min(end, row[k + 1]!) - Math.max(start, row[k]!));
  }
  return hits.every((h) => h > 0) ? hits.reduce((a, b) => a + b, 0) : 0;
}

/** The runs of the islands `ids` by row: flat (first u, one past the last u, index in ids) triples. */
function runsByRow(islands: Islands, ids: readonly number[]): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  ids.forEach((id, k) => {
    const runs = runsOf(islands.pixels[id]!, islands.nu);
    for (let r = 0; r < runs.length; r += 3) {
      const row = rows.get(runs[r]!) ?? rows.set(runs[r]!, []).get(runs[r]!)!;
      row.push(runs[r + 1]!, runs[r + 2]!, k);
    }
  });
  return rows;
}

/**
 * The shift of `from` island `id` that best overlaps the islands `ids` of `to`: a breadth-first search from no
 * shift and the centroid difference that widens while scores stay within 90 % of the best (ITK's heuristic;
 * ties go to the shift found first). 8 and 216 are ITK's 2^3 and 6^3 iteration bounds for 3-D images.
 */
export function align(from: Islands, id: number, to: Islands, ids: readonly number[]): Shift {
  const [cu, cv] = centroid(from, [id]);
  const [tu, tv] = centroid(to, ids);
  const [u0, v0, width, height] = to.box;
  const [su, sv, sw, sh] = [u0 - from.nu + 1, v0 - from.nv + 1, from.nu + width - 1, from.nv + height - 1];
  const searched = new Uint8Array(sw * sh);
  const queue: number[] = [];
  const visit = (du: number, dv: number): boolean => {
    const [a, b] = [du - su, dv - sv];
    if (a < 0 || b < 0 || a >= sw || b >= sh || searched[a + sw * b]) return false;
    searched[a + sw * b] = 1;
    queue.push(du, dv);
    return true;
  };
  queue.push(0, 0, tu - cu, tv - cv);
  searched[-su - sv * sw] = 1;
  searched[tu - cu - su + sw * (tv - cv - sv)] = 1;
  const [minIter, maxIter] = [Math.min(8, sw * sh), Math.max(216, Math.floor(Math.sqrt(sw * sh)))];
  const [fromRuns, toRows] = [runsOf(from.pixels[id]!, from.nu), runsByRow(to, ids)];
  let [best, bestScore, iter] = [[0, 0] as Shift, 0, 0];
  for (let head = 0; head < queue.length; head += 2) {
    const shift: Shift = [queue[head]!, queue[head + 1]!];
    const score = overlap(fromRuns, toRows, ids.length, shift);
    if (score > bestScore) [best, bestScore] = [shift, score];
    if (bestScore > 0 && iter > minIter && !(score > bestScore * 0.9 && iter <= maxIter)) continue;
    for (const [du, dv] of [[-1, 0], [1, 0], [0, -1], [0, 1]] as const) if (visit(shift[0] + du, shift[1] + dv)) iter++;
  }
  return best;
}
