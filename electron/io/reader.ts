import type { VolumeSource } from '../volume/model.js';

export interface OpenOptions {
  /** HDF5: path of the dataset to open instead of the one the file's NeXus metadata points to. */
  dataset?: string;
}

/** One per format: says whether a file is its own (by content first), and opens it. */
export interface ScanReader {
  format: string;
  extensions: string[];
  /** `head` is the file's first bytes, already gunzipped for .gz files. */
  sniff(head: Uint8Array, name: string): boolean;
  open(path: string, options: OpenOptions): Promise<VolumeSource>;
}
