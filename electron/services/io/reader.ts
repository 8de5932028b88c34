import type { Calibration, Candidate } from '../../common/contract.js';
import type { VolumeSource } from '../volume/model.js';

export type { Candidate };

export interface OpenOptions {
  /** Which image when a file or folder holds several: an HDF5 dataset path, a DICOM SeriesInstanceUID. */
  choice?: string;
  /** Which frame of a 4-D image (default 0). */
  frame?: number;
  /** The voxel size the user gave a file that carries none (unit 'voxel'); a file's own calibration wins. */
  calibration?: Calibration;
}

/**
 * One per format: says whether a file (or folder) is its own, by content first, and opens it.
 * Every failure is a VoxbenchError naming the file and what was wrong.
 */
export interface ScanReader {
  format: string;
  extensions: string[];
  /** `head` is the file's first bytes (up to 1 KiB), already gunzipped for .gz files. */
  sniff(head: Uint8Array, name: string): boolean;
  /** Folders (a DICOM series, a TIFF stack): whether this reader takes a folder holding these files. */
  sniffFolder?(files: { name: string; head: Uint8Array }[]): boolean;
  /** The images the path holds, when it can hold more than one. */
  candidates?(path: string): Promise<Candidate[]>;
  open(path: string, options: OpenOptions): Promise<VolumeSource>;
}
