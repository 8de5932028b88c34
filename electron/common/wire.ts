// The wire types every domain shares: what a volume, a progress report and an error look like when they
// cross a transport. The call tables import these; this file imports nothing, so no cycle runs through it.
export type Vec3 = [number, number, number];
export type Dtype = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** A volume as the renderer sees it. World coordinates are LPS, in `unit` (see volume/geometry.ts). */
export interface VolumeInfo {
  id: string;
  name: string;
  path: string;
  format: string;
  /** Voxel counts [x, y, z]; x varies fastest in the voxel bytes. */
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  /** 3×3 row-major; column j is the LPS direction of index axis j. */
  direction: number[];
  /** Type of the voxels served at `voxels` (values as the user sees them, after any rescale). */
  dtype: Dtype;
  /** Type as stored in the file. */
  storedType: string;
  unit: string;
  valueUnit?: string;
  /** DICOM: the Series Instance UID opened (what a DICOM SEG references). */
  seriesUid?: string;
  /**
   * What the world axes are: a patient's (LPS, labelled A/P/L/R/S/I) or a sample's on an instrument (NeXus,
   * microscopy TIFF: labelled x/y/z). Absent: patient.
   */
  frame?: 'patient' | 'sample';
  /** HDF5 path of the image dataset. */
  dataset?: string;
  /** Frames of a 4-D image, and the one shown. */
  frames?: { count: number; shown: number };
  range: [number, number];
  /** Bulk path of the voxels, relative to the transport's data root (voxbench:// or /data/). */
  voxels: string;
  /** Resolution levels, finest first: level 0 is the volume itself; large volumes add a cached pyramid. */
  levels: VolumeLevel[];
  /** Levels 1… are still being built (listed with their sizes, not served yet); `volume.levels` says when they are. */
  building?: boolean;
  /** Slices still coming from a PACS (absent once every one has): the rest read as the lowest value the series stores;
   * `first`: the slice that came with the volume (a window is computed from it); `missing`: the slices not arrived,
   * as runs [first z, last z]; `stopped`: the retrieval was cancelled or failed, and the missing slices stay so. */
  arrival?: { arrived: number; total: number; first: number; missing: [number, number][]; stopped?: boolean };
  /** Why a background build stopped (its Cancel, or a failure): no coarser level is served until `volume.buildPyramid`. */
  pyramidStopped?: string;
  /** What a DICOM series says about its patient, study and series (corner annotations, the volume list). */
  dicom?: DicomInfo;
  /** Something the user should know about how it opened (a lone DICOM file shown as one slice, and why). */
  notice?: string;
}

/** DICOM header values as written (dates YYYYMMDD, names with ^), absent where the series has none. */
export interface DicomInfo {
  patientName?: string;
  patientId?: string;
  patientSex?: string;
  patientBirthDate?: string;
  studyDate?: string;
  studyDescription?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  modality?: string;
  institution?: string;
  /** The first image's Window Center and Width (0028,1050/1051), in the values the user sees. */
  window?: { center: number; width: number };
}

/** One resolution level: 2^n coarser per axis than the volume, on the same physical extent. */
export interface VolumeLevel {
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  voxels: string;
}

/** One image a file or folder holds (an HDF5 dataset, a DICOM series), for the user to pick from. */
export interface Candidate {
  /** What volume.open's `choice` takes to open it. */
  choice: string;
  label: string;
  /** [x, y, z], plus the frame count for 4-D images. */
  dims: number[];
  detail?: string;
  /** The one the file itself names as its image (a NeXus default): opened without asking. */
  preferred?: boolean;
}

export interface AppAbout {
  name: string;
  version: string;
  transport: 'electron' | 'browser';
  formats: { format: string; extensions: string[] }[];
}

export interface Progress {
  job: string;
  done: number;
  total: number;
  message: string;
}

/** An error as it crosses a transport: a kind a program can branch on, a message a user can act on. */
export interface WireError {
  kind: string;
  message: string;
}

export type Reply<T> = { ok: true; result: T } | { ok: false; error: WireError };
