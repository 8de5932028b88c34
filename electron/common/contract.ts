// The one table of every call between the renderer and the main side. Adding a call is one entry here;
// host.ts validates params against these schemas, and every transport wires every entry.
import { z } from 'zod';
import { batchCalls } from './batchCalls.js';
import { call, noParams } from './call.js';
import { hostFilesCalls } from './hostFilesCalls.js';
import { inferenceCalls, type InferenceEvents } from './inferenceCalls.js';
import { pacsCalls } from './pacsCalls.js';
import { segmentCalls, type SegmentEvents } from './segmentCalls.js';
import { syncCalls, type SyncEvents } from './syncCalls.js';
import type { AppAbout, Candidate, Progress, VolumeInfo } from './wire.js';

export type { Vec3, Dtype, VolumeInfo, DicomInfo, VolumeLevel, Candidate, AppAbout, Progress, WireError, Reply } from './wire.js';

const volumeId = z.object({ id: z.string().min(1) }).strict();

/** A voxel size for a file that carries none: a beamline's TIFF stack, a raw HDF5 dataset. */
const calibrationSchema = z.object({ spacing: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]), unit: z.enum(['mm', 'µm', 'nm']) }).strict();
export type Calibration = z.output<typeof calibrationSchema>;

const coreCalls = {
  'app.about': call(noParams).returns<AppAbout>(),
  'volume.list': call(noParams).returns<VolumeInfo[]>(),
  /** Opens a file or folder; `choice` picks among its candidates, `frame` a frame of a 4-D image, `calibration` a voxel size where the file has none. */
  'volume.open': call(
    z
      .object({ path: z.string().min(1), choice: z.string().min(1).optional(), frame: z.number().int().min(0).optional(), calibration: calibrationSchema.optional() })
      .strict(),
  ).returns<VolumeInfo>(),
  /** The images a file or folder holds, when there may be several to choose from. */
  'volume.candidates': call(z.object({ path: z.string().min(1) }).strict()).returns<Candidate[]>(),
  'volume.openDefault': call(noParams).returns<VolumeInfo>(),
  'volume.close': call(volumeId).returns<null>(),
  /** Stops building a volume's pyramid (its slices stay, read from the file); false if none was building. */
  'volume.cancelPyramid': call(volumeId).returns<boolean>(),
  /** Builds again the pyramid of a volume whose build stopped (`pyramidStopped`). */
  'volume.buildPyramid': call(volumeId).returns<VolumeInfo>(),
  /** Native "Open scan" dialog; only the desktop app has one (browser mode uploads through the page). */
  'dialog.pickScan': call(noParams).returns<{ path: string | null }>(),
  /** Native "Save as" dialog offering `suggestedName`; desktop app only (browser mode downloads instead). */
  'dialog.saveFile': call(z.object({ suggestedName: z.string().min(1).max(255) }).strict()).returns<{ path: string | null }>(),
};

/** Every call: the core's, then each domain's own table (<domain>Calls.ts beside it). */
export const contract = { ...coreCalls, ...segmentCalls, ...inferenceCalls, ...syncCalls, ...batchCalls, ...pacsCalls, ...hostFilesCalls };
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
  /** The pyramid of a volume that opened while it was built is ready (the volume with its levels and value range), or its build stopped (`pyramidStopped`). */
  'volume.levels': VolumeInfo;
  /** Slices `slices` (z indices) of a volume opening from a PACS arrived: the volume with its arrival count and the range of the values so far. */
  'volume.slices': { info: VolumeInfo; slices: number[] };
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
  /**
   * Paths for files picked or dropped together, in one folder of their own in browser mode (a series, a header and
   * its data); `onProgress` hears the bytes uploaded so far of all of them.
   */
  pathsOf(files: File[], onProgress?: (sent: number, total: number) => void): Promise<string[]>;
}
