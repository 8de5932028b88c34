// The segmentation of the volume on screen, as the renderer keeps it: the segment table, a copy of the labelmap
// (refreshed from the bulk route, only the changed box when the event names one), the active segment and tool,
// the overlay's look, and the job running on the main side.
import { create } from 'zustand';
import type { Client, Vec3 } from '../../electron/contract';
import type { OperationInput, Region, SegmentationInfo, SegmentInfo, SegmentToolId, ToolParams } from '../tools/segmentTool';
import { defaultParams } from '../tools/segmentTools';

export type Labels = Uint8Array | Uint16Array;

/** What a pointer tool is drawing right now in a slice view (world points, LPS mm). */
export interface Sketch {
  axis: number;
  points: Vec3[];
  kind: 'stroke' | 'polygon';
}

interface SegmentsState {
  client?: Client;
  info?: SegmentationInfo;
  labels?: Labels;
  /** Revision of the labelmap copy (the event's revision once its box is fetched). */
  labelsRevision: number;
  active?: number;
  tool?: SegmentToolId;
  params: Record<SegmentToolId, ToolParams>;
  opacity: number;
  outline: boolean;
  sketch?: Sketch;
  /** Seeds for grow from seeds, voxel indices. */
  seeds: Vec3[];
  running?: { message: string; done: number; total: number };
  error?: string;
  attach(client: Client, volumeId: string): Promise<void>;
  setActive(value: number | undefined): void;
  setTool(tool: SegmentToolId | undefined): void;
  setParam(tool: SegmentToolId, key: string, value: ToolParams[string]): void;
  setLook(look: Partial<Pick<SegmentsState, 'opacity' | 'outline'>>): void;
  setSketch(sketch: Sketch | undefined): void;
  setSeeds(seeds: Vec3[]): void;
  add(): Promise<void>;
  update(value: number, change: Partial<Pick<SegmentInfo, 'name' | 'color' | 'visible' | 'locked'>>): Promise<void>;
  remove(value: number): Promise<void>;
  merge(into: number, from: number[]): Promise<void>;
  apply(operation: OperationInput): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  cancel(): Promise<void>;
}

const ARRAYS = { uint8: Uint8Array, uint16: Uint16Array } as const;

async function fetchLabels(client: Client, info: SegmentationInfo, region?: Region): Promise<Labels> {
  const path = region ? `${info.labels}/${[...region.min, ...region.max].join('/')}` : info.labels;
  const response = await fetch(client.dataUrl(path));
  if (!response.ok) throw new Error(`Could not read the labelmap of ${info.volumeId}: ${await response.text()}`);
  return new ARRAYS[info.dtype](await response.arrayBuffer());
}

/** Copies a fetched box into the whole labelmap (both x-fastest). */
export function pasteBox(labels: Labels, dims: Vec3, box: Labels, { min, max }: Region): void {
  const width = max[0] - min[0];
  let from = 0;
  for (let z = min[2]; z < max[2]; z++) {
    for (let y = min[1]; y < max[1]; y++, from += width) labels.set(box.subarray(from, from + width), min[0] + dims[0] * (y + dims[1] * z));
  }
}

export const useSegments = create<SegmentsState>((set, get) => {
  /** Runs a call that returns the new segmentation info, reporting its failure in the panel. */
  const guarded = async (work: () => Promise<SegmentationInfo | undefined>) => {
    try {
      set({ error: undefined });
      const info = await work();
      if (info) adopt(info);
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  const adopt = (info: SegmentationInfo) => {
    if (info.volumeId !== get().info?.volumeId || info.revision >= get().info!.revision) set({ info });
    const { active } = get();
    if (active === undefined || !info.segments.some((segment) => segment.value === active)) set({ active: info.segments.at(-1)?.value });
  };
  let queue = Promise.resolve();
  /** Label refreshes run one after another, so a box never lands on a labelmap of the wrong size. */
  const refresh = (info: SegmentationInfo, region: Region | null | undefined) => {
    queue = queue.then(async () => {
      const { client, labels } = get();
      if (!client || info.volumeId !== get().info?.volumeId || info.revision <= get().labelsRevision) return;
      const whole = !labels || region === undefined || labels.BYTES_PER_ELEMENT !== ARRAYS[info.dtype].BYTES_PER_ELEMENT;
      if (whole) return set({ labels: await fetchLabels(client, info), labelsRevision: info.revision });
      if (!region) return set({ labelsRevision: info.revision });
      const next = labels.slice();
      pasteBox(next, info.dims, await fetchLabels(client, info, region), region);
      set({ labels: next, labelsRevision: info.revision });
    }).catch((error: unknown) => set({ error: String(error) }));
  };
  const volumeId = () => get().info!.volumeId;
  const call = () => get().client!;

  return {
    labelsRevision: -1,
    params: defaultParams(),
    opacity: 0.5,
    outline: false,
    seeds: [],

    async attach(client, id) {
      const first = !get().client;
      set({ client, info: undefined, labels: undefined, labelsRevision: -1, active: undefined, seeds: [], sketch: undefined });
      if (first) {
        client.on('segment.changed', ({ info, region }) => {
          if (info.volumeId !== get().info?.volumeId) return;
          adopt(info);
          refresh(info, region);
        });
        client.on('progress', ({ job, done, total, message }) => {
          if (get().running && job === `segment ${get().info?.volumeId}`) set({ running: { done, total, message } });
        });
      }
      await guarded(async () => {
        const info = await client.call('segment.info', { volumeId: id });
        set({ info });
        refresh(info, undefined);
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
      set({ running: { message: `Running ${operation.tool}…`, done: 0, total: 1 } });
      await guarded(async () => (await call().call('segment.apply', { volumeId: volumeId(), operation })).info);
      set({ running: undefined });
    },
    undo: () => guarded(async () => (await call().call('segment.undo', { volumeId: volumeId() })).info),
    redo: () => guarded(async () => (await call().call('segment.redo', { volumeId: volumeId() })).info),
    async cancel() {
      await call().call('segment.cancel', { volumeId: volumeId() });
    },
  };
});
