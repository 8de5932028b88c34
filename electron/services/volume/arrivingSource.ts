// A volume whose slices arrive one at a time (a PACS series over WADO-RS): held in memory from the start, slices
// not yet arrived read as the fill value, and the value range kept over the slices that have.
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { bytesPerVoxel, voxelArray, type VolumeMeta, type VolumeSource, type VoxelArray } from './model.js';

export class ArrivingSource implements VolumeSource {
  private readonly voxels: VoxelArray;
  private readonly sliceVoxels: number;
  private readonly present: Uint8Array;
  private arrivedCount = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(
    readonly meta: VolumeMeta,
    readonly fill: number,
  ) {
    this.sliceVoxels = meta.dims[0] * meta.dims[1];
    this.voxels = voxelArray(meta.dtype, new ArrayBuffer(this.sliceVoxels * meta.dims[2] * bytesPerVoxel(meta.dtype)));
    this.voxels.fill(fill);
    this.present = new Uint8Array(meta.dims[2]);
  }

  get arrived(): number {
    return this.arrivedCount;
  }

  /** Writes slice `z` through `write` (the whole volume's array and where the slice starts), then counts it in. */
  put(z: number, write: (out: VoxelArray, at: number) => void): void {
    if (this.present[z]) throw new VoxbenchError('DuplicateSlice', `${this.meta.name}: slice ${z + 1} of ${this.meta.dims[2]} arrived twice.`);
    const at = z * this.sliceVoxels;
    write(this.voxels, at);
    const slice = this.voxels.subarray(at, at + this.sliceVoxels);
    for (let i = 0; i < slice.length; i++) {
      const value = slice[i]!;
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    this.present[z] = 1;
    this.arrivedCount++;
  }

  /** The slices not arrived yet, as runs [first, last] of z (the middle-out order leaves a few). */
  missing(): [number, number][] {
    const runs: [number, number][] = [];
    this.present.forEach((arrived, z) => {
      if (arrived) return;
      const last = runs.at(-1);
      if (last && last[1] === z - 1) last[1] = z;
      else runs.push([z, z]);
    });
    return runs;
  }

  /** The range of the values arrived so far; the fill value's alone before any. */
  range(): [number, number] {
    return this.arrivedCount ? [this.min, this.max] : [this.fill, this.fill];
  }

  async readSlab(z0: number, count: number): Promise<VoxelArray> {
    if (!(Number.isSafeInteger(z0) && Number.isSafeInteger(count) && z0 >= 0 && count >= 1 && z0 + count <= this.meta.dims[2])) {
      throw new VoxbenchError('BadRegion', `${this.meta.name}: slices ${z0}-${z0 + count - 1} are not inside its ${this.meta.dims[2]} slices.`);
    }
    return this.voxels.slice(z0 * this.sliceVoxels, (z0 + count) * this.sliceVoxels);
  }

  /** Closed by the user while slices still came: the retrieval stops. */
  closed = false;

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** What reads a volume's whole series from its files (a DICOM SEG, a de-identified push) waits until every slice arrived. */
export function refuseIncomplete({ name, arrival }: Pick<VolumeInfo, 'name' | 'arrival'>, what: string): void {
  if (!arrival) return;
  const state = arrival.stopped ? 'arrived before its retrieval stopped; open the series again' : 'have arrived from the PACS; wait until all have';
  throw new VoxbenchError('IncompleteSeries', `${name}: ${arrival.arrived} of ${arrival.total} slices ${state}, as ${what} takes the whole series.`);
}
