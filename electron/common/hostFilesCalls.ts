// The contract entries of the host file browser: the folders of the machine Voxbench runs on, listed with the
// scans found in them, and the scans opened lately. Opening a listed path is volume.open: nothing is uploaded.
import { z } from 'zod';
import { call, noParams } from './call.js';

/** A scan recognised in a folder listing: its format in words and what it holds ("120 slices", "NeXus"). */
export interface ScanFound {
  format: string;
  detail: string;
}

export interface HostEntry {
  name: string;
  path: string;
  kind: 'folder' | 'file';
  /** A file's size; a folder's is the files directly in it (and a header's includes its data file). */
  bytes: number;
  scan?: ScanFound;
}

export interface HostFolder {
  path: string;
  /** The folder above, while it is still inside a root; null at a root. */
  parent: string | null;
  entries: HostEntry[];
  /** The scan the folder itself is (a DICOM series, a TIFF stack, an OME-Zarr), opened as a whole. */
  scan?: ScanFound;
}

/** A folder the browser may list from, and everything under it. */
export interface HostRoot {
  label: string;
  path: string;
}

export interface RecentScan {
  path: string;
  name: string;
  bytes: number;
  /** The file's modification time when it was opened (ms since 1970). */
  modified: number;
  openedAt: number;
}

/** A scan's centre slice, small: `grey` is width × height bytes, base64, row by row. */
export interface ScanPreview {
  width: number;
  height: number;
  grey: string;
}

export const hostFilesCalls = {
  'files.roots': call(noParams).returns<HostRoot[]>(),
  /** A folder inside a root: its folders first, then its files, each with the scan it holds if any. */
  'files.list': call(z.object({ path: z.string().min(1) }).strict()).returns<HostFolder>(),
  /** The scans opened lately, newest first (those gone from the disk left out). */
  'files.recent': call(noParams).returns<RecentScan[]>(),
  /** A file the page is about to upload that is already on the host (a recent scan of that name, size and time). */
  /** A scan's centre slice for the dialog (a file or folder inside a root, read where it lies). */
  'files.preview': call(z.object({ path: z.string().min(1) }).strict()).returns<ScanPreview>(),
  'files.onHost': call(z.object({ name: z.string().min(1), bytes: z.number().int().min(0), modified: z.number() }).strict()).returns<{ path: string | null }>(),
};
