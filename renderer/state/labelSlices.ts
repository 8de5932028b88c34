// The labels of the one slice a view shows, fetched through the labelmap's box route (a slice is a box one voxel
// deep), so the renderer never holds the whole labelmap. Each view keeps a few slices for scrolling and cine; a
// change event marks the kept slices its region crosses stale, and a response older than a change to its slice
// never lands.
import { useEffect, useMemo, useReducer } from 'react';
import type { Events, Vec3 } from '../../electron/common/contract';
import { routes } from '../../electron/common/routes';
import { client } from '../client/client';
import { reportError } from './errors';
import { span } from './timeline';
import { useSegments, type Labels } from './segments';

type Region = NonNullable<Events['segment.changed']['region']>;

/** One slice across `axis` at `index`: x-fastest over `dims`, the box's own size (dims[axis] = 1). */
export interface LabelSlice {
  axis: number;
  index: number;
  dims: Vec3;
  values: Labels;
  /** The labelmap's revision the bytes hold for: read at, or any later change left this slice alone. */
  revision: number;
}

/** Slices kept per view: a scroll back and forth and a cine loop's neighbourhood stay in memory. */
const KEEP = 24;

/** The box of slice `index` across `axis` in a volume of `dims` (max exclusive, as the box route reads it). */
export function sliceBox(dims: Vec3, axis: number, index: number): Region {
  const min: Vec3 = [0, 0, 0];
  const max = [...dims] as Vec3;
  min[axis] = index;
  max[axis] = index + 1;
  return { min, max };
}

const crosses = (region: Region, axis: number, index: number) => region.min[axis]! <= index && index < region.max[axis]!;
const keyOf = (axis: number, index: number) => `${axis}/${index}`;

/** The slices one view holds of one labelmap (one volume, one dtype). */
export class LabelSliceCache {
  /** In the order they landed: the first is the one to drop. */
  private readonly kept = new Map<string, LabelSlice>();
  private readonly stale = new Set<string>();
  /** Slices on their way, with the newest revision of a change to them seen meanwhile. */
  private readonly loading = new Map<string, { axis: number; index: number; changedAt: number }>();
  /** Slices whose fetch failed: not asked again until the labelmap changes. */
  private readonly failed = new Set<string>();

  constructor(
    /** The data route's URL of a bulk path (the client's dataUrl). */
    private readonly dataUrl: (path: string) => string,
    private readonly volumeId: string,
    private readonly dims: Vec3,
    private readonly updated: () => void,
    private readonly fail: (message: string) => void,
  ) {}

  /** The slice as last fetched; it may be stale while a fresher copy is on its way. */
  shown(axis: number, index: number): LabelSlice | undefined {
    return this.kept.get(keyOf(axis, index));
  }

  /** Fetches the slice unless it lies outside the volume, or a fresh copy is kept or already on its way. */
  want(axis: number, index: number): void {
    const key = keyOf(axis, index);
    if (index < 0 || index >= this.dims[axis]! || (this.kept.has(key) && !this.stale.has(key)) || this.loading.has(key) || this.failed.has(key)) return;
    void this.load(axis, index, key);
  }

  /** The labelmap reached `revision`, changing `region` (null: only the segment table changed). */
  changed(revision: number, region: Region | null): void {
    if (region) this.failed.clear();
    for (const [key, slice] of this.kept) {
      if (revision <= slice.revision || this.stale.has(key)) continue;
      if (region && crosses(region, slice.axis, slice.index)) this.stale.add(key);
      // Untouched by this change: the bytes are those of the new revision too.
      else this.kept.set(key, { ...slice, revision });
    }
    for (const flight of this.loading.values()) if (region && crosses(region, flight.axis, flight.index)) flight.changedAt = Math.max(flight.changedAt, revision);
  }

  private async load(axis: number, index: number, key: string): Promise<void> {
    const flight = { axis, index, changedAt: -1 };
    this.loading.set(key, flight);
    const fetched = span(`label slice ${'xyz'[axis]}=${index} fetch`);
    try {
      const { min, max } = sliceBox(this.dims, axis, index);
      const response = await fetch(this.dataUrl(routes.segmentLabelBox.path({ volumeId: this.volumeId, min, max })));
      if (!response.ok) throw new Error(`Could not read slice ${index + 1} across axis ${axis} of the labelmap: ${await response.text()}`);
      const revision = Number(response.headers.get('X-Voxbench-Revision'));
      const bytes = await response.arrayBuffer();
      // A change to this slice came after the bytes were read: they stay out, and the next want() asks again.
      if (revision < flight.changedAt || revision < (this.kept.get(key)?.revision ?? -1)) return;
      const dims = [max[0] - min[0], max[1] - min[1], max[2] - min[2]] as Vec3;
      // The bytes say the dtype: 2 per voxel once a label needs 16 bits.
      const values = bytes.byteLength === 2 * dims[0] * dims[1] * dims[2] ? new Uint16Array(bytes) : new Uint8Array(bytes);
      this.kept.delete(key);
      this.kept.set(key, { axis, index, dims, values, revision });
      this.stale.delete(key);
      for (const old of this.kept.keys()) {
        if (this.kept.size <= KEEP) break;
        this.kept.delete(old);
        this.stale.delete(old);
      }
    } catch (error) {
      this.failed.add(key);
      this.fail(error instanceof Error ? error.message : String(error));
    } finally {
      fetched();
      this.loading.delete(key);
      this.updated();
    }
  }
}

/**
 * The labels of slice `index` across `axis` of the segmentation on screen (undefined: no slice shown), fetched
 * on demand and again when an edit crosses it. Until a fresh copy lands the last one stays on screen.
 */
export function useLabelSlice(axis: number | undefined, index: number): LabelSlice | undefined {
  const info = useSegments((state) => state.info);
  const [version, update] = useReducer((n: number) => n + 1, 0);
  // A segmentation never edited and without segments is all zeros: nothing to fetch (nine 1290² slices at every open).
  const blank = info?.revision === 0 && info.segments.length === 0;
  // A new volume, or a labelmap that turned uint16, starts an empty cache.
  const volumeId = blank ? undefined : info?.volumeId;
  const dtype = info?.dtype;
  const dims = info?.dims.join(',');
  const cache = useMemo(
    () => (volumeId && dims && dtype ? new LabelSliceCache(client().dataUrl, volumeId, dims.split(',').map(Number) as Vec3, update, (error) => reportError('Segmentation overlay', error)) : undefined),
    [volumeId, dims, dtype],
  );
  useEffect(() => {
    if (!cache) return undefined;
    return client().on('segment.changed', (event) => {
      if (event.volumeId !== volumeId) return;
      cache.changed(event.revision, event.region);
      update();
    });
  }, [cache, volumeId]);
  useEffect(() => {
    if (!cache || axis === undefined) return;
    cache.want(axis, index);
    // The neighbours too, so the next step of a scroll or cine finds its slice here.
    cache.want(axis, index + 1);
    cache.want(axis, index - 1);
  }, [cache, axis, index, version]);
  return cache && axis !== undefined ? cache.shown(axis, index) : undefined;
}
