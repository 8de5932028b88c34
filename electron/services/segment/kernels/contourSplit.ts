// One region facing several in the next painted slice is cut into one piece per partner, after ITK's
// MorphologicalContourInterpolator::Interpolate1toN (KitwareMedical/ITKMorphologicalContourInterpolation, Apache-2.0).
import type { Islands, Shift } from './contourIslands.js';

/**
 * Cuts `from` island `id` into one piece per island of `ids` in `to`: pixels that land on a partner when moved
 * by `shift` seed its piece, and the pieces grow into the rest of the island one 4-neighbour step at a time
 * (a pixel reached by several in the same step joins the one listed first).
 */
export function splitRegion(from: Islands, id: number, to: Islands, ids: readonly number[], [du, dv]: Shift): Int32Array[] {
  const { nu, nv } = from;
  const region = from.pixels[id]!;
  // -1 outside the region, 0 not yet taken, k + 1 taken by piece k.
  const piece = new Int32Array(nu * nv).fill(-1);
  for (const p of region) {
    const [u, v] = [(p % nu) + du, Math.floor(p / nu) + dv];
    const inside = u >= 0 && v >= 0 && u < nu && v < nv;
    piece[p] = inside ? ids.indexOf(to.labels[u + nu * v]!) + 1 : 0;
  }
  let open = region.filter((p) => piece[p] === 0);
  while (open.length > 0) {
    const taken = open.map((p) => nearestPiece(piece, p, nu, nv));
    if (!taken.some((k) => k > 0)) break; // nothing left can be reached (ITK would loop forever)
    open.forEach((p, k) => (piece[p] = taken[k]!));
    open = open.filter((p) => piece[p] === 0);
  }
  return ids.map((_, k) => region.filter((p) => piece[p] === k + 1));
}

/** The lowest piece among the 4-neighbours of p, 0 if none. */
function nearestPiece(piece: Int32Array, p: number, nu: number, nv: number): number {
  const [u, v] = [p % nu, Math.floor(p / nu)];
  let lowest = Infinity;
  if (u > 0 && piece[p - 1]! > 0) lowest = Math.min(lowest, piece[p - 1]!);
  if (u < nu - 1 && piece[p + 1]! > 0) lowest = Math.min(lowest, piece[p + 1]!);
  if (v > 0 && piece[p - nu]! > 0) lowest = Math.min(lowest, piece[p - nu]!);
  if (v < nv - 1 && piece[p + nu]! > 0) lowest = Math.min(lowest, piece[p + nu]!);
  return lowest === Infinity ? 0 : lowest;
}
