// The order a series' slices are asked for: the middle first (the slice views open there), then outwards, so the
// user sees the centre soonest and the volume fills from it.

/** Slice indices 0 … count-1, the middle first, then alternately one above and one below. */
export function arrivalOrder(count: number): number[] {
  const middle = Math.floor(count / 2);
  const order = [middle];
  for (let step = 1; order.length < count; step++) {
    if (middle + step < count) order.push(middle + step);
    if (middle - step >= 0) order.push(middle - step);
  }
  return order.slice(0, count);
}
