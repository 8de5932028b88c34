// Open volumes and the one on screen; voxels arrive as binary from the transport's data URL and are kept as
// plain typed arrays (each view wraps them in its own vtkImageData).
import { create } from 'zustand';
import type { Calibration, Candidate, VolumeInfo } from '../../electron/common/contract';
import { client } from '../client/client';
import { fetchVoxels, voxelArray, type Voxels } from '../client/voxels';
import { jobIds } from '../../electron/common/jobIds';
import { loadJobId, SLICES_JOB_ID, UPLOAD_JOB_ID } from './jobIds';
import { settle, track, useJobs } from './jobs';
import { percentileWindow } from '../display/windowLevel';
import { bytes } from '../display/byteSize';
import { reportError } from './errors';
import { useView } from './view';
import { useMeasurements } from './measurements';
import { scansToOpen } from './scanGroup';
import { arrivedSample, fetchArrivedSlices, receiveSlices } from './arrivingSlices';
import { mark, span } from './timeline';

export interface ShownVolume {
  /** The volume as the views draw it: the geometry and voxels of the level on screen. */
  info: VolumeInfo;
  voxels: Voxels;
  /** Which of the volume's levels is on screen (0: full resolution). */
  level: number;
  full: VolumeInfo;
  /** The voxels are zeros standing in for a level not here: its pyramid builds, or the level is on its way. The slice
   * views draw full-resolution slices over it; the 3D view has nothing to draw. */
  standIn?: boolean;
}

/** The renderer keeps at most this much of a volume in memory; larger volumes show a pyramid level. */
const VOXEL_BUDGET_BYTES = 256 << 20;
const BYTES_PER_DTYPE: Record<VolumeInfo['dtype'], number> = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 };

/** `?voxelBudgetMb=N` in the page's address sets the budget, to see how a smaller machine copes. */
const voxelBudget = () => Number(new URLSearchParams(globalThis.location?.search).get('voxelBudgetMb')) * 2 ** 20 || VOXEL_BUDGET_BYTES;

/** The finest level within the budget (the coarsest if none is). */
export function levelToShow(info: VolumeInfo, budget = voxelBudget()): number {
  const fits = info.levels.findIndex(({ dims }) => dims[0] * dims[1] * dims[2] * BYTES_PER_DTYPE[info.dtype] <= budget);
  return fits === -1 ? info.levels.length - 1 : fits;
}

/** The levels to fetch, coarsest first: the coarsest draws within moments, then the level to keep replaces it. */
export function loadingOrder(info: VolumeInfo): number[] {
  const keep = levelToShow(info);
  const coarsest = info.levels.length - 1;
  if (info.building) return keep === 0 ? [0] : []; // no pyramid level is served yet: the coarsest stands in
  return keep === coarsest ? [keep] : [coarsest, keep];
}

/** The coarsest level as zeros, on screen as soon as the volume is known: the slice views ask for their full-resolution
 * slices at once, before any level arrives (a first open of a 4 GiB file waited for the page's 3D view before). */
function standIn(full: VolumeInfo): ShownVolume {
  const level = full.levels.length - 1;
  const info = { ...full, ...full.levels[level] };
  return { info, voxels: zeros(info), level, full, standIn: true };
}

/** The exact range of `voxels`, a million at a time with the page free in between (12 M at once: 100 ms). */
async function scanRange(voxels: Voxels): Promise<[number, number]> {
  const range: [number, number] = [Infinity, -Infinity];
  for (let start = 0; start < voxels.length; start += 1 << 20) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let n = start, end = Math.min(voxels.length, start + (1 << 20)); n < end; n++) {
      const value = voxels[n]!;
      if (value < range[0]) range[0] = value;
      if (value > range[1]) range[1] = value;
    }
  }
  return range;
}

const zeros = (info: VolumeInfo) => voxelArray(info, new ArrayBuffer(info.dims[0] * info.dims[1] * info.dims[2] * BYTES_PER_DTYPE[info.dtype]));

interface VolumesState {
  volumes: VolumeInfo[];
  shown?: ShownVolume;
  status: 'connecting' | 'loading' | 'ready' | 'error';
  /** That the page is still connecting, in words (what is loading is in the jobs store, what went wrong in the errors store). */
  message: string;
  /** Full-resolution slices the slice views are waiting for (listed as one job). */
  slicesLoading: number;
  sliceLoading(change: 1 | -1): void;
  /** A file holding several images, waiting for the user to pick one. */
  choosing?: { path: string; candidates: Candidate[] };
  /** Listens to the main side's volume events and starts showing the last open volume (or opening the default one);
   * resolves once the volumes are listed, so the views mount with the last one's stand-in and ask for its slices. */
  start(): Promise<void>;
  /** Shows a volume; `keepView` keeps the slices and window (its pyramid arrived while it was on screen). */
  show(info: VolumeInfo, keepView?: boolean): Promise<void>;
  openFile(file: File): Promise<void>;
  /** Files chosen together: a series opens as its folder, a header with its data as the header, others one by one. */
  openFiles(files: File[]): Promise<void>;
  openPath(path: string): Promise<void>;
  /** Frees a volume on the main side and here (its measurements too); the last other volume shows instead. */
  close(id: string): Promise<void>;
  /** Opens one of the images of `choosing` (or a frame of the volume on screen). */
  openChoice(path: string, choice: string, frame?: number): Promise<void>;
  /** Builds again the pyramid of a volume whose build was cancelled or failed. */
  buildPyramid(id: string): Promise<void>;
  /** Opens the shown volume again with the voxel size the user gave (its file carries none), in place of it. */
  calibrate(calibration: Calibration): Promise<void>;
  cancelChoice(): void;
  fail(error: unknown): void;
}

/** Resolves once no slice view waits for its full-resolution slice (at most `patience` ms): a finer level, or a
 * view's neighbour slices, go after them. */
export async function slicesArrived(patience = 10_000): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  if (!useVolumes.getState().slicesLoading) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, patience);
    const unsubscribe = useVolumes.subscribe((state) => state.slicesLoading === 0 && done());
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/** Resolves once the slice views' full-resolution slices arrived and a frame after the one that drew them began:
 * what waits on the slices (the views' WebGL contexts, the 3D view's texture) starts then, not before them. */
export async function slicesShown(): Promise<void> {
  await slicesArrived();
  for (const _frame of [1, 2]) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Opening a file on the main side, as a job its progress events (reading, building the pyramid) report to. */
const opening = <T>(path: string, work: () => Promise<T>) => {
  const name = path.split(/[\\/]/).pop()!;
  return track({ id: jobIds.open(name), kind: 'open', label: `Opening ${name}` }, work);
};

/** Its pyramid builds now: a PACS series' waits for its last slice (the event bringing it starts the job). */
const pyramidBuilding = (info: VolumeInfo) => Boolean(info.building) && !info.arrival;

/** A pyramid building in the background is a job of its own, with Cancel (the slices stay). */
function trackPyramid(info: VolumeInfo): void {
  const id = jobIds.pyramid(info.id);
  const cancel = () => void client().call('volume.cancelPyramid', { id: info.id });
  useJobs.getState().put({ id, kind: 'pyramid', label: `Building the pyramid of ${info.name}`, cancel });
}

/** Where the slices arriving from a PACS go (arrivingSlices.ts): the volume on screen. */
const arrivalTarget = {
  shown: () => useVolumes.getState().shown,
  showVoxels: (full: VolumeInfo, voxels: Voxels) => useVolumes.setState({ shown: { info: full, voxels, level: 0, full } }),
  showInfo: (full: VolumeInfo) => useVolumes.setState(({ shown }) => (shown ? { shown: { ...shown, full } } : {})),
  fail: (error: unknown) => useVolumes.getState().fail(error),
};

/** Each show() takes a number; a level arriving for an older show() is dropped. */
let showing = 0;
/** The level show() is getting (waiting for the slices, then fetching), with the volume's latest info. */
let getting: { level: number; full: VolumeInfo } | undefined;

export const useVolumes = create<VolumesState>((set, get) => ({
  volumes: [],
  status: 'connecting',
  message: 'Connecting…',
  slicesLoading: 0,
  sliceLoading(change) {
    const slicesLoading = Math.max(0, get().slicesLoading + change);
    set({ slicesLoading });
    const id = SLICES_JOB_ID;
    if (!slicesLoading) return useJobs.getState().finish(id);
    useJobs.getState().put({ id, kind: 'slices', label: `full-resolution slice${slicesLoading > 1 ? 's' : ''} (${slicesLoading})` });
  },

  async start() {
    client().on('scan.picked', ({ path }) => void get().openPath(path));
    client().on('volume.opened', (info) => {
      settle('open');
      if (info.notice) reportError('Opening', { kind: 'Note', message: info.notice });
      set({ volumes: [...get().volumes.filter((volume) => volume.id !== info.id), info] });
      if (pyramidBuilding(info)) trackPyramid(info);
      void get().show(info);
    });
    client().on('volume.slices', ({ info, slices }) => {
      set({ volumes: get().volumes.map((volume) => (volume.id === info.id ? info : volume)) });
      if (pyramidBuilding(info)) trackPyramid(info);
      void receiveSlices(info, slices, arrivalTarget);
    });
    client().on('volume.levels', (info) => {
      useJobs.getState().finish(jobIds.pyramid(info.id));
      set({ volumes: get().volumes.map((volume) => (volume.id === info.id ? info : volume)) });
      const shown = get().shown;
      if (shown?.full.id !== info.id) return;
      // A stopped build changes no voxels: the views keep theirs, and the 3D view says why it stays empty.
      if (info.pyramidStopped) set({ shown: { ...shown, full: info } });
      else void get().show(info, true);
    });
    try {
      const volumes = await client().call('volume.list', {});
      set({ volumes, message: '' });
      volumes.filter(pyramidBuilding).forEach(trackPyramid);
      const last = volumes.at(-1);
      if (last) void get().show(last); // it reports its own failures
      else void client().call('volume.openDefault', {}).catch(get().fail);
    } catch (error) {
      get().fail(error);
    }
  },

  async show(full, keepView = false) {
    // Its pyramid arrived while the level to keep is on its way: that fetch goes on, and shows with this info.
    if (keepView && getting?.full.id === full.id && getting.level === levelToShow(full)) return void (getting.full = full);
    const ticket = ++showing;
    getting = undefined;
    mark(`show ${full.name}`);
    const id = loadJobId(full.id);
    const shown = get().shown;
    // Its pyramid arrived while a level at least as fine was on screen: that level stays, not fetched and drawn again.
    const kept = keepView && shown?.full.id === full.id && !shown.standIn && shown.level <= levelToShow(full);
    if (kept) return set({ shown: { ...shown, full } });
    try {
      const coarsest = full.levels.length - 1;
      // A volume opens at its DICOM series' own window (as radiology viewers do), else at the 1st-99th percentile
      // window of the first level that comes (Slicer's auto: full range leaves a tomogram grey); until then, and
      // while a stand-in shows, at the range (an estimate from the centre slice while the pyramid builds).
      const dicomWindow = full.dicom?.window && { window: full.dicom.window.width, level: full.dicom.window.center };
      if (!keepView) useView.getState().reset(full, dicomWindow);
      const opened = useView.getState().windowLevel;
      if (!keepView && coarsest > 0) {
        set({ shown: standIn(full), status: full.building ? 'ready' : 'loading', message: '' });
        mark(`level ${coarsest} standing in`);
        if (full.arrival) void fetchArrivedSlices(arrivalTarget);
      } else set({ status: 'loading' });
      for (const level of loadingOrder(full)) {
        const info = { ...full, ...(level > 0 && full.levels[level]) };
        const what = level === 0 ? full.name : `${full.name} (level ${level}, ${info.dims.join(' × ')})`;
        const current = (getting = { level, full });
        // The coarsest level is small; a finer one waits for the slice views' full-resolution slices.
        if (level !== coarsest) await slicesArrived();
        if (ticket !== showing) return;
        const report = (fraction: number) => useJobs.getState().report(id, { done: Math.round(fraction * 100), total: 100, message: `${what} ${Math.round(fraction * 100)} %` });
        const fetching = async () => {
          const fetched = span(`level ${level} fetch`);
          const voxels = await fetchVoxels(client().dataUrl(info.voxels), info, report);
          fetched();
          return voxels;
        };
        const voxels = await track({ id, kind: 'open', label: `Loading ${what}`, total: 100 }, fetching);
        // While the pyramid builds the main side's range is an estimate; the views need these voxels' own
        if (full.building) info.range = await scanRange(voxels);
        if (ticket !== showing) return;
        getting = undefined;
        const untouched = useView.getState().windowLevel === opened; // the user has not set a window meanwhile
        if (!keepView && !dicomWindow && untouched) useView.getState().setWindowLevel(percentileWindow(arrivedSample(full, voxels), full.range));
        const latest = current.full; // its pyramid may have arrived meanwhile
        const shownInfo = latest === full ? info : { ...latest, ...(level > 0 && latest.levels[level]) };
        set({ shown: { info: shownInfo, voxels, level, full: latest }, status: 'ready', message: '' });
        mark(`level ${level} shown`);
        // Slices that arrived while it was fetched (their announcements found it not yet on screen).
        if (full.arrival) void fetchArrivedSlices(arrivalTarget);
      }
    } catch (error) {
      if (ticket === showing) get().fail(error);
    }
  },

  async openFile(file) {
    try {
      await get().openPath(await client().pathOf(file));
    } catch (error) {
      get().fail(error);
    }
  },

  async openFiles(files) {
    if (files.length === 1) return get().openFile(files[0]!);
    try {
      const label = `Uploading ${files.length} files`;
      const report = (sent: number, total: number) => useJobs.getState().report(UPLOAD_JOB_ID, { done: sent, total, message: `${label}: ${bytes(sent)} of ${bytes(total)}` });
      const paths = await track({ id: UPLOAD_JOB_ID, kind: 'upload', label }, () => client().pathsOf(files, report));
      for (const path of scansToOpen(paths)) await get().openPath(path);
    } catch (error) {
      get().fail(error);
    }
  },

  async openPath(path) {
    set({ status: 'loading', message: '' });
    try {
      const candidates = await client().call('volume.candidates', { path });
      const preferred = candidates.find((candidate) => candidate.preferred);
      if (candidates.length > 1 && !preferred) set({ choosing: { path, candidates }, status: 'ready' });
      else await opening(path, () => client().call('volume.open', { path, ...(preferred && { choice: preferred.choice }) }));
    } catch (error) {
      get().fail(error);
    }
  },

  async openChoice(path, choice, frame) {
    set({ choosing: undefined, status: 'loading', message: '' });
    try {
      await opening(path, () => client().call('volume.open', { path, ...(choice && { choice }), ...(frame !== undefined && { frame }) }));
    } catch (error) {
      get().fail(error);
    }
  },

  async buildPyramid(id) {
    try {
      const info = await client().call('volume.buildPyramid', { id });
      trackPyramid(info);
      set({ volumes: get().volumes.map((volume) => (volume.id === id ? info : volume)) });
      const shown = get().shown;
      if (shown?.full.id === id) set({ shown: { ...shown, full: info } });
    } catch (error) {
      reportError('Building the pyramid', error);
    }
  },

  async calibrate(calibration) {
    const old = get().shown?.full;
    if (!old) return;
    set({ status: 'loading', message: '' });
    try {
      const frame = old.frames?.shown;
      await opening(old.path, () => client().call('volume.open', { path: old.path, ...(old.dataset && { choice: old.dataset }), ...(frame !== undefined && { frame }), calibration }));
    } catch (error) {
      return get().fail(error);
    }
    await get().close(old.id);
  },

  async close(id) {
    try {
      await client().call('volume.close', { id });
    } catch (error) {
      return reportError('Closing', error);
    }
    for (const job of [jobIds.pyramid(id), loadJobId(id)]) useJobs.getState().finish(job);
    const { items, remove } = useMeasurements.getState();
    for (const item of items) if (item.volumeId === id) remove(item.id);
    const volumes = get().volumes.filter((volume) => volume.id !== id);
    set({ volumes });
    if (get().shown?.full.id !== id) return;
    const next = volumes.at(-1);
    if (next) return get().show(next);
    showing++; // a level of the closed volume still arriving is dropped
    set({ shown: undefined, status: 'ready' });
  },

  cancelChoice: () => set({ choosing: undefined }),

  fail(error) {
    settle('open');
    set({ status: 'error', message: '' });
    reportError('Opening', error);
  },
}));
