// The one table of every call between the renderer and the main side. Adding a call is one entry here;
// host.ts validates params against these schemas, and every transport wires every entry.
import { z } from 'zod';
import { call, noParams } from './call.js';
import { inferenceCalls, type InferenceEvents } from './inferenceCalls.js';
import { segmentCalls, type SegmentEvents } from './segmentCalls.js';
import { syncCalls, type SyncEvents } from './syncCalls.js';

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
  /** HDF5 path of the image dataset. */
  dataset?: string;
  /** Frames of a 4-D image, and the one shown. */
  frames?: { count: number; shown: number };
  range: [number, number];
  /** Bulk path of the voxels, relative to the transport's data root (voxbench:// or /data/). */
  voxels: string;
  /** Resolution levels, finest first: level 0 is the volume itself; large volumes add a cached pyramid. */
  levels: VolumeLevel[];
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

const volumeId = z.object({ id: z.string().min(1) }).strict();

const coreCalls = {
  'app.about': call(noParams).returns<AppAbout>(),
  'volume.list': call(noParams).returns<VolumeInfo[]>(),
  /** Opens a file or folder; `choice` picks among its candidates, `frame` a frame of a 4-D image. */
  'volume.open': call(
    z
      .object({ path: z.string().min(1), choice: z.string().min(1).optional(), frame: z.number().int().min(0).optional() })
      .strict(),
  ).returns<VolumeInfo>(),
  /** The images a file or folder holds, when there may be several to choose from. */
  'volume.candidates': call(z.object({ path: z.string().min(1) }).strict()).returns<Candidate[]>(),
  'volume.openDefault': call(noParams).returns<VolumeInfo>(),
  'volume.close': call(volumeId).returns<null>(),
  /** Native "Open scan" dialog; only the desktop app has one (browser mode uploads through the page). */
  'dialog.pickScan': call(noParams).returns<{ path: string | null }>(),
  /** Native "Save as" dialog offering `suggestedName`; desktop app only (browser mode downloads instead). */
  'dialog.saveFile': call(z.object({ suggestedName: z.string().min(1).max(255) }).strict()).returns<{ path: string | null }>(),
};

/** Every call: the core's, then each domain's own table (electron/<domain>/calls.ts). */
export const contract = { ...coreCalls, ...segmentCalls, ...inferenceCalls, ...syncCalls };
export type CoreCalls = typeof coreCalls;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type ParamsOf<M extends Method> = z.input<Contract[M]['params']>;
export type ResultOf<M extends Method> = Contract[M]['result'];
export const methods = Object.keys(contract) as Method[];

/** Event streams from the main side to every window: the core's and each domain's. */
export type Events = CoreEvents & SegmentEvents & InferenceEvents & SyncEvents;

interface CoreEvents {
  'volume.opened': VolumeInfo;
  /** The desktop app's File menu picked a scan; the page opens it (and asks which image, if several). */
  'scan.picked': { path: string };
  progress: Progress;
}
export type EventName = keyof Events;

/** The client both transports give the renderer. */
export interface Client {
  transport: AppAbout['transport'];
  call<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void;
  /** Absolute URL of a bulk path such as VolumeInfo.voxels. */
  dataUrl(path: string): string;
  /** A path the main side can open for a file the user picked or dropped in the page. */
  pathOf(file: File): Promise<string>;
}
