// Intensity normalisation as the model was trained with it (nnU-Net's CT and z-score schemes, MONAI's
// percentile and min-max scaling): in place on a resampled volume, or read from the scan's own voxels into a new
// float array in the same pass (no copy first).
import type { Normalisation } from './manifest.js';

function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    squares += values[i]! * values[i]!;
  }
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(Math.max(0, squares / values.length - mean * mean)) };
}

function minMax(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < min) min = values[i]!;
    if (values[i]! > max) max = values[i]!;
  }
  return [min, max];
}

/** Percentiles by linear interpolation between order statistics (numpy's default method). */
export function percentiles(values: ArrayLike<number>, ps: number[]): number[] {
  const sorted = Float32Array.from(values).sort();
  return ps.map((p) => {
    const at = (p / 100) * (sorted.length - 1);
    const low = Math.floor(at);
    const high = Math.min(low + 1, sorted.length - 1);
    return sorted[low]! + (at - low) * (sorted[high]! - sorted[low]!);
  });
}

function clipScale(values: ArrayLike<number>, into: Float32Array, low: number, high: number, offset: number, scale: number): Float32Array {
  for (let i = 0; i < values.length; i++) into[i] = (Math.min(high, Math.max(low, values[i]!)) - offset) * scale;
  return into;
}

/** `values` normalised into `into` (`values` itself for in place); returns `into`. */
export function normalise(values: ArrayLike<number>, how: Normalisation, into: Float32Array = new Float32Array(values.length)): Float32Array {
  switch (how.kind) {
    case 'ct':
      return clipScale(values, into, how.window[0], how.window[1], how.mean, 1 / how.std);
    case 'zscore': {
      const { mean, std } = meanStd(values);
      return clipScale(values, into, -Infinity, Infinity, mean, 1 / Math.max(std, 1e-8));
    }
    case 'percentile': {
      const [low, high] = percentiles(values, [how.low, how.high]) as [number, number];
      return clipScale(values, into, low, high, low, 1 / Math.max(high - low, 1e-8));
    }
    case 'minmax': {
      const [low, high] = how.range ?? minMax(values);
      return clipScale(values, into, -Infinity, Infinity, low, 1 / Math.max(high - low, 1e-8));
    }
    case 'none':
      return into === values ? into : clipScale(values, into, -Infinity, Infinity, 0, 1);
  }
}
