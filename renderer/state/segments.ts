// The segmentation of the volume on screen, as the renderer keeps it: the segment table, the active segment and
// tool and the overlay's look (an edit running on the main side is a job in jobs.ts). The labelmap itself stays on the main side: each
// slice view fetches the slice it shows (labelSlices.ts).
import { create } from 'zustand';
import type { Vec3 } from '../../electron/common/contract';
import { client } from '../client/client';
// The tool ids, their parameter types and defaults come from the tool list (typed from electron/common's schemas).
import type { OperationInput, ParamValue, SegmentationInfo, SegmentInfo, SegmentToolId } from '../tools/segment/segmentTool';
import { defaultParams, type ToolParams } from '../tools/segment/segmentTools';
import { jobIds } from '../../electron/common/jobIds';
import { reportError } from './errors';
import { track } from './jobs';

export type Labels = Uint8Array | Uint16Array;

/** What a pointer tool is drawing right now in a slice view (world points, LPS mm). */
export interface Sketch {
  axis: number;
  points: Vec3[];
  kind: 'stroke' | 'polygon';
}

interface SegmentsState {
  info?: SegmentationInfo;
  active?: number;
  tool?: SegmentToolId;
  params: ToolParams;
  opacity: number;
  outline: boolean;
  sketch?: Sketch;
  /** Seeds for grow from seeds, voxel indices. */
  seeds: Vec3[];
  /** Brush strokes whose pieces are still on their way to the labelmap. */
  painting: number;
  attach(volumeId: string): Promise<void>;
  /** No volume is on screen (the last one was closed). */
  detach(): void;
  setActive(value: number | undefined): void;
  setTool(tool: SegmentToolId | undefined): void;
  setParam(tool: SegmentToolId, key: string, value: ParamValue): void;
  setLook(look: Partial<Pick<SegmentsState, 'opacity' | 'outline'>>): void;
  setSketch(sketch: Sketch | undefined): void;
  setSeeds(seeds: Vec3[]): void;
  add(): Promise<void>;
  update(value: number, change: Partial<Pick<SegmentInfo, 'name' | 'color' | 'visible' | 'locked'>>): Promise<void>;
  remove(value: number): Promise<void>;
  merge(into: number, from: number[]): Promise<void>;
  apply(operation: OperationInput): Promise<void>;
  /** One piece of a stroke being drawn (no progress shown: it is quick); false when it failed. */
  applyPiece(operation: OperationInput): Promise<boolean>;
  /** A stroke began (+1) or its last piece landed (-1). */
  strokeUnderway(delta: 1 | -1): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  cancel(): Promise<void>;
}

export const useSegments = create<SegmentsState>((set, get, store) => {
  /** Runs a call that returns the new segmentation info, reporting its failure in the panel; false when it failed. */
  const attempt = async (work: () => Promise<SegmentationInfo | undefined>) => {
    try {
      const info = await work();
      if (info) adopt(info);
      return true;
    } catch (error) {
      reportError('Segment Editor', error);
      return false;
    }
  };
  const guarded = async (work: () => Promise<SegmentationInfo | undefined>) => void (await attempt(work));
  const adopt = (info: SegmentationInfo) => {
    if (info.volumeId !== get().info?.volumeId || info.revision >= get().info!.revision) set({ info });
    // The active segment is the user's choice: an edit that adds segments (islands → split) leaves it, and an
    // older info arriving late (without a segment added since) must not move it; only its removal does.
    const { active, info: current } = get();
    if (active === undefined || !current!.segments.some((segment) => segment.value === active)) set({ active: current!.segments.at(-1)?.value });
  };
  const volumeId = () => get().info!.volumeId;
  /** Undo and redo wait for the strokes still being sent, so they take back or repeat whole strokes. */
  const strokesLanded = () =>
    new Promise<void>((resolve) => {
      if (get().painting === 0) return resolve();
      const stop = store.subscribe(({ painting }) => {
        if (painting > 0) return;
        stop();
        resolve();
      });
    });
  const call = client;
  let listening = false;

  return {
    params: defaultParams(),
    opacity: 0.5,
    outline: false,
    seeds: [],
    painting: 0,

    detach: () => set({ info: undefined, active: undefined, seeds: [], sketch: undefined }),

    async attach(id) {
      get().detach();
      if (!listening) {
        listening = true;
        client().on('segment.changed', ({ info }) => {
          if (info.volumeId === get().info?.volumeId) adopt(info);
        });
      }
      await guarded(async () => {
        const info = await client().call('segment.info', { volumeId: id });
        set({ info });
        return info;
      });
    },
    setActive: (active) => set({ active }),
    setTool: (tool) => set({ tool, sketch: undefined }),
    setParam: (tool, key, value) => set({ params: { ...get().params, [tool]: { ...get().params[tool], [key]: value } } }),
    setLook: (look) => set(look),
    setSketch: (sketch) => set({ sketch }),
    setSeeds: (seeds) => set({ seeds }),
    /** A new segment becomes the active one, as in Slicer. */
    add: () =>
      guarded(async () => {
        const info = await call().call('segment.add', { volumeId: volumeId() });
        set({ active: info.segments.at(-1)?.value });
        return info;
      }),
    update: (value, change) => guarded(() => call().call('segment.update', { volumeId: volumeId(), value, ...change })),
    remove: (value) => guarded(() => call().call('segment.delete', { volumeId: volumeId(), value })),
    merge: (into, from) => guarded(() => call().call('segment.merge', { volumeId: volumeId(), into, from })),
    async apply(operation) {
      const id = volumeId();
      const job = { id: jobIds.segment(id), kind: 'segment' as const, label: `Running ${operation.tool}`, message: `Running ${operation.tool}…`, cancel: () => void get().cancel() };
      await guarded(() => track(job, async () => (await call().call('segment.apply', { volumeId: id, operation })).info));
    },
    applyPiece: (operation) => attempt(async () => (await call().call('segment.apply', { volumeId: volumeId(), operation })).info),
    strokeUnderway: (delta) => set({ painting: get().painting + delta }),
    undo: () =>
      guarded(async () => {
        await strokesLanded();
        return (await call().call('segment.undo', { volumeId: volumeId() })).info;
      }),
    redo: () =>
      guarded(async () => {
        await strokesLanded();
        return (await call().call('segment.redo', { volumeId: volumeId() })).info;
      }),
    async cancel() {
      await call().call('segment.cancel', { volumeId: volumeId() });
    },
  };
});
