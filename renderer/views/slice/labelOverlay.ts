// Pure drawing of the labelmap over a slice view: one voxel slice turned into RGBA pixels (each segment's
// colour, filled or as an outline), and the affine map that puts voxel (u, v) of that slice on screen.
import type { Vec3 } from '../../../electron/common/contract';
import { indexToWorld, worldToScreen, type SliceCamera, type SliceFrame } from '../../geometry/sliceGeometry';
import type { VolumeInfo } from '../../../electron/common/contract';

/** The in-plane index axes of a slice across `axis`, in increasing order. */
export const inPlane = (axis: number): [number, number] => [0, 1, 2].filter((k) => k !== axis) as [number, number];

/** Colour (RGBA 0–255) of a voxel value, or undefined for none. */
export type Paint = (value: number) => readonly [number, number, number, number] | undefined;

/**
 * The slice `slice` across `axis` of a volume (x-fastest `values` with `dims`) as RGBA, u along the first
 * in-plane axis, v along the second. In outline mode only voxels with a 4-neighbour of another value are drawn.
 */
export function sliceRGBA(values: ArrayLike<number>, dims: Vec3, axis: number, slice: number, paint: Paint, outline = false): { rgba: Uint8ClampedArray; width: number; height: number } {
  const [u, v] = inPlane(axis);
  const width = dims[u]!;
  const height = dims[v]!;
  const stride = [1, dims[0], dims[0] * dims[1]];
  const base = slice * stride[axis]!;
  const su = stride[u]!;
  const sv = stride[v]!;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const at = base + i * su + j * sv;
      const value = values[at]!;
      const colour = paint(value);
      if (!colour) continue;
      if (outline) {
        const edge =
          i === 0 || j === 0 || i === width - 1 || j === height - 1 ||
          values[at - su] !== value || values[at + su] !== value || values[at - sv] !== value || values[at + sv] !== value;
        if (!edge) continue;
      }
      rgba.set(colour, 4 * (i + j * width));
    }
  }
  return { rgba, width, height };
}

/** Canvas transform [a, b, c, d, e, f] taking slice pixel (u, v) (voxel centres at integers) to screen pixels. */
export function sliceToScreen(volume: Pick<VolumeInfo, 'dims' | 'spacing' | 'origin' | 'direction'>, frame: SliceFrame, camera: SliceCamera, width: number, height: number, slice: number): [number, number, number, number, number, number] {
  const [u, v] = inPlane(frame.axis);
  const at = (du: number, dv: number) => {
    const index: Vec3 = [0, 0, 0];
    index[frame.axis] = slice;
    index[u] = du;
    index[v] = dv;
    return worldToScreen(camera, frame, width, height, indexToWorld(volume, index));
  };
  const [o, pu, pv] = [at(0, 0), at(1, 0), at(0, 1)];
  return [pu[0] - o[0], pu[1] - o[1], pv[0] - o[0], pv[1] - o[1], o[0], o[1]];
}

/** A lookup from label value to colour for the visible segments at `opacity`. */
export function segmentPaint(segments: readonly { value: number; color: readonly [number, number, number]; visible: boolean }[], opacity: number): Paint {
  const table = new Map(segments.filter((segment) => segment.visible).map((segment) => [segment.value, [...segment.color, Math.round(opacity * 255)] as const]));
  return (value) => (value ? table.get(value) : undefined);
}

/** Voxels whose value lies in [lo, hi], in one colour: the threshold tool's live preview. */
export function rangePaint([lo, hi]: readonly [number, number], colour: readonly [number, number, number], opacity: number): Paint {
  const rgba = [...colour, Math.round(opacity * 255)] as const;
  return (value) => (value >= lo && value <= hi ? rgba : undefined);
}
