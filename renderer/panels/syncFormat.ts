// How the panels write sizes, rates, times left, and a data-centre dataset's name and summary.
import { bytes } from '../display/byteSize';
import type { RemoteDataset } from '../state/sync';

export { bytes };

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** A dataset as people know it: its description, else its key. */
export const datasetName = (dataset: RemoteDataset): string => dataset.description || dataset.datasetKey;

/** What it holds, its size and the day it was pushed: "2 files, 1.5 MiB, 2026-12-05". */
export function datasetSummary(dataset: RemoteDataset): string {
  const size = dataset.omeZarr?.bytes ?? dataset.files.reduce((sum, file) => sum + file.size, 0);
  const held = dataset.omeZarr ? 'OME-Zarr' : `${dataset.files.length} file${dataset.files.length === 1 ? '' : 's'}`;
  return `${held}, ${bytes(size)}, ${dataset.createdAt.slice(0, 10)}`;
}
