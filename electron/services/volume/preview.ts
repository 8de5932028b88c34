// A scan's preview for the Open dialog: its centre slice across z, sampled down to at most `size` pixels a side and
// windowed to the 1st–99th percentile of what it shows, as grey bytes (row by row, y down as the axial view shows it).
import type { Box, VolumeSource } from './model.js';

export interface Preview {
  width: number;
  height: number;
  grey: Uint8Array;
}

export async function centreSlicePreview(source: VolumeSource, size: number): Promise<Preview> {
  const [nx, ny, nz] = source.meta.dims;
  const z = Math.floor(nz / 2);
  const box: Box = { min: [0, 0, z], max: [nx, ny, z + 1] };
  const slice = source.readRegion ? await source.readRegion(box) : await source.readSlab(z, 1);
  const step = Math.max(1, Math.ceil(Math.max(nx, ny) / size));
  const [width, height] = [Math.ceil(nx / step), Math.ceil(ny / step)];
  const values = new Float64Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[x + width * y] = Number(slice[x * step + nx * y * step]);
  const sorted = values.slice().sort();
  const [low, high] = [sorted[Math.floor(0.01 * (sorted.length - 1))]!, sorted[Math.floor(0.99 * (sorted.length - 1))]!];
  const grey = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) grey[i] = Math.round(Math.min(1, Math.max(0, (values[i]! - low) / (high - low || 1))) * 255);
  return { width, height, grey };
}
