// Rulers, angles and regions of interest drawn in the slice views, and the tool the left button draws with.
// Plain JSON: snapshot() and restore() are what the workspace saves and loads.
import { z } from 'zod';
import { create } from 'zustand';
import type { Vec3 } from '../../electron/common/contract';
import type { RoiStats } from '../geometry/measureGeometry';
import type { SliceOrientation } from '../geometry/sliceGeometry';

export type MeasurementKind = 'ruler' | 'angle' | 'ellipse' | 'rectangle';
/** What the left button does in a slice view: move the crosshair, or draw a measurement. */
export type LeftTool = 'crosshair' | MeasurementKind;

export interface Measurement {
  id: string;
  name: string;
  kind: MeasurementKind;
  /** The volume it was drawn on; it shows only over that volume. */
  volumeId: string;
  /** The view it was drawn in; it shows there while that view shows its plane. */
  orientation: SliceOrientation;
  /** World points (LPS): ruler [from, to]; angle [arm end, vertex, arm end]; ellipse and rectangle two opposite corners. */
  points: Vec3[];
  /** Ellipse and rectangle: the voxels inside, from the finest voxels at hand when last drawn. */
  stats?: RoiStats;
}

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const snapshotSchema = z.object({
  version: z.literal(1),
  measurements: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['ruler', 'angle', 'ellipse', 'rectangle']),
      volumeId: z.string(),
      orientation: z.enum(['axial', 'coronal', 'sagittal']),
      points: z.array(vec3).min(2).max(3),
      stats: z.object({ count: z.number(), mean: z.number(), std: z.number(), min: z.number(), max: z.number(), area: z.number(), level: z.number() }).optional(),
    }),
  ),
});
export type MeasurementsSnapshot = z.infer<typeof snapshotSchema>;

const kindNames: Record<MeasurementKind, string> = { ruler: 'Ruler', angle: 'Angle', ellipse: 'Ellipse', rectangle: 'Rectangle' };

interface MeasurementsState {
  items: Measurement[];
  selected?: string;
  tool: LeftTool;
  /** An angle with its first arm drawn, waiting for the second. */
  draft?: string;
  setTool(tool: LeftTool): void;
  /** Adds a measurement named after its kind ("Ruler 2") and selects it; returns its id. */
  add(kind: MeasurementKind, where: Pick<Measurement, 'volumeId' | 'orientation'>, points: Vec3[]): string;
  update(id: string, change: Partial<Pick<Measurement, 'points' | 'stats' | 'name'>>): void;
  remove(id: string): void;
  select(id: string | undefined): void;
  setDraft(id: string | undefined): void;
  snapshot(): MeasurementsSnapshot;
  /** Replaces every measurement with a snapshot's; throws, naming what is wrong, on a bad one. */
  restore(json: unknown): void;
}

let made = 0;

export const useMeasurements = create<MeasurementsState>((set, get) => ({
  items: [],
  tool: 'crosshair',
  setTool: (tool) => set({ tool, draft: undefined }),
  add(kind, { volumeId, orientation }, points) {
    const id = `m${Date.now().toString(36)}-${++made}`;
    const number = get().items.filter((item) => item.kind === kind).length + 1;
    set({ items: [...get().items, { id, name: `${kindNames[kind]} ${number}`, kind, volumeId, orientation, points }], selected: id });
    return id;
  },
  update: (id, change) => set({ items: get().items.map((item) => (item.id === id ? { ...item, ...change } : item)) }),
  remove: (id) => {
    const { selected, draft } = get();
    set({ items: get().items.filter((item) => item.id !== id), selected: selected === id ? undefined : selected, draft: draft === id ? undefined : draft });
  },
  select: (selected) => set({ selected }),
  setDraft: (draft) => set({ draft }),
  snapshot: () => ({ version: 1, measurements: structuredClone(get().items) }),
  restore(json) {
    const parsed = snapshotSchema.safeParse(json);
    if (!parsed.success) throw new Error(`Measurements could not be restored: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    set({ items: parsed.data.measurements as Measurement[], selected: undefined, draft: undefined });
  },
}));
