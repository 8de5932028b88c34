// The value histogram the transfer-function editor draws behind its points. Pure; large volumes are sampled
// with an even stride, so it costs the same whatever their size.
export const HISTOGRAM_SAMPLES = 1 << 22;

/** Counts of `values` in `bins` equal bins over [low, high] (the top value falls in the last bin). */
export function histogram(values: ArrayLike<number>, [low, high]: [number, number], bins = 128, samples = HISTOGRAM_SAMPLES): number[] {
  const counts = new Array<number>(bins).fill(0);
  const scale = bins / (high - low || 1);
  const stride = Math.max(1, Math.floor(values.length / samples));
  for (let n = 0; n < values.length; n += stride) {
    const bin = Math.floor((values[n]! - low) * scale);
    counts[Math.min(bins - 1, Math.max(0, bin))]! += 1;
  }
  return counts;
}

/** Bar heights 0–1 on a log scale, so a small peak (bone, contrast) shows beside a huge one (air). */
export function logHeights(counts: number[]): number[] {
  const top = Math.log1p(Math.max(...counts));
  return counts.map((count) => (top ? Math.log1p(count) / top : 0));
}

/** Bar heights 0–1 in proportion to the counts (where the mass of the values lies). */
export function linearHeights(counts: number[]): number[] {
  const top = Math.max(...counts);
  return counts.map((count) => (top ? count / top : 0));
}
